//! The theme: templates by name from the built-in default theme, the site's theme and
//! the site's own `templates/`, and tera's errors as diagnostics in those files.
//!
//! Guarantees: templates are parsed once ([`Theme::load`]); a template error names the
//! template file, line and column, taken from where tera found the problem: the span of
//! tera's report for a syntax or rendering error, and for an `{% extends %}` of a template
//! that does not exist, the place tera's parser gives the name (see [`extends_place`]).
//! Tera 2 (pinned to one version in Cargo.toml) gives the place of an unknown filter,
//! test, function or included template only inside its message text, which
//! [`located_message`] reads; the tests of those messages fail if a tera update changes
//! it. A file in the site's `templates/` that no page uses — not a template carebook
//! makes pages with, nor one such a template extends or includes, as tera's parser reads
//! them ([`needed`]) — is a warning at that file ([`unused_template`]): a misspelt
//! override would otherwise change nothing, silently. Reads the theme's files in
//! [`Theme::load`]; pure apart from that.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Span};

/// The default theme, built into the binary so carebook works from any folder: every file
/// of `themes/default/templates/` and `themes/default/static/`.
static DEFAULT_THEME: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of a built-in folder, by path below it (`/`-separated), sorted.
pub(super) fn embedded_files(folder: &str) -> Vec<(String, &'static [u8])> {
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

/// The default theme's templates that every site gets as the built-in theme writes them:
/// a site's own copy is never used.
const BUILT_IN_ONLY: [&str; 2] = ["sitemap.xml", "robots.txt"];

/// The default theme's templates that a site may replace with its own (every one but
/// [`BUILT_IN_ONLY`]), by name: those carebook makes pages with and `base.html`, which
/// they extend. Every one of them is used.
pub fn default_templates() -> Vec<(String, &'static [u8])> {
    embedded_files("templates")
        .into_iter()
        .filter(|(name, _)| !BUILT_IN_ONLY.contains(&name.as_str()))
        .collect()
}

/// The default theme's static files (style sheet, scripts), by output path.
pub fn default_static() -> Vec<(String, &'static [u8])> {
    embedded_files("static")
}

/// The default theme's template `name` (`sitemap.xml`, `robots.txt`) rendered with
/// `view`: for the files every site gets as the built-in theme writes them.
pub(super) fn render_built_in<T: Serialize>(name: &str, view: &T) -> String {
    static BUILT_IN: OnceLock<tera::Tera> = OnceLock::new();
    let tera = BUILT_IN.get_or_init(|| {
        let mut tera = tera::Tera::new();
        let files = embedded_files("templates");
        let built_in = files
            .iter()
            .filter(|(n, _)| BUILT_IN_ONLY.contains(&n.as_str()))
            .map(|(n, bytes)| (n.as_str(), std::str::from_utf8(bytes).unwrap_or_default()));
        // The two templates are part of the binary, and their tests parse them.
        let _ = tera.add_raw_templates(built_in);
        tera
    });
    tera::Context::from_serialize(view)
        .and_then(|context| tera.render(name, &context))
        .unwrap_or_else(|err| unreachable!("the built-in template {name} failed: {err}"))
}

#[cfg(test)]
thread_local! {
    /// Test builds, when set: every template rendered on this thread with the context it
    /// got, in order (for the test that docs/templates.md names every variable).
    pub(super) static CONTEXTS: std::cell::RefCell<Option<Vec<(String, serde_json::Value)>>> =
        const { std::cell::RefCell::new(None) };
}

/// Templates by name, each with the path a writer would open to fix it.
pub struct Theme {
    tera: tera::Tera,
    sources: BTreeMap<String, (PathBuf, String)>,
    /// The site's templates that no page uses ([`unused_template`]), and the texts a
    /// language lacks ([`super::strings`]).
    warnings: Vec<Diagnostic>,
    /// The interface of each of the site's languages, made once.
    strings: super::strings::Tables,
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
        // The names of the site's own templates (in its `templates/`).
        let mut own = Vec::new();
        for (dir, site) in [
            (theme_dir.join("templates"), false),
            (root.join("templates"), true),
        ] {
            for (name, path) in template_files(&dir) {
                let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        if site {
                            own.push(name.clone());
                        }
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
        let used = default_templates();
        let used: Vec<&str> = used.iter().map(|(name, _)| name.as_str()).collect();
        // None: tera named something else missing (a component): no warning, rather than
        // a wrong one.
        let (strings, strings_warnings) =
            super::strings::Tables::load(root, config, &super::strings::other_languages(config))?;
        let mut warnings = if own.is_empty() {
            Vec::new()
        } else {
            needed(&sources, &used).map_or_else(Vec::new, |needed| {
                own.iter()
                    .filter(|name| !needed.contains(name.as_str()))
                    .map(|name| unused_template(name, &sources[name].0, &used))
                    .collect()
            })
        };
        warnings.extend(strings_warnings);
        Ok(Theme {
            tera,
            sources,
            warnings,
            strings,
        })
    }

    /// Warnings about the site's templates (those that no page uses) and about the texts a
    /// language lacks.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The interface texts, dates and numbers of each of the site's languages.
    pub fn strings(&self) -> &super::strings::Tables {
        &self.strings
    }

    pub(super) fn render<T: Serialize>(
        &self,
        template: &str,
        view: &T,
    ) -> Result<String, Diagnostic> {
        #[cfg(test)]
        CONTEXTS.with_borrow_mut(|seen| {
            if let Some(seen) = seen {
                seen.push((template.to_string(), serde_json::to_value(view).unwrap()));
            }
        });
        let context = tera::Context::from_serialize(view)
            .map_err(|err| template_error(&err, &self.sources, template))?;
        self.tera
            .render(template, &context)
            .map_err(|err| template_error(&err, &self.sources, template))
    }

    /// Whether the theme has a template called `name`.
    #[cfg(test)]
    pub(super) fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }
}

/// Every template that the templates `roots` need, themselves included: the names they
/// extend and include, and the names those extend and include, found by tera's parser:
/// a set of templates loads in tera only when it holds every template its members name,
/// and tera's error names one that is missing (`MissingParent`, or "Unknown template"
/// in its message), which joins the set until it loads. `None` when tera names
/// something that is not one of `sources` (what the set lacks is then unknown). Each
/// round adds a template, so there are at most as many rounds as templates.
fn needed<'s>(
    sources: &'s BTreeMap<String, (PathBuf, String)>,
    roots: &[&str],
) -> Option<std::collections::BTreeSet<&'s str>> {
    let mut set: std::collections::BTreeSet<&str> = roots
        .iter()
        .filter_map(|name| sources.get_key_value(*name).map(|(n, _)| n.as_str()))
        .collect();
    loop {
        let mut tera = tera::Tera::new();
        let Err(err) =
            tera.add_raw_templates(set.iter().map(|&name| (name, sources[name].1.as_str())))
        else {
            return Some(set);
        };
        let missing: Vec<String> = match err.kind() {
            tera::ErrorKind::MissingParent { parent, .. } => vec![parent.clone()],
            _ => err
                .to_string()
                .split("Unknown template `")
                .skip(1)
                .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_string()))
                .collect(),
        };
        let before = set.len();
        set.extend(
            missing
                .iter()
                .filter_map(|name| sources.get_key_value(name).map(|(n, _)| n.as_str())),
        );
        if set.len() == before {
            return None;
        }
    }
}

