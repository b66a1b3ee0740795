//! Arbitrary bytes as one content file (`content/conditions/fuzz.md`) of a small site,
//! through the real pipeline: load -> resolve -> content checks -> render every page.
//!
//! Fails on: a panic anywhere; a diagnostic whose line:column is not inside the file; a
//! site that loads without errors but whose pages do not render.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use carebook::content::Source;
use carebook::{checks, config, content, graph, render};
use libfuzzer_sys::fuzz_target;

/// The rest of the site, so that links and relations have something to find.
const SITE: &[(&str, &str)] = &[
    ("content/_index.md", "Start with [[deep-tissue]].\n"),
    (
        "content/techniques/deep-tissue.md",
        "---\ntitle: Deep tissue\nsummary: Slow, firm pressure.\nsafety: [not-a-diagnosis]\n---\n## What happens\n\nText.\n",
    ),
    (
        "content/safety/not-a-diagnosis.md",
        "---\ntitle: Not a diagnosis\nsummary: See a doctor.\nseverity: info\n---\nText.\n",
    ),
    (
        "content/benefits/range-of-motion.md",
        "---\ntitle: Range of motion\nsummary: Moving further.\n---\n## Why\n\nText.\n",
    ),
];

const FUZZ_FILE: &str = "content/conditions/fuzz.md";

fn theme() -> &'static render::Theme {
    static THEME: OnceLock<render::Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        render::Theme::load(Path::new("/nonexistent-carebook-site"), "default")
            .unwrap_or_else(|_| panic!("the default theme loads"))
    })
}

fn source(path: &str, bytes: Vec<u8>, config: &config::Config) -> Source {
    let path = PathBuf::from(path);
    let kind = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|folder| config.kind_by_folder(&folder.to_string_lossy()));
    Source {
        display: path,
        kind,
        bytes,
    }
}

fuzz_target!(|data: &[u8]| {
    let config = config::parse("title: Fuzz clinic\n", Path::new("site.yaml"))
        .unwrap_or_else(|_| panic!("site.yaml parses"));
    let mut sources: Vec<Source> = SITE
        .iter()
        .map(|(path, text)| source(path, text.as_bytes().to_vec(), &config))
        .collect();
    sources.push(source(FUZZ_FILE, data.to_vec(), &config));
    let loaded = content::load_sources(config, &sources, false);
    let site = graph::resolve(loaded);
    let today = jiff::civil::date(2026, 11, 27);
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(checks::run(&site, today));

    // Every place named in the fuzzed file is inside it.
    let text = String::from_utf8_lossy(data);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<&str> = text.split('\n').collect();
    for d in &diagnostics {
        if d.span.path != Path::new(FUZZ_FILE) {
            continue;
        }
        let line = lines
            .get(d.span.line.wrapping_sub(1))
            .unwrap_or_else(|| panic!("line {} of {} lines: {d:?}", d.span.line, lines.len()));
        assert!(d.span.column >= 1, "{d:?}");
        assert!(
            d.span.column <= line.chars().count() + 1,
            "column {} of a line of {} characters: {d:?}",
            d.span.column,
            line.chars().count()
        );
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
