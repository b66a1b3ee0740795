//! Render stage: [`Site`] -> HTML pages, through tera templates.
//!
//! Guarantees: templates are parsed once; a template error names the template file, line
//! and column; every page gets a small view struct built for it (never the whole site);
//! every URL in a page is relative to that page, so the output works from disk and from
//! any sub-path, and percent-encoded by [`crate::url`], so a file or page of any name is
//! reached; front-matter text is escaped by tera's HTML autoescape, and only body HTML
//! made by [`crate::markdown`] and JSON-LD made here are marked safe. Pure apart from
//! reading theme files in [`Theme::load`]. Needs: a [`Site`] without errors (links resolved).
//!
//! A handout page holds its entries as chapters: each chapter's body is rendered with its
//! ids prefixed (`chapter--SLUG--…`) and its headings one level down, and every link to an
//! entry that is a chapter of the same handout points inside the page. For `build --pdf`
//! the same page is rendered once more ([`Renderer::render_handout_for_pdf`]) with the
//! contents' page numbers and, when `base_url` is set, absolute links to other pages.
//!
//! Ids are unique on every page by construction: a page's own headings never hold `--`
//! ([`crate::markdown`]); everything else does: its footnotes (`fn--…`), a safety note's
//! body shown on it (`note-SLUG--…`), a handout's chapters (`chapter--SLUG`, and
//! `chapter--SLUG--…` inside them) and the theme's own ids (`page--main`, `page--safety`).
//! A printed link shows the full address [`Renderer::print_url`] gives it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::config::{BuiltinKind, Config};
use crate::diagnostic::{Diagnostic, Span};
use crate::frontmatter::SafetySeverity;
use crate::graph::{EntryId, LinkTarget, Site};
use crate::markdown::{self, ResolvedLink};
use crate::url;

/// The default theme, built into the binary so carebook works from any folder: every file
/// of `themes/default/templates/` and `themes/default/static/`.
static DEFAULT_THEME: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of a built-in folder, by path below it (`/`-separated), sorted.
fn embedded_files(folder: &str) -> Vec<(String, &'static [u8])> {
    let Some(dir) = DEFAULT_THEME.get_dir(folder) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for file in d.files() {
            if let Ok(below) = file.path().strip_prefix(folder) {
                let below: Vec<String> = below
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push((below.join("/"), file.contents()));
            }
        }
        stack.extend(d.dirs());
    }
    files.sort();
    files
}

/// The default theme's static files (style sheet, scripts), by output path.
pub fn default_static() -> Vec<(String, &'static [u8])> {
    embedded_files("static")
}

/// Templates by name, each with the path a writer would open to fix it.
pub struct Theme {
    tera: tera::Tera,
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl Theme {
    /// Loads the built-in default templates, then `themes/NAME/templates/` for the site's
    /// theme (`config.theme`), then the site's own `templates/`; a later file replaces an
    /// earlier one of the same name. Errors are diagnostics in the template or, for a theme
    /// folder that is gone, at `theme:` in `site.yaml` (where its parse found it).
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme = config.theme.as_str();
        let mut sources: BTreeMap<String, (PathBuf, String)> = embedded_files("templates")
            .into_iter()
            .map(|(name, bytes)| {
                let path = PathBuf::from("themes/default/templates").join(&name);
                (name, (path, String::from_utf8_lossy(bytes).into_owned()))
            })
            .collect();
        let theme_dir = root.join("themes").join(theme);
        if theme != "default" && !theme_dir.is_dir() {
            return Err(vec![
                Diagnostic::error(
                    config.theme_span.clone(),
                    format!("there is no theme `{theme}` (no folder themes/{theme}/)"),
                )
                .with_help("remove the `theme:` line to use the built-in default theme, or add the theme's folder"),
            ]);
        }
        let mut diagnostics = Vec::new();
        for dir in [theme_dir.join("templates"), root.join("templates")] {
            for (name, path) in template_files(&dir) {
                let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        sources.insert(name, (display, text));
                    }
                    Err(err) => diagnostics.push(
                        Diagnostic::error(
                            Span::file(&display),
                            format!("cannot read this template: {err}"),
                        )
                        .with_help("check the file's permissions and that it is saved as UTF-8"),
                    ),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let mut tera = tera::Tera::new();
        // Add templates one by one first, so a syntax error names its own file.
        for (name, (_, text)) in &sources {
            let mut probe = tera::Tera::new();
            if let Err(err) = probe.add_raw_template(name, text) {
                // An `extends` of a parent not yet added is not this file's fault.
                if !matches!(err.kind(), tera::ErrorKind::MissingParent { .. }) {
                    diagnostics.push(template_error(&err, &sources, name));
                }
            }
        }
        if diagnostics.is_empty()
            && let Err(err) =
                tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
        {
            let name = sources.keys().next().cloned().unwrap_or_default();
            diagnostics.push(template_error(&err, &sources, &name));
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(Theme { tera, sources })
    }

    fn render<T: Serialize>(&self, template: &str, view: &T) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(view)
            .map_err(|err| template_error(&err, &self.sources, template))?;
        self.tera
            .render(template, &context)
            .map_err(|err| template_error(&err, &self.sources, template))
    }
}

/// `*.html` / `*.xml` files directly in `dir`, sorted, by name.
fn template_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| {
            !crate::content::walk::is_ignored_name(name)
                && (name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt"))
        })
        .collect();
    files.sort();
    files
}

/// A tera error as a diagnostic in the template file it happened in.
fn template_error(
    err: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
    fallback: &str,
) -> Diagnostic {
    let help = "fix the template; https://keats.github.io/tera/ documents its syntax";
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    if let Some(report) = report {
        let name = if report.filename().is_empty() {
            fallback
        } else {
            report.filename()
        };
        if let Some((path, text)) = sources.get(name) {
            let span = report.span();
            let width = if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col).max(1)
            } else {
                1
            };
            return Diagnostic::error(
                Span::at_line_column(path, text, span.start_line, span.start_col + 1, width),
                format!("template: {}", report.message()),
            )
            .with_help(help);
        }
    }
    // A missing parent: at the `extends` line of the template that names it.
    if let tera::ErrorKind::MissingParent { current, parent } = err.kind()
        && let Some((path, text)) = sources.get(current.as_str())
    {
        let line = text
            .lines()
            .position(|l| l.contains("extends") && l.contains(parent.as_str()))
            .map_or(1, |i| i + 1);
        let column = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(parent.as_str()))
            .map_or(1, |c| c + 1);
        return Diagnostic::error(
            Span::at_line_column(path, text, line, column, parent.len().max(1)),
            format!("template: `{current}` extends `{parent}`, which is not a template of the theme or the site"),
        )
        .with_help("check the name in `{% extends %}`: it must be a file in templates/ or the theme's templates/");
    }
    // Some errors (an unknown filter, test or included template) come as text that
    // already holds "error: MESSAGE" and "--> NAME:LINE:COLUMN": place them there.
    if let Some(d) = located_message(&err.to_string(), sources) {
        return d.with_help(help);
    }
    let path = sources
        .get(fallback)
        .map_or_else(|| PathBuf::from(fallback), |(p, _)| p.clone());
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    Diagnostic::error(Span::file(&path), format!("template: {message}")).with_help(help)
}

