//! What the targets share: a small site for links to find, and the check that every
//! diagnostic is placed inside the text it names.
#![allow(dead_code)] // each target uses what it needs

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use carebook::content::Source;
use carebook::diagnostic::Span;
use carebook::{config, content, graph};

/// The rest of the site, so that links and relations have something to find.
pub const SITE: &[(&str, &str)] = &[
    ("content/_index.md", "Start with [[deep-tissue]].\n"),
    (
        "content/techniques/deep-tissue.md",
        "---\ntitle: Deep tissue\nsummary: Slow, firm pressure.\nsafety: [not-a-diagnosis]\naliases: [firm massage]\n---\n## What happens\n\nText.\n",
    ),
    (
        "content/safety/not-a-diagnosis.md",
        "---\ntitle: Not a diagnosis\nsummary: See a doctor.\nseverity: info\n---\nText.\n",
    ),
    (
        "content/benefits/range-of-motion.md",
        "---\ntitle: Range of motion\nsummary: Moving further.\n---\n## Why\n\nText.\n",
    ),
    (
        "content/conditions/épaule-gelée.md",
        "---\ntitle: Épaule gelée\nsummary: A stiff shoulder.\n---\n## Qué es\n\nText.\n",
    ),
];

/// Files of the site's `static/` folder, names that need escaping among them.
pub const STATIC: &[&str] = &[
    "diagram.png",
    "a b.png",
    "100%.pdf",
    "é#1?.png",
    "img/x.svg",
];

pub fn site_config() -> config::Config {
    config::parse("title: Fuzz clinic\n", Path::new("site.yaml"))
        .unwrap_or_else(|_| panic!("site.yaml parses"))
}

pub fn source(path: &str, bytes: Vec<u8>, config: &config::Config) -> Source {
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

/// [`SITE`] with [`STATIC`], loaded and resolved once.
pub fn small_site() -> &'static graph::Site {
    static SMALL: OnceLock<graph::Site> = OnceLock::new();
    SMALL.get_or_init(|| {
        let config = site_config();
        let sources: Vec<Source> = SITE
            .iter()
            .map(|(path, text)| source(path, text.as_bytes().to_vec(), &config))
            .collect();
        let mut loaded = content::load_sources(config, &sources, false);
        loaded.static_files = STATIC
            .iter()
            .map(|s| (s.to_string(), s.into()))
            .collect();
        // The pictures among them, known (not on disk, so with no size).
        loaded.images =
            content::images::collect(Path::new("static"), &loaded.static_files, Vec::new()).0;
        let site = graph::resolve(loaded);
        assert!(site.diagnostics.is_empty(), "{:?}", site.diagnostics);
        site
    })
}

/// `span`, if it names `path`, is on a line of `text` and at a column inside that line.
#[track_caller]
pub fn assert_inside(span: &Span, path: &Path, text: &str) {
    if span.path != path {
        return;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let line = lines
        .get(span.line.wrapping_sub(1))
        .unwrap_or_else(|| panic!("line {} of {} lines: {span:?}", span.line, lines.len()));
    assert!(span.column >= 1, "{span:?}");
    assert!(
        span.column <= line.chars().count() + 1,
        "column {} of a line of {} characters: {span:?}",
        span.column,
        line.chars().count()
    );
}
