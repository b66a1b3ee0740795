//! `site.yaml` -> [`Config`]: site settings and the content model (kinds and relations).
//!
//! Guarantees: every kind has a unique name and folder; every relation points at a kind that
//! exists (or at any kind, for a handout's `entries`) and its key does not shadow a built-in
//! front-matter key; the five built-in kinds are always present, keep their relations and
//! gain those that `site.yaml` adds. Problems come back as diagnostics with spans in
//! `site.yaml`. Runs first: nothing else reads `site.yaml`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span, did_you_mean};

/// Front-matter keys with a fixed meaning; a relation may not use one of these names.
pub const FIXED_KEYS: &[&str] = &[
    "title",
    "summary",
    "aliases",
    "tags",
    "reviewed",
    "reviewed_by",
    "review_every_months",
    "audience",
    "severity",
    "sources",
    "draft",
    "subtitle",
    "author",
    "course",
    "date",
];

/// Index of a kind in [`Config::kinds`].
pub type KindId = usize;

/// What a relation may point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Kind(KindId),
    /// A handout's `entries`: any kind, in the order written.
    Any,
}

/// A relation declared once, from one kind to another; its inverse is computed.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The front-matter key on the source kind, e.g. `techniques`.
    pub key: String,
    pub target: Target,
    /// Heading of the computed inverse list on the target's page, e.g. "Used for".
    /// `None`: the inverse is not shown (a handout's entries).
    pub inverse: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Kind {
    pub name: String,
    pub folder: String,
    /// What one entry of the kind is called in messages: "safety note", "exercise".
    pub label: String,
    /// Heading of the kind's A–Z page and its navigation label, e.g. "Conditions".
    pub title: String,
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the published site, with a trailing slash; empty when not set.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub review_every_months: u32,
    pub raw_html: bool,
    pub kinds: Vec<Kind>,
    pub checks: Checks,
    /// Paper for printed handouts and PDFs.
    pub paper: Paper,
    pub search: Search,
}

/// Paper size for print (`paper:` in site.yaml): A4 by default, letter for US clinics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// The CSS `@page { size: … }` value.
    pub fn css_size(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

/// Search settings (`search:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Search {
    /// Words a patient may type, each with the words it should also find:
    /// `car crash: [whiplash]`.
    pub synonyms: BTreeMap<String, Vec<String>>,
}

/// Settings of the content checks (`checks:` in site.yaml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Checks {
    /// A review falling due within this many days is a warning.
    pub due_within_days: u32,
    /// Highest Flesch–Kincaid grade for each audience.
    pub reading_grade: ReadingGrades,
    /// Words and phrases a patient page may not use without a source.
    pub claims: Vec<String>,
    /// Extra words that a technique page may not use (it is not a diagnosis).
    pub technique_claims: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReadingGrades {
    pub patient: f64,
    pub trainee: f64,
    pub clinician: f64,
}

impl Default for ReadingGrades {
    fn default() -> Self {
        // Patient: US NIH/CDC guidance (grade 8; the UK asks for a reading age of 9–11).
        ReadingGrades {
            patient: 8.0,
            trainee: 12.0,
            clinician: 16.0,
        }
    }
}

impl Default for Checks {
    fn default() -> Self {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        Checks {
            due_within_days: 30,
            reading_grade: ReadingGrades::default(),
            claims: words(&[
                "cure",
                "cures",
                "cured",
                "guaranteed",
                "guarantee",
                "detox",
                "detoxify",
                "removes toxins",
                "flushes toxins",
                "miracle",
                "100% safe",
            ]),
            technique_claims: words(&["diagnose", "diagnoses", "diagnosing"]),
        }
    }
}