/// A tera message of the form "error: MESSAGE\n --> NAME:LINE:COLUMN\n … ^^^" as a
/// diagnostic at that place of template NAME, when NAME is one of `sources`.
fn located_message(
    text: &str,
    sources: &BTreeMap<String, (PathBuf, String)>,
) -> Option<Diagnostic> {
    let message = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))?
        .trim();
    let place = text.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.trim().rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let (path, source) = sources.get(name)?;
    let width = text
        .lines()
        .find(|l| l.trim_start().starts_with('|') && l.contains('^'))
        .map_or(1, |l| l.matches('^').count().max(1));
    Some(Diagnostic::error(
        Span::at_line_column(path, source, line, column, width),
        format!("template: {message}"),
    ))
}

/// One page to make: which, and where it goes in the output (`/`-separated).
#[derive(Debug, Clone)]
pub enum PageJob {
    Home,
    Kind(usize),
    Entry(EntryId),
    Tags,
    Tag(usize),
}

/// Output paths of pages: an entry `conditions/whiplash/index.html`.
pub fn entry_path(site: &Site, id: EntryId) -> String {
    let e = &site.entries[id];
    format!("{}/{}/index.html", site.config.kinds[e.kind].folder, e.slug)
}

/// Every page of the site, in a fixed order.
pub fn page_jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs = vec![PageJob::Home];
    for (k, _) in site.config.kinds.iter().enumerate() {
        if site.ids_of_kind(k).next().is_some() {
            jobs.push(PageJob::Kind(k));
        }
    }
    jobs.extend((0..site.entries.len()).map(PageJob::Entry));
    if !site.tags.is_empty() {
        jobs.push(PageJob::Tags);
        jobs.extend((0..site.tags.len()).map(PageJob::Tag));
    }
    jobs
}

pub fn job_path(site: &Site, job: &PageJob) -> String {
    match job {
        PageJob::Home => "index.html".into(),
        PageJob::Kind(k) => format!("{}/index.html", site.config.kinds[*k].folder),
        PageJob::Entry(id) => entry_path(site, *id),
        PageJob::Tags => "tags/index.html".into(),
        PageJob::Tag(t) => format!("tags/{}/index.html", site.tags[*t].slug),
    }
}

