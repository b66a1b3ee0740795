//! Arbitrary text as a content file's start: the front matter split from the body and
//! parsed (`---`, YAML, typed fields, relations with their places).
//!
//! Fails on: a panic; a diagnostic, key or reference placed outside the file.
#![no_main]

use std::path::Path;

use carebook::frontmatter;
use libfuzzer_sys::fuzz_target;

mod common;

const PATH: &str = "content/conditions/fuzz.md";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(PATH);
    let parsed = frontmatter::split(text, path).and_then(|split| {
        assert!(split.yaml_start <= split.yaml_end && split.yaml_end <= split.body_start);
        assert!(text.get(split.body_start..).is_some(), "{split:?}");
        frontmatter::parse(text, split, path)
    });
    match parsed {
        Err(d) => common::assert_inside(&d.span, path, text),
        Ok(fm) => {
            for field in &fm.relations {
                common::assert_inside(&field.key_span, path, text);
                for r in &field.references {
                    assert!(text.get(r.offset..r.offset + r.len).is_some(), "{r:?}");
                }
            }
        }
    }
});
