//! Arbitrary text as `site.yaml`: the site settings parsed (kinds, relations, checks).
//!
//! Fails on: a panic; a diagnostic placed outside the file.
#![no_main]

use std::path::Path;

use carebook::config;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("site.yaml");
    if let Err(diagnostics) = config::parse(text, path) {
        for d in &diagnostics {
            common::assert_inside(&d.span, path, text);
        }
    }
});