/// `sitemap.xml` and `robots.txt`, when the site has a `base_url` (search engines need
/// absolute addresses, which only it can give). Entries carry their review date.
pub fn sitemap(site: &Site, jobs: &[PageJob]) -> Option<[(&'static str, String); 2]> {
    let base = &site.config.base_url;
    if base.is_empty() {
        return None;
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for job in jobs {
        let path = job_path(site, job);
        let loc = format!("{base}{}", url::encode(path.trim_end_matches("index.html")));
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&loc));
        xml.push_str("</loc>");
        if let PageJob::Entry(id) = job
            && let Some(reviewed) = site.entries[*id].meta.reviewed
        {
            xml.push_str(&format!("<lastmod>{reviewed}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n");
    Some([("sitemap.xml", xml), ("robots.txt", robots)])
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Whether `href` starts with a URL scheme (`https:`, `mailto:`): a scheme is a letter,
/// then letters, digits, `+`, `-` or `.`, before any `/`, `?` or `#`.
fn has_scheme(href: &str) -> bool {
    let end = href.find([':', '/', '?', '#']);
    match end {
        Some(i) if href[i..].starts_with(':') => {
            let scheme = &href[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// The path below the site root that the relative `href` of the page at `from` reaches,
/// with a page's `index.html` left off, as in its web address:
/// `site_path("conditions/whiplash/index.html", "../../safety/x/index.html#a")` is
/// `safety/x/#a`.
fn site_path(from: &str, href: &str) -> String {
    let mut folders: Vec<&str> = from.split('/').collect();
    folders.pop();
    let mut rest = href;
    loop {
        if let Some(r) = rest.strip_prefix("../") {
            folders.pop();
            rest = r;
        } else if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else {
            break;
        }
    }
    let (path, fragment) = match rest.find(['?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let path = match path.strip_suffix("index.html") {
        Some(p) if p.is_empty() || p.ends_with('/') => p,
        _ => path,
    };
    folders.push(path);
    let joined = folders.join("/");
    format!("{}{fragment}", joined.trim_start_matches('/'))
}

/// `../` once per folder of `path`: the way back to the site root from that page.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

// ---- view structs: what templates see -------------------------------------------------

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct NavItem<'s> {
    title: &'s str,
    href: String,
    current: bool,
}

/// What every template gets as `page`.
#[derive(Serialize)]
struct PageView<'a> {
    /// Relative way to the site root, "" or "../../"; prefix for assets.
    root: String,
    site: SiteView<'a>,
    /// [`NavItem`]s: made once per folder depth and current section ([`Renderer::nav`]).
    nav: tera::Value,
    /// The `<title>`: "Whiplash — Riverside Clinic".
    title: String,
    description: String,
    /// Absolute URL of this page when `base_url` is set.
    canonical: Option<String>,
    /// Path of this page below the site root.
    path: String,
}

/// A link to an entry (or a tag). Where a page shows many, they are [`tera::Value`]s made
/// from this ([`Renderer::link_at`]), most of them shared by every page two folders deep.
#[derive(Serialize)]
struct LinkView<'s> {
    title: &'s str,
    href: String,
    summary: &'s str,
    kind: &'s str,
}

#[derive(Serialize)]
struct GroupView<'s> {
    label: &'s str,
    /// [`LinkView`]s.
    items: Vec<tera::Value>,
}

#[derive(Serialize)]
struct SafetyView<'s> {
    title: &'s str,
    href: String,
    /// The address a printed page shows after the link to the note (`data-print-url`).
    print_url: Option<String>,
    summary: &'s str,
    severity: &'static str,
    /// The listed entries this note came from: "Before deep tissue massage" ([`LinkView`]s).
    via: Vec<tera::Value>,
    /// The note's body as HTML, its links relative to the current page, its ids prefixed
    /// (`note-SLUG--`) and its headings one level down, to sit under a card's `<h2>`.
    /// A string (not marked safe), shared between the pages that show the same HTML.
    body: tera::Value,
}

#[derive(Serialize)]
struct ReviewView {
    reviewed: String,
    reviewed_iso: String,
    by: String,
    next_due: String,
    next_due_iso: String,
}

#[derive(Serialize)]
struct EntryView<'s> {
    kind: &'s str,
    kind_title: &'s str,
    kind_href: String,
    title: &'s str,
    summary: &'s str,
    aliases: &'s [String],
    tags: Vec<LinkView<'s>>,
    /// The body's HTML: a string (not marked safe), shared with [`ChapterView::body`].
    body: tera::Value,
    related: Vec<GroupView<'s>>,
    backlinks: Vec<GroupView<'s>>,
    urgent: Vec<SafetyView<'s>>,
    safety: Vec<SafetyView<'s>>,
    review: Option<ReviewView>,
    sources: &'s [String],
    audience: &'static str,
    severity: Option<&'static str>,
    /// A string (not marked safe): the same on every page two folders deep.
    jsonld: tera::Value,
    /// Link to the entry's own page, relative to the current page (absolute in a PDF when
    /// `base_url` is set).
    href: String,
    /// Absolute URL of the entry's page, when `base_url` is set.
    url: Option<String>,
    /// A QR code of `url` as inline SVG (`aria-hidden`: show `url` as text beside it); a
    /// string (not marked safe), made once per entry.
    qr: Option<tera::Value>,
    print: PrintLabels,
}

/// What a print style sheet needs in `@page` rules, which take no HTML: each text is a
/// quoted, escaped CSS string, ready for `content:` (and safe inside `<style>`).
#[derive(Serialize)]
struct PrintLabels {
    /// `A4` or `letter`, from `paper:` in site.yaml: the `@page { size: … }` value.
    paper: &'static str,
    /// The entry's title: `"Whiplash"`.
    title: String,
    /// `"Reviewed 1 October 2026"`, or `"Not reviewed yet"`.
    review: String,
}

#[derive(Serialize)]
struct ChapterView<'s> {
    /// The chapter's id on the handout page: `chapter--SLUG`. Ids inside the chapter's
    /// body are `chapter--SLUG--HEADING`.
    anchor: String,
    /// 1, 2, 3 … in the handout's order.
    number: usize,
    /// The page the chapter starts on in the handout's PDF; set only when printing it.
    page: Option<u32>,
    /// The entry's body for this chapter: ids prefixed with `anchor--`, headings one level
    /// down (under the chapter's `<h2>`), links to other chapters kept inside the page.
    body: tera::Value,
    entry: EntryView<'s>,
}

#[derive(Serialize)]
struct HandoutView<'s> {
    subtitle: Option<String>,
    author: Option<String>,
    course: Option<String>,
    /// As written (`date:` is free text), or "22 October 2026" for a YYYY-MM-DD date.
    date: Option<String>,
    /// The date as YYYY-MM-DD, when `date:` is one.
    date_iso: Option<String>,
    chapters: Vec<ChapterView<'s>>,
    /// True while carebook renders the page to print it to PDF (`build --pdf`).
    pdf: bool,
    /// `page_break: chapters`: every chapter starts a new printed page.
    page_break: bool,
}

#[derive(Serialize)]
struct LetterGroup<'s> {
    letter: String,
    items: Vec<LinkView<'s>>,
}

#[derive(Serialize)]
struct KindView<'s> {
    title: &'s str,
    letters: Vec<LetterGroup<'s>>,
    count: usize,
}

#[derive(Serialize)]
struct KindSummary<'s> {
    title: &'s str,
    href: String,
    count: usize,
    items: Vec<LinkView<'s>>,
}

#[derive(Serialize)]
struct RecentView<'s> {
    link: LinkView<'s>,
    reviewed: String,
    reviewed_iso: String,
}

#[derive(Serialize)]
struct HomeView<'s> {
    title: &'s str,
    intro: String,
    kinds: Vec<KindSummary<'s>>,
    recent: Vec<RecentView<'s>>,
}

#[derive(Serialize)]
struct TagView<'s> {
    name: &'s str,
    /// [`LinkView`]s.
    items: Vec<tera::Value>,
}

#[derive(Serialize)]
struct TagSummary<'s> {
    name: &'s str,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct TagsView<'s> {
    tags: Vec<TagSummary<'s>>,
}

// ---- JSON-LD: schema.org data of an entry page ------------------------------------------
// Fields in byte order of their names (`@…` first), as serde_json writes the keys of a map.

#[derive(Serialize)]
struct JsonLdPage<'s> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<JsonLdAbout<'s>>,
    audience: JsonLdAudience,
    description: &'s str,
    #[serde(rename = "inLanguage")]
    in_language: &'s str,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    name: &'s str,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<JsonLdOrganization<'s>>,
    url: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonLdAbout<'s> {
    Condition(JsonLdCondition<'s>),
    Therapy(JsonLdTherapy<'s>),
}

#[derive(Serialize)]
struct JsonLdCondition<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'s [String],
    name: &'s str,
    #[serde(rename = "possibleTreatment")]
    possible_treatment: Vec<JsonLdLink<'s>>,
}

#[derive(Serialize)]
struct JsonLdTherapy<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    contraindication: Vec<JsonLdLink<'s>>,
    name: &'s str,
}

#[derive(Serialize)]
struct JsonLdLink<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'s str,
    url: String,
}

#[derive(Serialize)]
struct JsonLdAudience {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "audienceType")]
    audience_type: &'static str,
}

#[derive(Serialize)]
struct JsonLdOrganization<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'s str,
    name: &'s str,
}

// ---- page rendering -------------------------------------------------------------------

/// A view under one name: `{"entry": view}`, flattened into the template context.
fn named<'v, T: Serialize>(name: &'static str, view: &'v T) -> BTreeMap<&'static str, &'v T> {
    BTreeMap::from([(name, view)])
}

