//! Render stage: [`Site`] -> HTML pages, through tera templates.
//!
//! Guarantees: templates are parsed once and a template error names the template file,
//! line and column ([`theme`]); every page gets a small view struct built for it (never
//! the whole site: [`views`]), built through a [`reads::Reader`] that records what the
//! page read ([`Renderer::render_recorded`], for `serve`'s rebuilds); every URL in a page
//! is relative to that page, so the output works from disk and from any sub-path, and
//! percent-encoded by [`crate::url`], so a file or page of any name is reached
//! ([`links`]); front-matter text is escaped by tera's HTML autoescape, and only body HTML
//! made by [`crate::markdown`] and JSON-LD made here ([`jsonld`]) are marked safe.
//! Handouts hold their entries as chapters ([`handout`]). Which pages there are and where
//! they go: [`pages`]. Pure apart from reading theme files in [`Theme::load`].
//! Needs: a [`Site`] without errors (links resolved).
//!
//! Ids are unique on every page by construction: a page's own headings never hold `--`
//! ([`crate::markdown`]); everything else does: its footnotes (`fn--…`), a safety note's
//! body shown on it (`note-SLUG--…`), a handout's chapters (`chapter--SLUG`, and
//! `chapter--SLUG--…` inside them) and the theme's own ids (`page--main`, `page--safety`).
//! A printed link shows the full address of its target under `base_url`.

mod clinic;
mod handout;
mod jsonld;
mod links;
mod pages;
pub mod reads;
pub mod strings;
mod theme;
mod views;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::graph::{EntryId, Site};
use crate::markdown;
use crate::url;

pub use clinic::THEME_FAVICON;
pub use handout::handout_chapters;
pub use pages::{NOT_FOUND, PageJob, base_path, job_path, page_jobs, sitemap};
pub use theme::{Theme, default_static, default_templates};

use links::Place;
use reads::{Memo, ReadId, Reader, Source};
use views::{PageView, SiteView};

/// A view under one name: `{"entry": view}`, flattened into the template context.
fn named<'v, T: Serialize>(name: &'static str, view: &'v T) -> BTreeMap<&'static str, &'v T> {
    BTreeMap::from([(name, view)])
}

