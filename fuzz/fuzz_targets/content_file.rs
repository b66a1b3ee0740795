//! Arbitrary bytes as one content file (`content/conditions/fuzz.md`) of a small site,
//! through the real pipeline ([`carebook::pipeline::in_memory`]): load -> resolve ->
//! content checks -> render every page.
//!
//! Fails on: a panic anywhere; a diagnostic whose line:column is not inside the file; a
//! site that loads without errors but whose pages do not render.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use carebook::content::Source;
use carebook::{content, pipeline, render};
use libfuzzer_sys::fuzz_target;

mod common;

const FUZZ_FILE: &str = "content/conditions/fuzz.md";

fn theme() -> &'static Arc<render::Theme> {
    static THEME: OnceLock<Arc<render::Theme>> = OnceLock::new();
    THEME.get_or_init(|| {
        let theme =
            render::Theme::load(Path::new("/nonexistent-carebook-site"), &common::site_config())
                .unwrap_or_else(|_| panic!("the default theme loads"));
        Arc::new(theme)
    })
}

fuzz_target!(|data: &[u8]| {
    let config = common::site_config();
    let mut sources: Vec<Source> = common::SITE
        .iter()
        .map(|(path, text)| common::source(path, text.as_bytes().to_vec(), &config))
        .collect();
    sources.push(common::source(FUZZ_FILE, data.to_vec(), &config));
    let loaded = content::load_sources(config, &sources, false);
    let today = jiff::civil::date(2026, 11, 27);
    let (diagnostics, unrendered) = pipeline::in_memory(loaded, today, theme());

    // Every place named in the fuzzed file is inside it.
    let text = String::from_utf8_lossy(data);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for d in &diagnostics {
        common::assert_inside(&d.span, Path::new(FUZZ_FILE), text);
    }
    if !unrendered.is_empty() {
        panic!("a site without errors must render: {unrendered:?}");
    }
});
