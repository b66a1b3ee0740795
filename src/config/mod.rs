//! `site.yaml` -> [`Config`]: site settings and the content model (kinds and relations).
//!
//! Guarantees: every kind has a unique name and folder (ignoring case), none of them a
//! folder carebook writes itself ([`RESERVED_FOLDERS`]); every relation points at a kind that
//! exists (or at any kind, for a handout's `entries`) and its key does not shadow a built-in
//! front-matter key; the six built-in kinds are always present, keep their relations and
//! gain those that `site.yaml` adds; `base_url` is empty or an absolute `http(s)://` address
//! with a host, ending in `/`; `theme` is a folder name (and, from [`load`], a folder inside
//! the site's `themes/`, named as it is stored there); `brand`, when its colour is set,
//! holds shades of it with which every text of the theme passes WCAG AA in light and dark
//! mode ([`crate::brand`]); the logo, favicon, extra stylesheet, disclaimer and contact
//! are checked as [`clinic`] says; the claim lists of `checks:` are keyed only by the
//! site's languages ([`claims`]). A setting written twice is an
//! error, never merged. Problems come back as diagnostics labelled "site settings", at the
//! place the YAML parser found the setting. Runs first.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::frontmatter::{Places, duplicate_error, yaml_error};
use crate::spans::Spans;
use crate::yaml_tree;

mod claims;
mod clinic;
mod kinds;
pub mod language;
mod languages;
pub mod reading;
pub mod strings;

pub use claims::ClaimWords;
pub use clinic::{Clinic, Contact, DEFAULT_DISCLAIMER, ImageKind, Picture};
pub use kinds::{BuiltinKind, Kind, KindId, Relation, Target};
pub use languages::{DEFAULT_LANGUAGE, LangId, Language, Reading, tag_of};

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the published site, with a trailing slash; empty when not set.
    pub base_url: String,
    /// The site's languages: `[0]` is the default (`language:`), then those of
    /// `languages:`, which translations are written in ([`languages`]).
    pub languages: Vec<Language>,
    /// Where `language:`'s value is written (the start of the file when it is not).
    pub language_span: Span,
    /// The theme's folder in `themes/`, named as it is stored (see [`checked_theme`]).
    pub theme: String,
    /// Where `theme:`'s value is written in site.yaml, as the YAML parser found it (the
    /// start of the file when it is not written): for a later problem with the theme.
    pub theme_span: Span,
    pub review_every_months: u32,
    pub raw_html: bool,
    pub kinds: Vec<Kind>,
    pub checks: Checks,
    /// Paper for printed handouts and PDFs.
    pub paper: Paper,
    pub search: Search,
    /// The clinic's accent colour (`brand: colour:`) and the shades the theme takes from
    /// it, checked for contrast in light and dark mode; `None`: the theme's own colours.
    pub brand: Option<crate::brand::Shades>,
    /// The logo, favicon, extra stylesheet, disclaimer and contact ([`clinic`]).
    pub clinic: Clinic,
    /// The interface texts the site changes, by language (`strings:`, [`strings`]).
    pub strings: strings::SiteStrings,
}

/// `brand:` in site.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandFile {
    /// The accent colour, `#rrggbb` or `#rgb`.
    colour: Option<String>,
    /// A picture in `static/` for the header and handout covers.
    logo: Option<String>,
    /// A picture in `static/` for the browser's tab.
    favicon: Option<String>,
}

/// Paper size for print (`paper:` in site.yaml): A4 by default, letter for US clinics.
/// Written in any case (`A4`, `a4`, `Letter`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl<'de> Deserialize<'de> for Paper {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::frontmatter::word(d, &[("A4", Paper::A4), ("letter", Paper::Letter)])
    }
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
    /// Most words in one sentence for each audience (`hard-sentence`).
    pub sentence_words: SentenceWords,
    /// Most words in one paragraph or list item for each audience (`long-paragraph`).
    pub paragraph_words: ParagraphWords,
    /// Words with a plainer alternative (`plain-words`): which audiences are checked, and
    /// what the site adds to or allows of carebook's list.
    pub plain_words: PlainWords,
    /// Words and phrases a patient page may not use without a source: the site's, in
    /// place of carebook's list for a language ([`claims`]).
    pub claims: ClaimWords,
    /// Extra words that a technique page may not use (it is not a diagnosis), in place of
    /// carebook's list for a language.
    pub technique_claims: ClaimWords,
    /// Claims no source makes acceptable on a patient page (`never-claim`), added to
    /// carebook's list for a language (src/checks/claims/).
    pub never_claims: ClaimWords,
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

