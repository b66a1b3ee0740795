//! Arbitrary bytes as one content file (`content/conditions/fuzz.md`) of a small site,
//! through the real pipeline: load -> resolve -> content checks -> render every page.
//!
//! Fails on: a panic anywhere; a diagnostic whose line:column is not inside the file; a
//! site that loads without errors but whose pages do not render.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use carebook::content::Source;
use carebook::{checks, content, graph, render};
use libfuzzer_sys::fuzz_target;

mod common;

const FUZZ_FILE: &str = "content/conditions/fuzz.md";

fn theme() -> &'static render::Theme {
    static THEME: OnceLock<render::Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        render::Theme::load(Path::new("/nonexistent-carebook-site"), &common::site_config())
            .unwrap_or_else(|_| panic!("the default theme loads"))
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
    let site = graph::resolve(loaded);
    let today = jiff::civil::date(2026, 11, 27);
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(checks::run(&site, today));

    // Every place named in the fuzzed file is inside it.
    let text = String::from_utf8_lossy(data);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for d in &diagnostics {
        common::assert_inside(&d.span, Path::new(FUZZ_FILE), text);
    }

    if site.diagnostics.iter().any(|d| d.is_error()) {
        return;
    }
    let renderer = render::Renderer::new(&site, theme());
    for job in render::page_jobs(&site) {
        if let Err(d) = renderer.render(&job) {
            panic!("a site without errors must render: {d:?}");
        }
    }
    let _ = render::sitemap(&site, &render::page_jobs(&site));
});
