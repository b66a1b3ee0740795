//! Arbitrary text as a Markdown body, scanned for links as the load stage scans every
//! body (`[[slug]]`, `[[kind/slug#heading|text]]`, Markdown links and references), each
//! link then resolved against a small site.
//!
//! Fails on: a panic; a link whose place is not a range of the body; a diagnostic placed
//! outside the body.
#![no_main]

use std::path::Path;

use carebook::{graph, markdown};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let site = common::small_site();
    let scan = markdown::scan(body);
    for link in &scan.links {
        assert!(
            body.get(link.start..link.start + link.len).is_some(),
            "{link:?} is not a range of the body"
        );
        if let Err(Some(d)) = graph::resolve_destination(
            site,
            Path::new("content/conditions"),
            &link.dest,
            link.style,
        ) {
            common::assert_inside(&d.span, Path::new("link"), &link.dest);
        }
    }
});