impl Config {
    pub fn kind_named(&self, name: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.name == name)
    }

    /// A kind by its name or by its folder (`technique` or `techniques`).
    pub fn kind_by_name_or_folder(&self, word: &str) -> Option<KindId> {
        self.kinds
            .iter()
            .position(|k| k.name == word || k.folder == word)
    }

    pub fn kind_by_folder(&self, folder: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.folder == folder)
    }

    pub fn is_kind(&self, id: KindId, name: &str) -> bool {
        self.kinds[id].name == name
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_review_months")]
    review_every_months: u32,
    #[serde(default)]
    markdown: MarkdownSettings,
    #[serde(default)]
    kinds: BTreeMap<String, KindDecl>,
    #[serde(default)]
    checks: Checks,
    #[serde(default)]
    paper: Paper,
    #[serde(default)]
    search: Search,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownSettings {
    #[serde(default = "yes")]
    raw_html: bool,
}

impl Default for MarkdownSettings {
    fn default() -> Self {
        MarkdownSettings { raw_html: true }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindDecl {
    folder: Option<String>,
    title: Option<String>,
    #[serde(default)]
    relations: BTreeMap<String, RelationDecl>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationDecl {
    to: String,
    inverse: Option<String>,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_review_months() -> u32 {
    12
}
fn yes() -> bool {
    true
}

/// The kinds every site has, with DESIGN.md's relations and inverse labels.
fn builtin_kinds() -> Vec<Kind> {
    let kind = |name: &str, title: &str, relations: Vec<Relation>| Kind {
        name: name.into(),
        folder: format!("{name}s"),
        label: name.into(),
        title: title.into(),
        relations,
    };
    let rel = |key: &str, target: KindId, inverse: &str| Relation {
        key: key.into(),
        target: Target::Kind(target),
        inverse: Some(inverse.into()),
    };
    // Indices below follow this order: condition 0, technique 1, benefit 2, safety 3, handout 4.
    let mut safety = kind("safety", "Safety notes", vec![]);
    safety.folder = "safety".into();
    safety.label = "safety note".into();
    vec![
        kind(
            "condition",
            "Conditions",
            vec![
                rel("techniques", 1, "Used for"),
                rel("benefits", 2, "Helps with"),
                rel("safety", 3, "Applies to"),
            ],
        ),
        kind(
            "technique",
            "Techniques",
            vec![
                rel("benefits", 2, "Delivered by"),
                rel("safety", 3, "Applies to"),
            ],
        ),
        kind("benefit", "Benefits", vec![]),
        safety,
        kind(
            "handout",
            "Handouts",
            vec![Relation {
                key: "entries".into(),
                target: Target::Any,
                inverse: None,
            }],
        ),
    ]
}

/// Reads `site.yaml` at `path`. `Err` holds diagnostics located in that file.
pub fn load(path: &Path, display: &Path) -> Result<Config, Vec<Diagnostic>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            return Err(vec![
                Diagnostic::error(
                    Span::file(display),
                    format!("cannot read site settings: {err}"),
                )
                .with_help("every site folder needs a site.yaml with at least `title: Your clinic`; `carebook build --root DIR` points at another folder"),
            ]);
        }
    };
    parse(&text, display)
}

/// Parses the text of `site.yaml`; `display` is the path shown in diagnostics.
pub fn parse(text: &str, display: &Path) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: SiteFile = serde_yaml::from_str(text).map_err(|err| {
        vec![crate::content::frontmatter::yaml_error(
            &err,
            text,
            display,
            &[
                "title",
                "description",
                "base_url",
                "language",
                "theme",
                "review_every_months",
                "markdown",
                "kinds",
                "folder",
                "relations",
                "to",
                "inverse",
                "raw_html",
                "checks",
                "due_within_days",
                "reading_grade",
                "claims",
                "technique_claims",
                "patient",
                "trainee",
                "clinician",
                "paper",
                "search",
                "synonyms",
            ],
        )]
    })?;
    let locate = |needle: &str| {
        let offset = text.find(needle).unwrap_or(0);
        Span::at(display, text, offset, needle.len())
    };
    let mut diagnostics = Vec::new();
    let mut kinds = builtin_kinds();

    // First every new kind, so relations may point at kinds declared after them.
    for (name, decl) in &file.kinds {
        if kinds.iter().any(|k| &k.name == name) {
            if decl.folder.is_some() || decl.title.is_some() {
                diagnostics.push(
                    Diagnostic::error(
                        locate(&format!("{name}:")),
                        format!("`{name}` is a built-in kind: its folder and title are fixed"),
                    )
                    .with_help("a built-in kind may only gain `relations:`; remove `folder:` and `title:` here"),
                );
            }
            continue;
        }
        if !is_identifier(name) {
            diagnostics.push(
                Diagnostic::error(locate(name), format!("`{name}` is not a usable kind name"))
                    .with_help("use lower-case letters, digits, `-` or `_`, e.g. `exercise`"),
            );
            continue;
        }
        let folder = decl.folder.clone().unwrap_or_else(|| format!("{name}s"));
        if !is_identifier(&folder) || kinds.iter().any(|k| k.folder == folder) {
            diagnostics.push(
                Diagnostic::error(
                    locate(&folder),
                    format!("the folder `{folder}` of kind `{name}` is not usable or is taken"),
                )
                .with_help(
                    "give each kind its own folder name of lower-case letters, digits, `-` or `_`",
                ),
            );
            continue;
        }
        let title = decl.title.clone().unwrap_or_else(|| capitalize(&folder));
        kinds.push(Kind {
            name: name.clone(),
            label: name.clone(),
            folder,
            title,
            relations: vec![],
        });
    }
    for (name, decl) in &file.kinds {
        let Some(source) = kinds.iter().position(|k| &k.name == name) else {
            continue;
        };
        for (key, rel) in &decl.relations {
            let key_span = locate(&format!("{key}:"));
            if FIXED_KEYS.contains(&key.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        key_span,
                        format!("`{key}` is a fixed front-matter key and cannot name a relation"),
                    )
                    .with_help("choose another name for this relation"),
                );
                continue;
            }
            if kinds[source].relations.iter().any(|r| &r.key == key) {
                if !is_builtin(name) {
                    diagnostics.push(Diagnostic::error(
                        key_span,
                        format!("kind `{name}` already has a relation `{key}`"),
                    ));
                }
                // Built-in relations keep their definition.
                continue;
            }
            let Some(target) = kinds.iter().position(|k| k.name == rel.to) else {
                let names: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
                let mut d = Diagnostic::error(
                    locate(&format!("to: {}", rel.to)),
                    format!(
                        "relation `{key}` points at `{}`, which is not a kind",
                        rel.to
                    ),
                );
                d = match did_you_mean(&rel.to, names.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("known kinds: {}", names.join(", "))),
                };
                diagnostics.push(d);
                continue;
            };
            let inverse = rel
                .inverse
                .clone()
                .unwrap_or_else(|| kinds[source].title.clone());
            kinds[source].relations.push(Relation {
                key: key.clone(),
                target: Target::Kind(target),
                inverse: Some(inverse),
            });
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut base_url = file.base_url.trim().to_string();
    if !base_url.is_empty() && !base_url.ends_with('/') {
        base_url.push('/');
    }
    Ok(Config {
        title: file.title,
        description: file.description,
        base_url,
        language: file.language,
        theme: file.theme,
        review_every_months: file.review_every_months,
        raw_html: file.markdown.raw_html,
        kinds,
        checks: file.checks,
        paper: file.paper,
        search: file.search,
    })
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "condition" | "technique" | "benefit" | "safety" | "handout"
    )
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        parse(text, Path::new("site.yaml")).unwrap_or_else(|d| panic!("{d:?}"))
    }

    #[test]
    fn builtin_kinds_are_always_present() {
        let config = parse_ok("title: Clinic\n");
        let names: Vec<&str> = config.kinds.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            ["condition", "technique", "benefit", "safety", "handout"]
        );
        assert_eq!(config.kinds[3].folder, "safety");
        assert_eq!(config.language, "en");
    }

    #[test]
    fn design_example_adds_a_kind_and_a_relation() {
        let config = parse_ok(
            "title: Course\nkinds:\n  exercise:\n    folder: exercises\n    title: Exercises\n    relations:\n      safety: {to: safety}\n  condition:\n    relations:\n      exercises: {to: exercise, inverse: \"Recommended for\"}\n",
        );
        let exercise = config.kind_named("exercise").unwrap();
        assert_eq!(config.kinds[exercise].relations[0].key, "safety");
        let condition = &config.kinds[0];
        let added = condition.relations.last().unwrap();
        assert_eq!(added.key, "exercises");
        assert_eq!(added.target, Target::Kind(exercise));
        assert_eq!(added.inverse.as_deref(), Some("Recommended for"));
        assert_eq!(condition.relations.len(), 4);
    }

    #[test]
    fn relation_to_unknown_kind_suggests_the_nearest() {
        let err = parse(
            "title: C\nkinds:\n  condition:\n    relations:\n      exercises: {to: excercise}\n  exercise: {}\n",
            Path::new("site.yaml"),
        )
        .unwrap_err();
        assert_eq!(err[0].span.line, 5);
        assert_eq!(err[0].help.as_deref(), Some("did you mean `exercise`?"));
    }

    #[test]
    fn unknown_setting_is_an_error_with_a_place() {
        let err = parse("title: C\nlangauge: fr\n", Path::new("site.yaml")).unwrap_err();
        assert_eq!((err[0].span.line, err[0].span.column), (2, 1));
        assert_eq!(err[0].help.as_deref(), Some("did you mean `language`?"));
    }
}
