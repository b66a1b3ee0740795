//! Arbitrary text as one link destination (`[x](TEXT)`, `![x](TEXT)`), resolved against a
//! small site as a body's links are: schemes, anchors, `..`, percent escapes, static files.
//!
//! Fails on: a panic; a diagnostic placed outside the destination.
#![no_main]

use std::path::Path;

use carebook::graph;
use carebook::markdown::LinkStyle;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(dest) = std::str::from_utf8(data) else {
        return;
    };
    let site = common::small_site();
    for style in [LinkStyle::Markdown, LinkStyle::Image] {
        for folder in ["content/conditions", "content"] {
            if let Err(Some(d)) = graph::resolve_destination(site, Path::new(folder), dest, style) {
                common::assert_inside(&d.span, Path::new("link"), dest);
            }
        }
    }
});