/// The warning for the site's template `name` (at `path`) that no page uses, with the
/// names carebook makes pages with (`used`) and the nearest of them.
fn unused_template(name: &str, path: &Path, used: &[&str]) -> Diagnostic {
    if BUILT_IN_ONLY.contains(&name) {
        return Diagnostic::warning(
            Span::file(path),
            format!("this template is never used: carebook always writes `{name}` as its built-in theme has it"),
        )
        .with_help("delete this file: carebook makes it from the site's pages and settings, and a copy here changes nothing");
    }
    let message = format!(
        "this template is never used: carebook makes no page with `{name}`, and no template it uses extends or includes it"
    );
    let listed = used.join(", ");
    let help = match crate::diagnostic::did_you_mean(name, used.iter().copied()) {
        Some(near) => format!(
            "did you mean `{near}`? Rename the file to it. The templates carebook uses are {listed}, and those they extend or include"
        ),
        None => format!(
            "the templates carebook uses are {listed}, and those they extend or include: rename the file to the one it should replace, include it from one of them, or delete it"
        ),
    };
    Diagnostic::warning(Span::file(path), message).with_help(help)
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
    // A missing parent: at the name in the `extends` of the template that names it.
    if let tera::ErrorKind::MissingParent { current, parent } = err.kind()
        && let Some((path, text)) = sources.get(current.as_str())
    {
        let (line, column, width) =
            extends_place(current, text).unwrap_or((1, 1, parent.len().max(1)));
        return Diagnostic::error(
            Span::at_line_column(path, text, line, column, width),
            format!("template: `{current}` extends `{parent}`, which is not a template of the theme or the site"),
        )
        .with_help("check the name in `{% extends %}`: it must be a file in templates/ or the theme's templates/");
    }
    // An unknown filter, test, function or included template: tera gives its place only
    // in the message, "error: MESSAGE" and "--> NAME:LINE:COLUMN".
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

/// Where template `text` (called `name`) writes the name of its parent in `{% extends %}`,
/// as (line, column, width) of the name inside its quotes, as tera's parser found it.
/// Tera keeps no place for a parent that is missing, but its parser refuses an `extends`
/// that is not the template's first tag and reports the span of the name it just read:
/// so the template is parsed once more behind one line of text, and that span is moved
/// back up the line.
fn extends_place(name: &str, text: &str) -> Option<(usize, usize, usize)> {
    let err = tera::Tera::new()
        .add_raw_template(name, &format!("-\n{text}"))
        .err()?;
    let tera::ErrorKind::SyntaxError(report) = err.kind() else {
        return None;
    };
    let span = report.span();
    // The span holds the name's quotes.
    (span.start_line > 1 && span.start_line == span.end_line && span.end_col > span.start_col + 2)
        .then(|| {
            (
                span.start_line - 1,
                span.start_col + 2,
                span.end_col - span.start_col - 2,
            )
        })
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

    /// The place of each template problem, as (line, column, width), for a template
    /// `entry.html` written as `text` over the default theme.
    fn placed(text: &str) -> (usize, usize, usize, String) {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("templates")).unwrap();
        std::fs::write(root.path().join("templates/entry.html"), text).unwrap();
        let config = crate::config::parse("title: Clinic\n", Path::new("site.yaml")).unwrap();
        let Err(errors) = Theme::load(root.path(), &config) else {
            panic!("{text:?} must not load");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        let d = &errors[0];
        assert_eq!(d.span.path, Path::new("templates/entry.html"));
        (d.span.line, d.span.column, d.span.width, d.message.clone())
    }

    #[test]
    fn a_missing_parent_is_placed_where_the_parser_read_its_name() {
        // The name is also written before it, in a comment: a search of the text would
        // point there.
        let cases = [
            ("{% extends \"basis.html\" %}\n", (1, 13, 10)),
            (
                "{# basis.html #}{% extends \"basis.html\" %}\n",
                (1, 29, 10),
            ),
            (
                "{# this extends basis.html #}\n  {% extends 'basis.html' %}\n",
                (2, 15, 10),
            ),
            (
                "\n\n{%- extends   \"basis.html\"   -%}\n{% block content %}basis.html{% endblock %}\n",
                (3, 16, 10),
            ),
        ];
        for (text, place) in cases {
            let (line, column, width, message) = placed(text);
            assert_eq!((line, column, width), place, "{text:?}");
            assert_eq!(
                message,
                "template: `entry.html` extends `basis.html`, which is not a template of the theme or the site"
            );
        }
    }

    #[test]
    fn unknown_names_are_placed_where_tera_says() {
        // Tera gives these places only in its message: an update that changes its form
        // fails here.
        let base = "{% extends \"base.html\" %}\n{% block content %}\n";
        let cases = [
            (
                "<p>{{ entry.title | shout }}</p>",
                (3, 21, 5),
                "Unknown filter `shout`",
            ),
            (
                "{% if entry is loud %}x{% endif %}",
                (3, 16, 4),
                "Unknown test `loud`",
            ),
            ("{{ now() }}", (3, 4, 5), "Unknown function `now`"),
            (
                "{% include \"card.html\" %}",
                (3, 12, 11),
                "Unknown template `card.html`",
            ),
        ];
        for (line, place, message) in cases {
            let text = format!("{base}{line}\n{{% endblock %}}\n");
            let (l, c, w, m) = placed(&text);
            assert_eq!((l, c, w), place, "{line}");
            assert_eq!(m, format!("template: {message}"));
        }
    }
}