/// Declares a setting of a whole number of words for each audience, with its defaults.
macro_rules! word_limits {
    ($(#[$doc:meta])* $name:ident: $patient:expr, $trainee:expr, $clinician:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $name {
            pub patient: u32,
            pub trainee: u32,
            pub clinician: u32,
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    patient: $patient,
                    trainee: $trainee,
                    clinician: $clinician,
                }
            }
        }
    };
}

word_limits! {
    /// The longest sentence each audience is asked to read. Patient: 25 words, the
    /// upper end of plain-language guidance (most advise 15 to 20 on average).
    SentenceWords: 25, 35, 50
}

word_limits! {
    /// The longest paragraph (or list item) each audience is asked to read at once.
    ParagraphWords: 80, 150, 250
}

/// `checks.plain_words` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlainWords {
    /// The audiences whose pages are checked; by default patient pages only (a clinician
    /// page may say "analgesia").
    pub audiences: Vec<crate::frontmatter::Audience>,
    /// More words, each with what to write instead: `physio: physiotherapist`.
    pub add: BTreeMap<String, String>,
    /// Words of carebook's list that this site's readers know: never reported.
    pub allow: Vec<String>,
}

impl Default for PlainWords {
    fn default() -> Self {
        PlainWords {
            audiences: vec![crate::frontmatter::Audience::Patient],
            add: BTreeMap::new(),
            allow: Vec::new(),
        }
    }
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            due_within_days: 30,
            reading_grade: ReadingGrades::default(),
            sentence_words: SentenceWords::default(),
            paragraph_words: ParagraphWords::default(),
            plain_words: PlainWords::default(),
            claims: ClaimWords::Shipped,
            technique_claims: ClaimWords::Shipped,
            never_claims: ClaimWords::Shipped,
        }
    }
}

impl Config {
    /// The built-in kind `kind`: every site has the six, always at these ids.
    pub fn builtin(&self, kind: BuiltinKind) -> KindId {
        kind.id()
    }

    /// A kind by its name or by its folder (`technique` or `techniques`).
    pub fn kind_by_name_or_folder(&self, word: &str) -> Option<KindId> {
        self.kinds
            .iter()
            .position(|k| k.name == word || k.folder == word)
    }

    /// The site's default language tag (`language:`).
    pub fn language(&self) -> &str {
        &self.languages[DEFAULT_LANGUAGE].tag
    }

    /// The language of the translations in `tag` (`es`, as a file name writes it:
    /// `whiplash.es.md`), compared ignoring case; never the default language.
    pub fn translation_language(&self, tag: &str) -> Option<LangId> {
        self.languages
            .iter()
            .skip(1)
            .position(|l| l.tag.eq_ignore_ascii_case(tag))
            .map(|i| i + 1)
    }

    pub fn kind_by_folder(&self, folder: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.folder == folder)
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
    #[serde(default)]
    languages: BTreeMap<String, languages::LanguageDecl>,
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
    #[serde(default)]
    brand: BrandFile,
    extra_css: Option<String>,
    /// Read from the YAML tree, with places ([`strings::checked`]).
    #[allow(dead_code)]
    strings: Option<serde_yaml::Value>,
    disclaimer: Option<serde_yaml::Value>,
    contact: Option<clinic::ContactFile>,
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

/// Reads `site.yaml` at `path`. `Err` holds diagnostics located in that file. Also checks
/// that the theme it names is a folder inside the site's `themes/`.
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
    let root = path.parent().unwrap_or(Path::new("."));
    parse_in(&text, display, Some(root))
}