/// Renders pages of one site with one theme.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// [`entry_path`] of every entry.
    paths: Vec<String>,
    /// [`entry_path`] of every entry as written in a URL ([`url::encode`]d).
    urls: Vec<String>,
    /// Whether each kind has an entry (a page, and a place in the nav).
    kinds_present: Vec<bool>,
    /// Each entry's [`LinkView`] as a page two folders deep shows it (every entry and tag
    /// page, and a handout's links to entries that are not its chapters): made once.
    links: Vec<OnceLock<tera::Value>>,
    /// Each entry's [`EntryView::jsonld`] as a page two folders deep shows it (all of
    /// them, when the site has a `base_url`): made once.
    jsonld: Vec<OnceLock<tera::Value>>,
    /// Each entry's [`EntryView::qr`]: made once.
    qr: Vec<OnceLock<Option<tera::Value>>>,
    /// Each safety note's [`SafetyView::body`] as entry pages show it: every entry page
    /// is two folders deep, so the note's HTML is the same on all of them (made once).
    note_bodies: Vec<OnceLock<tera::Value>>,
    /// [`PageView::nav`] by the page's way to the root and the items that are current.
    navs: Mutex<HashMap<(String, Vec<bool>), tera::Value>>,
}

/// The root of a page two folders deep, where most pages are.
const DEPTH_TWO: &str = "../../";

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        let n = site.entries.len();
        let mut kinds_present = vec![false; site.config.kinds.len()];
        for e in &site.entries {
            kinds_present[e.kind] = true;
        }
        Renderer {
            site,
            theme,
            paths: (0..n).map(|id| entry_path(site, id)).collect(),
            urls: (0..n)
                .map(|id| url::encode(&entry_path(site, id)).into_owned())
                .collect(),
            kinds_present,
            links: (0..n).map(|_| OnceLock::new()).collect(),
            jsonld: (0..n).map(|_| OnceLock::new()).collect(),
            qr: (0..n).map(|_| OnceLock::new()).collect(),
            note_bodies: (0..n).map(|_| OnceLock::new()).collect(),
            navs: Mutex::new(HashMap::new()),
        }
    }

    /// Renders one page; its output path is [`job_path`].
    pub fn render(&self, job: &PageJob) -> Result<String, Diagnostic> {
        let path = match job {
            PageJob::Entry(id) => self.paths[*id].clone(),
            _ => job_path(self.site, job),
        };
        match job {
            PageJob::Home => {
                let view = self.home_view(&path);
                self.render_page(
                    "home.html",
                    &path,
                    &self.site.config.title,
                    &self.site.config.description,
                    &named("home", &view),
                )
            }
            PageJob::Kind(k) => {
                let kind = &self.site.config.kinds[*k];
                let view = self.kind_view(*k, &path);
                let description = format!("{} A to Z", kind.title);
                self.render_page(
                    "kind.html",
                    &path,
                    &kind.title,
                    &description,
                    &named("kind", &view),
                )
            }
            PageJob::Entry(id) => {
                let e = &self.site.entries[*id];
                if e.kind == self.site.config.builtin(BuiltinKind::Handout) {
                    self.render_handout(*id, &path, None)
                } else {
                    let view =
                        self.entry_view(*id, &Place::page(&path), markdown::Embed::default());
                    self.render_page(
                        "entry.html",
                        &path,
                        &e.title,
                        &e.summary,
                        &named("entry", &view),
                    )
                }
            }
            PageJob::Tags => {
                let view = TagsView {
                    tags: self
                        .site
                        .tags
                        .iter()
                        .map(|t| TagSummary {
                            name: &t.name,
                            href: format!("{}/index.html", url::encode(&t.slug)),
                            count: t.entries.len(),
                        })
                        .collect(),
                };
                self.render_page(
                    "tags.html",
                    &path,
                    "Topics",
                    "Every topic, with its pages",
                    &named("tags", &view),
                )
            }
            PageJob::Tag(t) => {
                let tag = &self.site.tags[*t];
                let place = Place::page(&path);
                let view = TagView {
                    name: &tag.name,
                    items: tag
                        .entries
                        .iter()
                        .map(|&id| self.link_at(id, &place))
                        .collect(),
                };
                let description = format!("Pages about {}", tag.name);
                self.render_page(
                    "tag.html",
                    &path,
                    &tag.name,
                    &description,
                    &named("tag", &view),
                )
            }
        }
    }

    fn render_page<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        description: &str,
        view: &T,
    ) -> Result<String, Diagnostic> {
        let config = &self.site.config;
        let full_title = if title == config.title {
            title.to_string()
        } else {
            format!("{title} — {}", config.title)
        };
        let root = root_of(path);
        let page = PageView {
            nav: self.nav(path, &root),
            root,
            site: SiteView {
                title: &config.title,
                description: &config.description,
                language: &config.language,
            },
            title: full_title,
            description: description.to_string(),
            canonical: (!config.base_url.is_empty()).then(|| {
                format!(
                    "{}{}",
                    config.base_url,
                    url::encode(path.trim_end_matches("index.html"))
                )
            }),
            path: path.to_string(),
        };
        #[derive(Serialize)]
        struct Ctx<'v, T: Serialize> {
            page: PageView<'v>,
            #[serde(flatten)]
            view: &'v T,
        }
        self.theme.render(template, &Ctx { page, view })
    }

    /// The nav of the page at `path`, whose way to the root is `root`: the same for every
    /// page with the same root and current item, so made once for each.
    fn nav(&self, path: &str, root: &str) -> tera::Value {
        let site = self.site;
        let kinds = site
            .config
            .kinds
            .iter()
            .enumerate()
            .filter(|(k, _)| self.kinds_present[*k]);
        let mut current: Vec<bool> = kinds
            .clone()
            .map(|(_, kind)| {
                path.strip_prefix(kind.folder.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
            })
            .collect();
        if !site.tags.is_empty() {
            current.push(path.starts_with("tags/"));
        }
        let key = (root.to_string(), current);
        let mut navs = self.navs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(nav) = navs.get(&key) {
            return nav.clone();
        }
        let mut nav: Vec<NavItem> = kinds
            .zip(&key.1)
            .map(|((_, kind), &current)| NavItem {
                title: &kind.title,
                href: format!("{root}{}/index.html", kind.folder),
                current,
            })
            .collect();
        if !site.tags.is_empty() {
            nav.push(NavItem {
                title: "Topics",
                href: format!("{root}tags/index.html"),
                current: key.1[nav.len()],
            });
        }
        let nav = tera::Value::from_serializable(&nav);
        navs.insert(key, nav.clone());
        nav
    }

    /// The address of the page at output `path` (`conditions/whiplash/index.html`, already
    /// [`url::encode`]d) as seen from `place`: relative, or absolute when the place asks
    /// for it and the site has a `base_url`.
    fn page_url(&self, path: &str, place: &Place<'_>) -> String {
        let base = &self.site.config.base_url;
        if place.absolute && !base.is_empty() {
            format!("{base}{}", path.trim_end_matches("index.html"))
        } else {
            format!("{}{path}", place.root)
        }
    }

    /// The link to an entry (and a heading on it) from `place`: inside the page when the
    /// place is a handout that holds the entry as a chapter (or is the entry).
    fn entry_href(&self, id: EntryId, anchor: Option<&str>, place: &Place<'_>) -> String {
        if let Some(chapters) = place.handout {
            if id == chapters.handout {
                return anchor.map_or_else(
                    || "#page--main".to_string(),
                    |a| format!("#{}", url::encode(a)),
                );
            }
            if let Some(chapter) = chapters.anchor_of(id) {
                return match anchor {
                    Some(a) => format!("#{}", url::encode(&format!("{chapter}--{a}"))),
                    None => format!("#{}", url::encode(chapter)),
                };
            }
        }
        let url = self.page_url(&self.urls[id], place);
        match anchor {
            Some(a) => format!("{url}#{}", url::encode(a)),
            None => url,
        }
    }

    /// The `href` of a resolved link in a body shown at `place`; `own_prefix` is the
    /// prefix of that body's ids ([`markdown::Embed`]), for links to its own headings.
    /// `None` for a draft: the link is shown as its text alone.
    fn href(&self, target: &LinkTarget, place: &Place<'_>, own_prefix: &str) -> Option<String> {
        Some(match target {
            LinkTarget::Entry { id, anchor } => self.entry_href(*id, anchor.as_deref(), place),
            LinkTarget::Home => self.page_url("index.html", place),
            LinkTarget::Static(p) => format!("{}{}", place.root, url::encode(p)),
            LinkTarget::SamePage(a) => format!("#{}", url::encode(&format!("{own_prefix}{a}"))),
            LinkTarget::External(u) => u.clone(),
            LinkTarget::Draft { .. } => return None,
        })
    }

    /// What a printed page shows after a link whose `href` (as written at `place`) it is:
    /// a web address as it is (`https:`, `mailto:`, `tel:`, or absolute in a PDF), a link
    /// inside the site as its full address under `base_url`, and nothing for a link
    /// inside the page or when there is no `base_url` (a path means nothing on paper).
    fn print_url(&self, href: &str, place: &Place<'_>) -> Option<String> {
        if href.starts_with('#') {
            return None;
        }
        if has_scheme(href) {
            return Some(href.to_string());
        }
        let base = &self.site.config.base_url;
        (!base.is_empty()).then(|| format!("{base}{}", site_path(place.from, href)))
    }

    fn link_view(&self, id: EntryId, place: &Place<'_>) -> LinkView<'a> {
        let e = &self.site.entries[id];
        LinkView {
            title: &e.title,
            href: self.entry_href(id, None, place),
            summary: &e.summary,
            kind: &self.site.config.kinds[e.kind].name,
        }
    }

    /// The [`LinkView`] of entry `id` from `place`, ready for tera: made once per entry
    /// for the common case, a relative link from a page two folders deep.
    fn link_at(&self, id: EntryId, place: &Place<'_>) -> tera::Value {
        let absolute = place.absolute && !self.site.config.base_url.is_empty();
        let in_page = place
            .handout
            .is_some_and(|c| c.handout == id || c.anchor_of(id).is_some());
        if place.root == DEPTH_TWO && !absolute && !in_page {
            return self.links[id]
                .get_or_init(|| tera::Value::from_serializable(&self.link_view(id, place)))
                .clone();
        }
        tera::Value::from_serializable(&self.link_view(id, place))
    }

    /// The resolved links of a body, as written from `place`.
    fn resolved_links(
        &self,
        targets: &[Option<LinkTarget>],
        place: &Place<'_>,
        own_prefix: &str,
    ) -> Vec<Option<ResolvedLink>> {
        targets
            .iter()
            .map(|t| {
                t.as_ref().map(|t| {
                    let href = self.href(t, place, own_prefix);
                    ResolvedLink {
                        print_url: href.as_deref().and_then(|h| self.print_url(h, place)),
                        href,
                        title: match t {
                            LinkTarget::Entry { id, .. } => {
                                Some(self.site.entries[*id].title.clone())
                            }
                            LinkTarget::Draft { title, .. } => Some(title.clone()),
                            _ => None,
                        },
                    }
                })
            })
            .collect()
    }

    fn body_html(&self, id: EntryId, place: &Place<'_>, embed: markdown::Embed<'_>) -> String {
        let e = &self.site.entries[id];
        let links = self.resolved_links(&self.site.links[id], place, embed.id_prefix);
        markdown::render_embedded(
            e.body(),
            &links,
            &e.scan.headings,
            self.site.config.raw_html,
            embed,
        )
    }

    /// `id_prefix` goes before the ids of the note's body (see [`SafetyView::body`]).
    fn safety_view(
        &self,
        note: EntryId,
        via: &[EntryId],
        place: &Place<'_>,
        id_prefix: &str,
    ) -> SafetyView<'a> {
        let e = &self.site.entries[note];
        let body = || {
            let prefix = format!("{id_prefix}note-{}--", e.slug);
            tera::Value::from(self.body_html(
                note,
                place,
                markdown::Embed {
                    id_prefix: &prefix,
                    demote: 1,
                },
            ))
        };
        let entry_page = place.handout.is_none()
            && !place.absolute
            && id_prefix.is_empty()
            && place.root == DEPTH_TWO;
        let href = self.entry_href(note, None, place);
        SafetyView {
            title: &e.title,
            print_url: self.print_url(&href, place),
            href,
            summary: &e.summary,
            severity: self.site.severity(note).as_str(),
            via: via.iter().map(|&v| self.link_at(v, place)).collect(),
            body: if entry_page {
                self.note_bodies[note].get_or_init(body).clone()
            } else {
                body()
            },
        }
    }

    /// The view of entry `id` shown at `place`, its body rendered with `embed` (the
    /// page's own body: `Embed::default()`).
    fn entry_view(
        &self,
        id: EntryId,
        place: &Place<'_>,
        embed: markdown::Embed<'_>,
    ) -> EntryView<'a> {
        let site = self.site;
        let from = place.from;
        let e = &site.entries[id];
        let kind = &site.config.kinds[e.kind];
        let safety_kind = site.config.builtin(BuiltinKind::Safety);
        let related = site.outgoing[id]
            .iter()
            .filter(|o| !o.targets.is_empty())
            .filter(|o| match kind.relations[o.relation].target {
                crate::config::Target::Kind(k) => k != safety_kind,
                crate::config::Target::Any => true,
            })
            .map(|o| {
                let relation = &kind.relations[o.relation];
                let label = match relation.target {
                    crate::config::Target::Kind(k) => site.config.kinds[k].title.as_str(),
                    crate::config::Target::Any => "In this handout",
                };
                GroupView {
                    label,
                    items: o.targets.iter().map(|&t| self.link_at(t, place)).collect(),
                }
            })
            .collect();
        let backlinks = site.incoming[id]
            .iter()
            .map(|i| GroupView {
                label: &i.label,
                items: i.sources.iter().map(|&s| self.link_at(s, place)).collect(),
            })
            .collect();
        let (urgent, safety): (Vec<SafetyView>, Vec<SafetyView>) = site.safety[id]
            .iter()
            .map(|a| self.safety_view(a.note, &a.via, place, embed.id_prefix))
            .partition(|s| s.severity == SafetySeverity::Urgent.as_str());
        let review = e.meta.reviewed.map(|reviewed| {
            let months = e
                .meta
                .review_every_months
                .unwrap_or(site.config.review_every_months);
            let next = next_review(reviewed, months);
            ReviewView {
                reviewed: human_date(reviewed),
                reviewed_iso: reviewed.to_string(),
                by: e.meta.reviewed_by.clone().unwrap_or_default(),
                next_due: human_date(next),
                next_due_iso: next.to_string(),
            }
        });
        let tags = e
            .meta
            .tags
            .iter()
            .filter_map(|t| {
                let slug = crate::content::slugify(t);
                (!slug.is_empty()).then(|| LinkView {
                    title: t.trim(),
                    href: format!("{}tags/{}/index.html", place.root, url::encode(&slug)),
                    summary: "",
                    kind: "tag",
                })
            })
            .collect();
        let url = self.absolute_url(id);
        let print = PrintLabels {
            paper: site.config.paper.css_size(),
            title: css_string(&e.title),
            review: review_label(e),
        };
        let jsonld = if place.root == DEPTH_TWO || !site.config.base_url.is_empty() {
            self.jsonld[id]
                .get_or_init(|| tera::Value::from(self.jsonld(id, from)))
                .clone()
        } else {
            tera::Value::from(self.jsonld(id, from))
        };
        EntryView {
            kind: &kind.name,
            kind_title: &kind.title,
            kind_href: format!("{}{}/index.html", place.root, kind.folder),
            title: &e.title,
            summary: &e.summary,
            aliases: &e.meta.aliases,
            tags,
            body: tera::Value::from(self.body_html(id, place, embed)),
            related,
            backlinks,
            urgent,
            safety,
            review,
            sources: &e.meta.sources,
            audience: match e.meta.audience {
                crate::frontmatter::Audience::Patient => "patient",
                crate::frontmatter::Audience::Trainee => "trainee",
                crate::frontmatter::Audience::Clinician => "clinician",
            },
            severity: e.meta.severity.map(SafetySeverity::as_str),
            jsonld,
            href: self.page_url(&self.urls[id], place),
            qr: self.qr[id]
                .get_or_init(|| url.as_deref().and_then(qr_svg).map(tera::Value::from))
                .clone(),
            url,
            print,
        }
    }

    /// The absolute URL of an entry's page, when the site has a `base_url`.
    fn absolute_url(&self, id: EntryId) -> Option<String> {
        let base = &self.site.config.base_url;
        (!base.is_empty())
            .then(|| format!("{base}{}", self.urls[id].trim_end_matches("index.html")))
    }

    /// A handout page: cover, contents, introduction and one chapter per entry it lists.
    /// `pdf`: rendering it to print to PDF, with the chapters' first pages (one per
    /// chapter, in order) once they are known; links to other pages are then absolute
    /// when the site has a `base_url`, as a PDF is read away from the site.
    fn render_handout(
        &self,
        id: EntryId,
        path: &str,
        pdf: Option<Option<&[u32]>>,
    ) -> Result<String, Diagnostic> {
        let e = &self.site.entries[id];
        let chapters = Chapters {
            handout: id,
            anchors: handout_chapters(self.site, id),
        };
        let place = Place {
            from: path,
            root: root_of(path),
            handout: Some(&chapters),
            absolute: pdf.is_some(),
        };
        let pages = pdf.flatten();
        let chapter_views = chapters
            .anchors
            .iter()
            .enumerate()
            .map(|(i, (t, anchor))| {
                let prefix = format!("{anchor}--");
                let entry = self.entry_view(
                    *t,
                    &place,
                    markdown::Embed {
                        id_prefix: &prefix,
                        demote: 1,
                    },
                );
                ChapterView {
                    anchor: anchor.clone(),
                    number: i + 1,
                    page: pages.and_then(|p| p.get(i).copied()),
                    body: entry.body.clone(),
                    entry,
                }
            })
            .collect();
        let date_iso = e
            .meta
            .date
            .as_deref()
            .and_then(crate::frontmatter::parse_date);
        let handout = HandoutView {
            subtitle: e.meta.subtitle.clone(),
            author: e.meta.author.clone(),
            course: e.meta.course.clone(),
            date: match date_iso {
                Some(d) => Some(human_date(d)),
                None => e.meta.date.clone(),
            },
            date_iso: date_iso.map(|d| d.to_string()),
            chapters: chapter_views,
            pdf: pdf.is_some(),
            page_break: e.meta.page_break == crate::frontmatter::PageBreak::Chapters,
        };
        #[derive(Serialize)]
        struct HandoutPage<'s> {
            entry: EntryView<'s>,
            handout: HandoutView<'s>,
        }
        let view = HandoutPage {
            entry: self.entry_view(id, &place, markdown::Embed::default()),
            handout,
        };
        self.render_page("handout.html", path, &e.title, &e.summary, &view)
    }

    /// The handout `id` as the page to print to its PDF (`build --pdf`): the handout page
    /// with links to other pages absolute (when `base_url` is set) and, once known, the
    /// page each chapter starts on (`pages`, one per chapter of [`handout_chapters`]).
    pub fn render_handout_for_pdf(
        &self,
        id: EntryId,
        pages: Option<&[u32]>,
    ) -> Result<String, Diagnostic> {
        self.render_handout(id, &self.paths[id], Some(pages))
    }

    /// The running footers of handout `id`'s PDF, as a page to print with the same style
    /// sheet and paper: one printed page per page of the PDF, empty but for the review date
    /// of `dates[i]` (an entry, or `None` for no date) where the handout page leaves it
    /// out. `build --pdf` lays each of its pages over the handout's page of the same number,
    /// so each page shows the review date of the text on it (see `crate::pdf`).
    pub fn handout_footers(&self, id: EntryId, dates: &[Option<EntryId>]) -> String {
        use std::fmt::Write;
        let path = &self.paths[id];
        let mut css = String::new();
        let mut body = String::new();
        for (i, date) in dates.iter().enumerate() {
            let n = i + 1;
            if let Some(e) = date {
                let _ = write!(
                    css,
                    "  @page footer-{n} {{ @bottom-right {{ content: {}; }} }}\n  .footer-{n} {{ page: footer-{n}; }}\n",
                    review_label(&self.site.entries[*e])
                );
            }
            let _ = write!(body, "<div class=\"footer-page footer-{n}\"></div>");
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Footers</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n<style>\n@media print {{\n  @page {{ size: {paper}; @bottom-left {{ content: none; }} @bottom-center {{ content: none; }} @bottom-right {{ content: none; }} }}\n{css}  html, body {{ background: none; }}\n  .footer-page {{ height: 1px; break-after: page; }}\n  .footer-page:last-child {{ break-after: auto; }}\n}}\n</style>\n</head>\n<body>{body}</body>\n</html>\n",
            lang = self.site.config.language,
            root = root_of(path),
            paper = self.site.config.paper.css_size(),
        )
    }

    /// schema.org JSON-LD for an entry page, made safe to put inside `<script>`.
    fn jsonld(&self, id: EntryId, from: &str) -> String {
        let site = self.site;
        let e = &site.entries[id];
        let kind = site.config.kinds[e.kind].builtin;
        let root = root_of(from);
        let url = |i: EntryId| {
            if site.config.base_url.is_empty() {
                format!("{root}{}", self.urls[i])
            } else {
                format!(
                    "{}{}",
                    site.config.base_url,
                    self.urls[i].trim_end_matches("index.html")
                )
            }
        };
        let listed = |kind: BuiltinKind| -> Vec<EntryId> {
            site.outgoing[id]
                .iter()
                .flat_map(|o| o.targets.iter().copied())
                .filter(|&t| site.entries[t].kind == site.config.builtin(kind))
                .collect()
        };
        let about = match kind {
            Some(BuiltinKind::Condition) => Some(JsonLdAbout::Condition(JsonLdCondition {
                kind: "MedicalCondition",
                alternate_name: &e.meta.aliases,
                name: &e.title,
                possible_treatment: listed(BuiltinKind::Technique)
                    .iter()
                    .map(|&t| JsonLdLink {
                        kind: "MedicalTherapy",
                        name: &site.entries[t].title,
                        url: url(t),
                    })
                    .collect(),
            })),
            Some(BuiltinKind::Technique) => Some(JsonLdAbout::Therapy(JsonLdTherapy {
                kind: "MedicalTherapy",
                contraindication: site.safety[id]
                    .iter()
                    .map(|a| JsonLdLink {
                        kind: "MedicalContraindication",
                        name: &site.entries[a.note].title,
                        url: url(a.note),
                    })
                    .collect(),
                name: &e.title,
            })),
            _ => None,
        };
        let audience = match e.meta.audience {
            crate::frontmatter::Audience::Patient => "Patient",
            crate::frontmatter::Audience::Trainee => "MedicalAudience",
            crate::frontmatter::Audience::Clinician => "Clinician",
        };
        let page = JsonLdPage {
            context: "https://schema.org",
            kind: "MedicalWebPage",
            about,
            audience: JsonLdAudience {
                kind: "MedicalAudience",
                audience_type: audience,
            },
            description: &e.summary,
            in_language: &site.config.language,
            last_reviewed: e.meta.reviewed.map(|d| d.to_string()),
            name: &e.title,
            reviewed_by: e.meta.reviewed_by.as_deref().map(|by| JsonLdOrganization {
                kind: "Organization",
                description: by,
                name: &site.config.title,
            }),
            url: url(id),
        };
        // `<` never appears raw, so no `</script>` can end the block early.
        serde_json::to_string(&page)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    }

    fn kind_view(&self, k: usize, from: &str) -> KindView<'a> {
        let place = Place::page(from);
        let mut items: Vec<LinkView> = self
            .site
            .ids_of_kind(k)
            .map(|id| self.link_view(id, &place))
            .collect();
        items.sort_by_cached_key(|l| (l.title.to_lowercase(), l.href.clone()));
        let count = items.len();
        let mut letters: Vec<LetterGroup> = Vec::new();
        for item in items {
            let letter = item
                .title
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .filter(|l| l.chars().all(char::is_alphabetic))
                .unwrap_or_else(|| "#".into());
            match letters.last_mut() {
                Some(group) if group.letter == letter => group.items.push(item),
                _ => letters.push(LetterGroup {
                    letter,
                    items: vec![item],
                }),
            }
        }
        KindView {
            title: &self.site.config.kinds[k].title,
            letters,
            count,
        }
    }

    fn home_view(&self, from: &str) -> HomeView<'a> {
        let site = self.site;
        let place = Place::page(from);
        let intro = site
            .home
            .as_ref()
            .map(|h| {
                let links = self.resolved_links(&site.home_links, &place, "");
                markdown::render(h.body(), &links, &h.scan.headings, site.config.raw_html)
            })
            .unwrap_or_default();
        let kinds = site
            .config
            .kinds
            .iter()
            .enumerate()
            .filter_map(|(k, kind)| {
                if !self.kinds_present[k] {
                    return None;
                }
                let mut items: Vec<LinkView> = site
                    .ids_of_kind(k)
                    .map(|id| self.link_view(id, &place))
                    .collect();
                items.sort_by_cached_key(|l| l.title.to_lowercase());
                Some(KindSummary {
                    title: &kind.title,
                    href: format!("{}/index.html", kind.folder),
                    count: items.len(),
                    items,
                })
            })
            .collect();
        let mut reviewed: Vec<(jiff::civil::Date, EntryId)> = site
            .entries
            .iter()
            .enumerate()
            .filter_map(|(id, e)| e.meta.reviewed.map(|d| (d, id)))
            .collect();
        reviewed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let recent = reviewed
            .into_iter()
            .take(5)
            .map(|(date, id)| RecentView {
                link: self.link_view(id, &place),
                reviewed: human_date(date),
                reviewed_iso: date.to_string(),
            })
            .collect();
        HomeView {
            title: site
                .home
                .as_ref()
                .and_then(|h| h.title.as_deref())
                .unwrap_or(&site.config.title),
            intro,
            kinds,
            recent,
        }
    }
}