/// Renders pages of one site with one theme.
pub struct Renderer<'a> {
    source: Source<'a>,
    theme: &'a Theme,
    /// Each safety note's body as pages that are not handouts show it, by note, page
    /// depth, whether links are absolute and the prefix of its ids: a whole Markdown
    /// render, shown on every page the note applies to.
    note_bodies: Memo<views::NoteKey, tera::Value>,
    /// Each link to an entry (title, address, summary) as pages that are not handouts
    /// show it, by entry, page depth and whether links are absolute: the related lists of
    /// 10,000 pages make it 100,000 times. (JSON-LD and QR codes are one per page: no
    /// memo.)
    links: Memo<views::LinkKey, tera::Value>,
    /// The navigation, by the way to the root and the page's section: one of a dozen
    /// values on 10,000 pages.
    navs: Memo<views::NavKey, views::Navigation>,
    /// The brand colour's CSS custom properties, made once (see [`crate::brand`]).
    brand_css: Option<String>,
    /// The logo, favicon, extra stylesheet, disclaimer and contact, made once.
    clinic: clinic::ClinicView,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        Renderer {
            source: Source::new(site),
            theme,
            note_bodies: Memo::new(),
            links: Memo::new(),
            navs: Memo::new(),
            brand_css: site
                .config
                .brand
                .as_ref()
                .map(crate::brand::css_custom_properties),
            clinic: clinic::ClinicView::new(&site.config.clinic),
        }
    }

    /// Renders one page; its output path is [`job_path`].
    pub fn render(&self, job: &PageJob) -> Result<String, Diagnostic> {
        self.render_with(&self.source.unrecorded(), job)
    }

    /// Renders one page, with everything it read of the site.
    pub fn render_recorded(&self, job: &PageJob) -> Result<(String, Vec<ReadId>), Diagnostic> {
        let reader = self.source.reader();
        let html = self.render_with(&reader, job)?;
        Ok((html, reader.into_reads()))
    }

    /// The interface (texts, dates, numbers) of the page `job` makes: its language's.
    fn table(&self, reader: &Reader<'_>, job: &PageJob) -> &'a strings::Table {
        let language = reader.page_language(job);
        self.theme
            .strings()
            .table(&reader.config().languages[language].tag)
    }

    fn render_with(&self, reader: &Reader<'_>, job: &PageJob) -> Result<String, Diagnostic> {
        let config = reader.config();
        let path = reader.page_path(job);
        let language = reader.page_language(job);
        let t = self.table(reader, job);
        match job {
            PageJob::Home(_) => {
                let view = self.home_view(reader, &path, language, t);
                self.render_page(
                    reader,
                    job,
                    t,
                    "home.html",
                    Head::new(&path, &config.title, &config.description, language),
                    &named("home", &view),
                )
            }
            PageJob::Kind(k, _) => {
                let title = t.kind_title(&config.kinds[*k]);
                let view = self.kind_view(reader, *k, &path, language, t);
                let description = t.fill("kind_description", &[("kind", title)]);
                self.render_page(
                    reader,
                    job,
                    t,
                    "kind.html",
                    Head::new(&path, title, &description, language),
                    &named("kind", &view),
                )
            }
            PageJob::Entry(id) => {
                let e = reader.meta(*id);
                let place = Place::page_in(&path, language);
                if e.kind() == config.builtin(crate::config::BuiltinKind::Handout) {
                    self.render_handout(reader, *id, &path, handout::Purpose::Web, t)
                } else if config.kinds[e.kind()].is_plain_pages() {
                    let view = self.entry_view(reader, *id, &place, markdown::Embed::default(), t);
                    // A plain page may have no summary: the site's description (or the title)
                    // stands in.
                    let description = [e.summary(), &config.description, e.title()]
                        .into_iter()
                        .find(|d| !d.is_empty())
                        .unwrap_or_default();
                    let head = Head {
                        plain_page: Some(reader.source_of(*id)),
                        ..Head::new(&path, e.title(), description, language)
                    };
                    self.render_page(reader, job, t, "page.html", head, &named("entry", &view))
                } else {
                    let view = self.entry_view(reader, *id, &place, markdown::Embed::default(), t);
                    self.render_page(
                        reader,
                        job,
                        t,
                        "entry.html",
                        Head::new(&path, e.title(), e.summary(), language),
                        &named("entry", &view),
                    )
                }
            }
            PageJob::Tags(_) => {
                let view = self.tags_view(reader, t);
                self.render_page(
                    reader,
                    job,
                    t,
                    "tags.html",
                    Head::new(
                        &path,
                        t.get("topics"),
                        t.get("topics_description"),
                        language,
                    ),
                    &named("tags", &view),
                )
            }
            PageJob::Tag(topic, _) => {
                let view = self.tag_view(reader, *topic, &path, language, t);
                let (name, _) = reader.topic(*topic);
                let description = t.fill("topic_description", &[("name", name)]);
                self.render_page(
                    reader,
                    job,
                    t,
                    "tag.html",
                    Head::new(&path, name, &description, language),
                    &named("tag", &view),
                )
            }
            PageJob::NotFound => self.render_page(
                reader,
                job,
                t,
                "404.html",
                Head::new(
                    &path,
                    t.get("not_found_title"),
                    t.get("not_found_description"),
                    language,
                ),
                &BTreeMap::<&str, ()>::new(),
            ),
        }
    }

    /// Renders page `job` with `template`, its interface in `t`: `head` says what every
    /// page has, `view` what this template shows.
    fn render_page<T: Serialize>(
        &self,
        reader: &Reader<'_>,
        job: &PageJob,
        t: &strings::Table,
        template: &str,
        head: Head<'_>,
        view: &T,
    ) -> Result<String, Diagnostic> {
        let config = reader.config();
        let Head {
            path,
            plain_page,
            title,
            description,
            language,
        } = head;
        let full_title = if title == config.title {
            title.to_string()
        } else {
            format!("{title} — {}", config.title)
        };
        let root = pages::page_root(&config.base_url, path);
        let nav = self.nav(reader, path, &root, plain_page, language);
        let absolute = |path: &str| {
            format!(
                "{}{}",
                config.base_url,
                url::encode(path.trim_end_matches("index.html"))
            )
        };
        // A page not found has no address of its own.
        let canonical = (!config.base_url.is_empty() && path != NOT_FOUND).then(|| absolute(path));
        let translations = reader
            .page_alternates(job)
            .into_iter()
            .filter_map(|a| {
                let l = config.languages.iter().position(|l| l.tag == a.hreflang)?;
                let language = &config.languages[l];
                Some(views::TranslationView {
                    tag: &language.tag,
                    name: &language.name,
                    href: format!("{root}{}", url::encode(&a.path)),
                    url: (!config.base_url.is_empty()).then(|| absolute(&a.path)),
                    current: a.path == path,
                })
            })
            .collect();
        let page = PageView {
            nav: nav.nav,
            menu: nav.menu,
            footer_links: nav.footer,
            home: format!("{root}{}", links::home_path(config, language)),
            search_index: format!(
                "{root}{}{}/",
                links::language_folder(config, language),
                crate::config::SEARCH_INDEX_FOLDER
            ),
            root,
            site: SiteView {
                title: &config.title,
                description: &config.description,
                language: config.language(),
                disclaimer: self.clinic.disclaimer().map(|d| {
                    if d == crate::config::DEFAULT_DISCLAIMER {
                        t.get("disclaimer")
                    } else {
                        d
                    }
                }),
                brand_css: self.brand_css.as_deref(),
                clinic: &self.clinic,
            },
            language: &config.languages[language].tag,
            dir: t.dir(),
            translations,
            title: full_title,
            description: description.to_string(),
            read_online: canonical
                .as_deref()
                .map(|url| t.fill("read_online", &[("url", url)])),
            canonical,
            path: path.to_string(),
            lowercase_titles: t.lowercase_titles(),
            page_of: t.page_of_css(),
            search_texts: t.search_json(),
        };
        #[derive(Serialize)]
        struct Ctx<'v, T: Serialize> {
            page: PageView<'v>,
            /// The interface's texts in the page's language.
            t: &'v tera::Value,
            #[serde(flatten)]
            view: &'v T,
        }
        self.theme.render(
            template,
            &Ctx {
                page,
                t: t.view(),
                view,
            },
        )
    }
}

/// What every page has besides its template's view: where it goes, the plain page it
/// shows (if it is one: its menu item is the current one), its title and description,
/// and its language.
struct Head<'h> {
    path: &'h str,
    plain_page: Option<EntryId>,
    title: &'h str,
    description: &'h str,
    language: crate::config::LangId,
}

impl<'h> Head<'h> {
    fn new(
        path: &'h str,
        title: &'h str,
        description: &'h str,
        language: crate::config::LangId,
    ) -> Self {
        Head {
            path,
            plain_page: None,
            title,
            description,
            language,
        }
    }
}

#[cfg(test)]
mod tests;