/// Parses the text of `site.yaml`; `display` is the path shown in diagnostics.
pub fn parse(text: &str, display: &Path) -> Result<Config, Vec<Diagnostic>> {
    parse_in(text, display, None)
}

/// The output folder of the search index (`search-index/*.js`), reserved here so that no
/// kind takes its name.
pub const SEARCH_INDEX_FOLDER: &str = "search-index";

/// Output folders carebook writes at the top of the site beside the kinds' folders, with
/// what they hold: a kind may not take one of these names (in any case).
pub const RESERVED_FOLDERS: &[(&str, &str)] = &[
    ("tags", "the tag pages"),
    (SEARCH_INDEX_FOLDER, "the search index"),
    ("vendor", "the default theme's scripts"),
];

/// [`parse`]; with `root`, also checks that the theme's folder is there.
fn parse_in(text: &str, display: &Path, root: Option<&Path>) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Where every setting is written, from the YAML parser: every place below is one of
    // its nodes, never the result of searching the text.
    let tree = yaml_tree::parse(text);
    let spans = Spans::new(display, text);
    let places = Places {
        spans: &spans,
        base: 0,
    };
    if let Some(duplicate) = tree.as_ref().and_then(yaml_tree::duplicate_key) {
        return Err(vec![duplicate_error(&duplicate, &places, "site settings")]);
    }
    let file: SiteFile = serde_yaml::from_str(text).map_err(|err| {
        vec![yaml_error(
            &err,
            text,
            display,
            "site settings",
            tree.as_ref(),
        )]
    })?;
    let empty = yaml_tree::Node {
        start: 0,
        end: 0,
        kind: yaml_tree::NodeKind::Map(Vec::new()),
    };
    let settings = Settings {
        root: tree.as_ref().unwrap_or(&empty),
        places: &places,
    };
    let mut diagnostics = Vec::new();
    let mut kinds: Vec<Kind> = BuiltinKind::ALL.map(BuiltinKind::kind).into();
    let declared = settings
        .root
        .get("kinds")
        .map_or(&[][..], yaml_tree::Node::entries);

    // First every new kind, in the order written, so relations may point at kinds
    // declared after them.
    for (name_node, decl_node) in declared {
        let Some((name, decl)) = name_node.scalar().and_then(|n| file.kinds.get_key_value(n))
        else {
            continue;
        };
        let kind_span = places.of(name_node);
        if kinds.iter().any(|k| &k.name == name) {
            for fixed in ["folder", "title"] {
                if let Some((key, _)) = decl_node.entry(fixed) {
                    diagnostics.push(
                        Diagnostic::error(
                            places.of(key),
                            format!("`{name}` is a built-in kind: its folder and title are fixed"),
                        )
                        .with_help(match fixed {
                            "title" => format!(
                                "a built-in kind may only gain `relations:`; remove `title:` here, and rename it in each language with `strings:` (`kind_{name}: …`)"
                            ),
                            _ => format!(
                                "a built-in kind may only gain `relations:`; remove `{fixed}:` here"
                            ),
                        }),
                    );
                }
            }
            continue;
        }
        if !is_identifier(name) {
            diagnostics.push(
                Diagnostic::error(kind_span, format!("`{name}` is not a usable kind name"))
                    .with_help("use lower-case letters, digits, `-` or `_`, e.g. `exercise`"),
            );
            continue;
        }
        let folder = decl.folder.clone().unwrap_or_else(|| format!("{name}s"));
        let folder_span = decl_node
            .get("folder")
            .map_or_else(|| kind_span.clone(), |v| places.of(v));
        if let Some(problem) = folder_problem(name, &folder, &kinds, declared, &places) {
            diagnostics.push(Diagnostic::error(folder_span, problem.0).with_help(problem.1));
            continue;
        }
        let title = decl.title.clone().unwrap_or_else(|| capitalize(&folder));
        kinds.push(Kind {
            name: name.clone(),
            label: name.clone(),
            folder,
            title,
            relations: vec![],
            builtin: None,
        });
    }
    for (name_node, decl_node) in declared {
        let Some((name, decl)) = name_node.scalar().and_then(|n| file.kinds.get_key_value(n))
        else {
            continue;
        };
        let Some(source) = kinds.iter().position(|k| &k.name == name) else {
            continue;
        };
        let written = decl_node
            .get("relations")
            .map_or(&[][..], yaml_tree::Node::entries);
        for (key_node, rel_node) in written {
            let Some((key, rel)) = key_node
                .scalar()
                .and_then(|k| decl.relations.get_key_value(k))
            else {
                continue;
            };
            let key_span = places.of(key_node);
            let to_pages = kinds.iter().any(|k| k.name == rel.to && k.is_plain_pages());
            if kinds[source].is_plain_pages() || to_pages {
                let at = if to_pages {
                    rel_node.get("to").map_or(key_span, |v| places.of(v))
                } else {
                    key_span
                };
                diagnostics.push(
                    Diagnostic::error(at, "plain pages (`content/pages/`) have no relations")
                        .with_help("link to a plain page from the text instead, e.g. `[[contact]]`; remove this relation"),
                );
                continue;
            }
            if crate::frontmatter::field(key).is_some() {
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
                if kinds[source].builtin.is_none() {
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
                let to_span = rel_node.get("to").map_or(key_span, |v| places.of(v));
                let mut d = Diagnostic::error(
                    to_span,
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
    // Text that YAML reads as nothing (`~`, `null`, empty) is not set: the default, or for
    // the required title, an error at the value.
    let text_setting = |key: &str, value: String| -> Option<String> {
        (!settings.root.get(key).is_some_and(yaml_tree::Node::is_null)).then_some(value)
    };
    let title = text_setting("title", file.title).filter(|t| !t.trim().is_empty());
    if title.is_none() {
        diagnostics.push(
            Diagnostic::error(settings.value_span("title"), "`title` is empty").with_help(
                "write the site's name after `title:`, e.g. `title: Riverside Remedial Massage`",
            ),
        );
    }
    let base_url = text_setting("base_url", file.base_url).unwrap_or_default();
    let base_url = match checked_base_url(&base_url) {
        Ok(url) => url,
        Err((message, help)) => {
            diagnostics
                .push(Diagnostic::error(settings.value_span("base_url"), message).with_help(help));
            String::new()
        }
    };
    let written_theme = text_setting("theme", file.theme).unwrap_or_else(default_theme);
    let theme_span = settings.value_span("theme");
    let theme = match checked_theme(&written_theme, root) {
        Ok(folder) => folder,
        Err((message, help)) => {
            diagnostics.push(Diagnostic::error(theme_span.clone(), message).with_help(help));
            written_theme
        }
    };
    let brand = match checked_brand(&file.brand, &settings) {
        Ok(shades) => shades,
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let written = clinic::Written {
        logo: file.brand.logo.as_deref(),
        favicon: file.brand.favicon.as_deref(),
        extra_css: file.extra_css.as_deref(),
        disclaimer: file.disclaimer.as_ref(),
        contact: file.contact.as_ref(),
    };
    let clinic = clinic::checked(&written, &settings, root).unwrap_or_else(|found| {
        diagnostics.extend(found);
        Clinic::default()
    });
    let written_language = text_setting("language", file.language).unwrap_or_else(default_language);
    let language_span = settings.value_span("language");
    let own_kinds: Vec<String> = kinds
        .iter()
        .filter(|k| k.builtin.is_none())
        .map(|k| k.name.clone())
        .collect();
    let strings = strings::checked(&settings, &own_kinds).unwrap_or_else(|found| {
        diagnostics.extend(found);
        strings::SiteStrings::default()
    });
    // A language's pages go in a folder named by its tag: no kind or folder of carebook's
    // may have that name.
    let mut folders: Vec<(String, String)> = kinds
        .iter()
        .filter(|k| !k.is_plain_pages())
        .map(|k| {
            (
                k.folder.clone(),
                format!("the folder of {}", k.title.to_lowercase()),
            )
        })
        .collect();
    folders.extend(
        RESERVED_FOLDERS
            .iter()
            .map(|(f, what)| (f.to_string(), what.to_string())),
    );
    let languages = languages::checked(
        &written_language,
        language_span.clone(),
        &file.languages,
        &settings,
        &folders,
    )
    .unwrap_or_else(|found| {
        diagnostics.extend(found);
        Vec::new()
    });
    // English is graded against `checks.reading_grade`.
    let grades = &file.checks.reading_grade;
    let figures = [
        ("patient", Some(grades.patient)),
        ("trainee", Some(grades.trainee)),
        ("clinician", Some(grades.clinician)),
    ];
    if let Some(node) = settings
        .root
        .get("checks")
        .and_then(|c| c.get("reading_grade"))
        && let Some(d) = reading::unusable_figure(node, figures, 8.0, &places)
    {
        diagnostics.push(d);
    }
    let mut languages = languages;
    for reading in languages.iter_mut().filter_map(|l| l.reading.as_mut()) {
        if reading.language == reading::ReadingLanguage::English {
            let grades = &file.checks.reading_grade;
            reading.targets = reading::Targets {
                patient: grades.patient,
                trainee: grades.trainee,
                clinician: grades.clinician,
            };
        }
    }
    if !languages.is_empty() {
        diagnostics.extend(claims::checked(&settings, &languages));
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Config {
        title: title.unwrap_or_default(),
        description: text_setting("description", file.description).unwrap_or_default(),
        base_url,
        languages,
        language_span,
        theme,
        theme_span,
        review_every_months: file.review_every_months,
        raw_html: file.markdown.raw_html,
        kinds,
        checks: file.checks,
        paper: file.paper,
        search: file.search,
        brand,
        clinic,
        strings,
    })
}

/// The brand's shades, when `brand: colour:` is set: an error at the colour's value when
/// it is not a colour, or when the theme's text would not stand out from it well enough
/// in light or dark mode (WCAG AA), naming the use that fails, its ratio and the nearest
/// colour that passes.
fn checked_brand(
    brand: &BrandFile,
    settings: &Settings<'_>,
) -> Result<Option<crate::brand::Shades>, Diagnostic> {
    let span = settings.nested_value_span("brand", "colour");
    let Some(written) = &brand.colour else {
        let written = settings.root.get("brand").and_then(|b| b.entry("colour"));
        return match written {
            // `colour: #5b2a86` without quotes: YAML reads the `#` as the start of a note.
            Some(_) => Err(Diagnostic::error(span, "`brand.colour` is empty").with_help(
                "write the colour in quotes, e.g. colour: \"#5b2a86\": without them YAML reads a # as the start of a note",
            )),
            None => Ok(None),
        };
    };
    let colour = crate::brand::parse_colour(written).map_err(|e| {
        Diagnostic::error(span.clone(), format!("`brand.colour`: {}", e.message)).with_help(e.help)
    })?;
    crate::brand::check_accent(colour)
        .map(Some)
        .map_err(|e| Diagnostic::error(span, e.message()).with_help(e.help()))
}

/// The parsed settings' places.
struct Settings<'a> {
    root: &'a yaml_tree::Node,
    places: &'a Places<'a>,
}

impl Settings<'_> {
    /// Where the top-level setting `key`'s value is written (its key when it has none).
    fn value_span(&self, key: &str) -> Span {
        match self.root.entry(key) {
            Some((_, v)) if v.end > v.start => self.places.of(v),
            Some((k, _)) => self.places.of(k),
            None => self.places.start(),
        }
    }

    /// Where `parent:`'s setting `key`'s value is written (the parent's when it is not).
    fn nested_value_span(&self, parent: &str, key: &str) -> Span {
        match self.root.get(parent).and_then(|p| p.entry(key)) {
            Some((_, v)) if v.end > v.start => self.places.of(v),
            Some((k, _)) => self.places.of(k),
            None => self.value_span(parent),
        }
    }
}

/// Why a new kind `name` may not have the folder `folder`: (message, help). Folders are
/// compared ignoring case, as they would collide on macOS and Windows disks.
fn folder_problem(
    name: &str,
    folder: &str,
    kinds: &[Kind],
    declared: &[(yaml_tree::Node, yaml_tree::Node)],
    places: &Places<'_>,
) -> Option<(String, String)> {
    let lower = folder.to_lowercase();
    let help = "give each kind its own folder name of lower-case letters, digits, `-` or `_`";
    if let Some((taken, what)) = RESERVED_FOLDERS.iter().find(|(f, _)| *f == lower) {
        return Some((
            format!(
                "the folder `{folder}` of kind `{name}` is where carebook writes {what} (`{taken}/`)"
            ),
            match format!("{name}s") {
                example if example != lower => format!("{help}, e.g. `folder: {example}`"),
                _ => format!("{help}, e.g. `folder: {name}-pages`"),
            },
        ));
    }
    if let Some(other) = kinds.iter().find(|k| k.folder.to_lowercase() == lower) {
        let whose = if other.builtin.is_some() {
            format!("the built-in kind `{}`", other.name)
        } else {
            // Its line, from where its name is written in `kinds:`.
            let line = declared
                .iter()
                .find(|(n, _)| n.scalar() == Some(other.name.as_str()))
                .map(|(n, _)| places.of(n).line);
            match line {
                Some(line) => format!("kind `{}` (line {line})", other.name),
                None => format!("kind `{}`", other.name),
            }
        };
        return Some((
            format!("the folder `{folder}` of kind `{name}` is already the folder of {whose}"),
            help.to_string(),
        ));
    }
    if !is_identifier(folder) {
        return Some((
            format!("the folder `{folder}` of kind `{name}` is not usable"),
            help.to_string(),
        ));
    }
    None
}

/// `base_url` as carebook writes it into pages: an absolute `https://` or `http://`
/// address with a host, ending in `/`; empty when not set. `Err`: (message, help).
fn checked_base_url(written: &str) -> Result<String, (String, String)> {
    let url = written.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    let example = "write the full address of the site's home page, starting with `https://`, e.g. `base_url: https://www.example.org/info/`";
    let scheme_end = url.find("://");
    let scheme = scheme_end.map(|i| url[..i].to_ascii_lowercase());
    let Some(rest) = scheme
        .as_deref()
        .filter(|s| *s == "https" || *s == "http")
        .and_then(|_| url.get(scheme_end? + 3..))
    else {
        let message = match scheme {
            Some(scheme) if !scheme.is_empty() && !scheme.contains(['/', ' ']) => format!(
                "`base_url` must be a web address starting with `https://` or `http://`, not `{scheme}://`"
            ),
            _ => format!(
                "`base_url` must be a whole web address starting with `https://`: `{url}` has no `https://` before it"
            ),
        };
        return Err((message, example.into()));
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let usable_host = !name.is_empty()
        && !name.starts_with(['.', '-'])
        && name.chars().all(|c| {
            c.is_alphanumeric() || c == '.' || c == '-' || (c == '[' || c == ']' || c == ':')
        });
    if !usable_host {
        return Err((
            format!("`base_url` has no usable host name after `://`: `{url}`"),
            example.into(),
        ));
    }
    if url.chars().any(|c| {
        c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>' || c == '\\'
    }) {
        return Err((
            "`base_url` may not contain spaces, quotes, `<`, `>` or `\\`".into(),
            "write spaces in the address as `%20`, or check for a stray character".into(),
        ));
    }
    if rest[host_end..].contains(['?', '#']) {
        return Err((
            "`base_url` may not have a `?` query or a `#` fragment: page addresses are added after it".into(),
            example.into(),
        ));
    }
    let scheme = scheme.unwrap_or_default();
    let mut url = format!("{scheme}://{}", &rest);
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// A theme is the name of a folder inside the site's `themes/` (checked to be there when
/// `root` is given), never a path: `..`, separators or an absolute path would publish files
/// from outside the site. The name is that of its folder however either stores accents
/// (a folder `Clínica` copied from a Mac holds `i` and an accent): `Ok` is the folder's
/// name as stored, to read it by. `Err`: (message, help).
fn checked_theme(theme: &str, root: Option<&Path>) -> Result<String, (String, String)> {
    let help = "put the theme in the site's themes/NAME/ folder and write `theme: NAME`; remove the line to use the built-in default theme";
    let is_name = !theme.is_empty()
        && !theme.starts_with('.')
        && !theme.contains(['/', '\\', ':', '\0'])
        && theme.trim() == theme;
    if !is_name {
        return Err((
            format!("`theme` must be the name of a folder inside themes/, not `{theme}`"),
            help.into(),
        ));
    }
    let Some(root) = root.filter(|_| theme != "default") else {
        return Ok(theme.to_string());
    };
    let stored = stored_name(&root.join("themes"), theme);
    let folder = root.join("themes").join(&stored);
    let inside = match (folder.canonicalize(), root.canonicalize()) {
        (Ok(folder), Ok(root)) => folder.is_dir().then_some(folder.starts_with(root)),
        _ => None,
    };
    match inside {
        Some(true) => Ok(stored),
        Some(false) => Err((
            format!("the theme folder themes/{theme}/ is a link to a folder outside the site"),
            "copy the theme into themes/ instead of linking to it: carebook publishes only files from inside the site folder".into(),
        )),
        None => Err((
            format!("there is no theme `{theme}` (no folder themes/{theme}/)"),
            "remove the `theme:` line to use the built-in default theme, or add the theme's folder".into(),
        )),
    }
}

/// The name of the item of `dir` that is `name` once both are composed (NFC): `name`
/// itself when it is there (or when nothing matches), else the first such item as stored.
fn stored_name(dir: &Path, name: &str) -> String {
    if dir.join(name).exists() {
        return name.to_string();
    }
    let wanted = crate::names::nfc(name);
    let mut matching: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|item| item.file_name().into_string().ok())
        .filter(|stored| crate::names::nfc(stored) == wanted)
        .collect();
    matching.sort();
    matching
        .into_iter()
        .next()
        .unwrap_or_else(|| name.to_string())
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
            [
                "condition",
                "technique",
                "benefit",
                "safety",
                "handout",
                "page"
            ]
        );
        assert_eq!(config.kinds[3].folder, "safety");
        assert_eq!(config.language(), "en");
    }

    #[test]
    fn design_example_adds_a_kind_and_a_relation() {
        let config = parse_ok(
            "title: Course\nkinds:\n  exercise:\n    folder: exercises\n    title: Exercises\n    relations:\n      safety: {to: safety}\n  condition:\n    relations:\n      exercises: {to: exercise, inverse: \"Recommended for\"}\n",
        );
        let exercise = config.kind_by_name_or_folder("exercise").unwrap();
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
    fn a_kind_has_the_fields_for_every_kind_and_its_own() {
        let config = parse_ok("title: C\n");
        assert!(config.kinds[4].fixed_keys().contains(&"course"));
        assert!(!config.kinds[0].fixed_keys().contains(&"course"));
        assert!(!config.kinds[0].fixed_keys().contains(&"severity"));
        assert!(config.kinds[3].fixed_keys().contains(&"severity"));
        for kind in &config.kinds {
            assert!(kind.fixed_keys().starts_with(&["title", "summary"]));
        }
    }

    #[test]
    fn reserved_folders_cover_the_default_theme() {
        for (path, _) in crate::render::default_static() {
            if let Some((top, _)) = path.split_once('/') {
                assert!(
                    RESERVED_FOLDERS.iter().any(|(f, _)| *f == top),
                    "the default theme writes {top}/"
                );
            }
        }
    }

    #[test]
    fn paper_in_any_case() {
        assert_eq!(parse_ok("title: C\npaper: A4\n").paper, Paper::A4);
        assert_eq!(parse_ok("title: C\npaper: LETTER\n").paper, Paper::Letter);
    }

    #[test]
    fn base_urls() {
        for (written, expected) in [
            ("https://example.org/info", "https://example.org/info/"),
            ("HTTP://localhost:8000/", "http://localhost:8000/"),
            ("  https://www.example.org/  ", "https://www.example.org/"),
            ("", ""),
        ] {
            assert_eq!(checked_base_url(written).unwrap(), expected, "{written}");
        }
        for bad in [
            "www.example.org/info/",
            "example.org",
            "ftp://example.org/",
            "https://",
            "https:///info/",
            "https://exa mple.org/",
            "https://example.org/?a=1",
            "https://example.org/#top",
            "//example.org/",
            "https://.example.org/",
        ] {
            assert!(checked_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn theme_names_are_folder_names() {
        for bad in [
            "../../elsewhere",
            "/etc",
            "a/b",
            "a\\b",
            ".",
            "..",
            "",
            "C:x",
            ".hidden",
        ] {
            assert!(checked_theme(bad, None).is_err(), "{bad:?}");
        }
        assert!(checked_theme("clinic-2", None).is_ok());
    }

    /// The fields serde's derive gives the struct `T` (its own list, from the struct).
    fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
        struct Probe<'a>(&'a mut &'static [&'static str]);
        impl<'de> serde::Deserializer<'de> for Probe<'_> {
            type Error = serde::de::value::Error;
            fn deserialize_any<V: serde::de::Visitor<'de>>(
                self,
                _: V,
            ) -> Result<V::Value, Self::Error> {
                Err(serde::de::Error::custom("not a struct"))
            }
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(serde::de::Error::custom("probed"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf
                option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut fields: &'static [&'static str] = &[];
        let _ = T::deserialize(Probe(&mut fields));
        assert!(!fields.is_empty());
        fields
    }

    #[test]
    fn every_setting_of_every_struct_is_offered_by_did_you_mean() {
        // Where each struct of site.yaml is written, as the lines above its settings.
        let structs: [(&str, &[&str]); 12] = [
            ("", fields_of::<SiteFile>()),
            ("markdown:\n", fields_of::<MarkdownSettings>()),
            ("kinds:\n  exercise:\n", fields_of::<KindDecl>()),
            (
                "kinds:\n  exercise:\n    relations:\n      r:\n",
                fields_of::<RelationDecl>(),
            ),
            ("checks:\n", fields_of::<Checks>()),
            ("checks:\n  reading_grade:\n", fields_of::<ReadingGrades>()),
            ("checks:\n  sentence_words:\n", fields_of::<SentenceWords>()),
            (
                "checks:\n  paragraph_words:\n",
                fields_of::<ParagraphWords>(),
            ),
            ("checks:\n  plain_words:\n", fields_of::<PlainWords>()),
            ("search:\n", fields_of::<Search>()),
            ("brand:\n", fields_of::<BrandFile>()),
            ("contact:\n", fields_of::<clinic::ContactFile>()),
        ];
        for (above, fields) in structs {
            let indent = " ".repeat(above.lines().count() * 2);
            for field in fields {
                // A letter doubled: the typo nearest to this setting of all.
                let typo = format!("{field}{}", field.chars().last().unwrap_or('x'));
                let text = format!("title: C\n{above}{indent}{typo}: 1\n");
                let err = parse(&text, Path::new("site.yaml")).unwrap_err();
                let expected = format!("did you mean `{field}`?");
                assert_eq!(err[0].help.as_deref(), Some(expected.as_str()), "{text}");
                assert_eq!(
                    (err[0].span.line, err[0].span.column, err[0].span.width),
                    (above.lines().count() + 2, indent.len() + 1, typo.len()),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn unknown_setting_is_an_error_with_a_place() {
        let err = parse("title: C\nlangauge: fr\n", Path::new("site.yaml")).unwrap_err();
        assert_eq!((err[0].span.line, err[0].span.column), (2, 1));
        assert_eq!(err[0].help.as_deref(), Some("did you mean `language`?"));
    }
}