/// Where links are written from: a page's output path and, on a handout page, the
/// entries that are its chapters (links to them stay inside the page).
struct Place<'p> {
    from: &'p str,
    /// [`root_of`] `from`.
    root: String,
    handout: Option<&'p Chapters>,
    /// Links to other pages as absolute URLs when the site has a `base_url` (a PDF).
    absolute: bool,
}

impl<'p> Place<'p> {
    /// An ordinary page: every link relative.
    fn page(from: &'p str) -> Self {
        Place {
            from,
            root: root_of(from),
            handout: None,
            absolute: false,
        }
    }
}

/// A handout and its chapters, each with its anchor on the handout page.
struct Chapters {
    handout: EntryId,
    anchors: Vec<(EntryId, String)>,
}

impl Chapters {
    fn anchor_of(&self, id: EntryId) -> Option<&str> {
        self.anchors
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(_, a)| a.as_str())
    }
}

/// The chapters of handout `id` in order, each with its anchor on the handout page:
/// `chapter--SLUG`, or `chapter--FOLDER-SLUG` when two chapters share a slug. Slugs never
/// hold `--`, so the ids of a chapter's body (`chapter--SLUG--HEADING`) cannot meet
/// another chapter's, and the `--` keeps them apart from the handout's own headings.
pub fn handout_chapters(site: &Site, id: EntryId) -> Vec<(EntryId, String)> {
    let mut used = std::collections::HashSet::new();
    site.outgoing[id]
        .iter()
        .flat_map(|o| o.targets.iter().copied())
        .map(|t| {
            let e = &site.entries[t];
            let folder = crate::content::slugify(&site.config.kinds[e.kind].folder);
            let mut anchor = format!("chapter--{}", e.slug);
            if used.contains(&anchor) {
                anchor = format!("chapter--{folder}-{}", e.slug);
            }
            let base = anchor.clone();
            let mut n = 2;
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            (t, anchor)
        })
        .collect()
}

/// An entry's review date for a printed footer, as a CSS string ([`css_string`]):
/// `"Reviewed 1 October 2026"`, or `"Not reviewed yet"`.
fn review_label(e: &crate::content::Entry) -> String {
    css_string(&match e.meta.reviewed {
        Some(d) => format!("Reviewed {}", human_date(d)),
        None => "Not reviewed yet".to_string(),
    })
}

/// `text` as a quoted CSS string for `content:`; safe inside `<style>` (no `<`, `>`, `&`).
fn css_string(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A QR code of `url` as an inline SVG of one path (dark modules, merged along rows) on
/// a white square with the standard quiet zone; `None` if the text is too long for a QR
/// code. Hidden from screen readers: the page shows the address as text beside it.
fn qr_svg(url: &str) -> Option<String> {
    use std::fmt::Write;
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let mut path = String::new();
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let start = x;
                while x < width && row[x] == qrcode::Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// The date a review falls due: `months` after `reviewed` (31 Jan + 1 month = 28/29 Feb).
pub fn next_review(reviewed: jiff::civil::Date, months: u32) -> jiff::civil::Date {
    let span = jiff::Span::new().months(i64::from(months.min(1200)));
    reviewed.checked_add(span).unwrap_or(reviewed)
}

/// "1 October 2026".
pub fn human_date(date: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[(date.month() - 1) as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_folder_that_is_gone_is_reported_at_its_value_not_at_a_comment() {
        // `theme:` is written first in a comment: a search of the text would point there.
        let settings = "# theme: we used to have one\ntitle: Clinic\ntheme:   clinic # ours\n";
        let config = crate::config::parse(settings, Path::new("site.yaml")).unwrap();
        let root = tempfile::tempdir().unwrap();
        let Err(errors) = Theme::load(root.path(), &config) else {
            panic!("a theme without its folder must not load");
        };
        let span = &errors[0].span;
        assert_eq!(
            (span.line, span.column, span.width),
            (3, 10, 6),
            "{errors:?}"
        );
        assert_eq!(span.line_text, "theme:   clinic # ours");
        assert_eq!(
            errors[0].message,
            "there is no theme `clinic` (no folder themes/clinic/)"
        );
    }

    #[test]
    fn printed_addresses_are_paths_below_the_root() {
        let page = "conditions/whiplash/index.html";
        assert_eq!(
            site_path(page, "../../safety/x/index.html#a"),
            "safety/x/#a"
        );
        assert_eq!(site_path(page, "../../index.html"), "");
        assert_eq!(
            site_path(page, "../../static/a%20b.png"),
            "static/a%20b.png"
        );
        assert_eq!(
            site_path("index.html", "conditions/index.html"),
            "conditions/"
        );
        assert_eq!(
            site_path(page, "../arthritis/index.html"),
            "conditions/arthritis/"
        );
        assert!(has_scheme("https://x.org/") && has_scheme("mailto:a@b") && has_scheme("tel:123"));
        assert!(!has_scheme("../a:b") && !has_scheme("#x:y") && !has_scheme("1x:y"));
    }

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("conditions/index.html"), "../");
        assert_eq!(root_of("conditions/whiplash/index.html"), "../../");
    }

    #[test]
    fn css_strings_are_quoted_and_cannot_end_a_style_element() {
        assert_eq!(css_string("Whiplash"), "\"Whiplash\"");
        assert_eq!(
            css_string("A \"b\" \\ </style>\n"),
            "\"A \\\"b\\\" \\\\ \\3c /style\\3e \\a \""
        );
    }

    #[test]
    fn qr_codes_are_one_path_with_a_quiet_zone() {
        let svg = qr_svg("https://clinic.example/info/conditions/whiplash/").unwrap();
        let code = qrcode::QrCode::new("https://clinic.example/info/conditions/whiplash/").unwrap();
        let size = code.width() + 8;
        assert!(svg.starts_with("<svg class=\"qr-code\""), "{svg}");
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")),
            "{svg}"
        );
        assert!(svg.contains("aria-hidden=\"true\""));
        // The top-left finder pattern: a run of seven dark modules inside the quiet zone.
        assert!(svg.contains("d=\"M4 4h7v1h-7z"), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
    }

    #[test]
    fn review_dates() {
        let d = jiff::civil::date(2026, 1, 31);
        assert_eq!(next_review(d, 1), jiff::civil::date(2026, 2, 28));
        assert_eq!(next_review(d, 12), jiff::civil::date(2027, 1, 31));
        assert_eq!(human_date(d), "31 January 2026");
    }
}
