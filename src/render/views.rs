//! The view structs that templates see, and how each is built from what a page reads.
//!
//! Guarantees: every page gets a small view built for it (never the whole site); every
//! view is built from a [`Reader`], so what it shows is recorded as read; front-matter
//! text reaches templates as plain strings (tera escapes it), and only body HTML made by
//! [`crate::markdown`] and JSON-LD made by [`super::jsonld`] are strings that templates
//! mark safe. A safety note's body, shown on every page the note applies to, is made
//! once per key that holds everything it depends on ([`Memo`](super::reads::Memo)).
//! Needs: a resolved site.

use serde::Serialize;

use crate::frontmatter::{Audience, SafetySeverity};
use crate::graph::EntryId;
use crate::markdown;
use crate::url;

use super::links::Place;
use super::reads::Reader;
use super::strings::Table;
use super::{Renderer, handout};

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    /// The footer's sentence (`disclaimer:`, else the theme's in the page's language);
    /// absent with `disclaimer: false`.
    pub(super) disclaimer: Option<&'a str>,
    /// The CSS custom properties of the clinic's colour (`brand: colour:`), if set.
    pub(super) brand_css: Option<&'a str>,
    /// `logo`, `favicon`, `extra_css`, `disclaimer` and `contact`.
    #[serde(flatten)]
    pub(super) clinic: &'a super::clinic::ClinicView,
}

#[derive(Serialize)]
struct NavItem<'s> {
    title: &'s str,
    href: String,
    current: bool,
    /// The language tag of a page not translated into the page's language (its `lang` and
    /// `hreflang`), so that a screen reader reads its title in its own language.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'s str>,
}

/// The links every page has to the others: made once per way to the root and section
/// ([`Renderer::nav`]), each a list of [`NavItem`]s.
#[derive(Clone)]
pub(super) struct Navigation {
    /// The A–Z pages and the list of topics.
    pub(super) nav: tera::Value,
    /// The plain pages with `menu: N`, in order of N (then title).
    pub(super) menu: tera::Value,
    /// The plain pages with `footer: true`, by title.
    pub(super) footer: tera::Value,
}

/// What every template gets as `page`.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    /// Relative way to the site root, "" or "../../"; prefix for assets.
    pub(super) root: String,
    pub(super) site: SiteView<'a>,
    /// The A–Z pages and topics, [`NavItem`]s ([`Renderer::nav`]).
    pub(super) nav: tera::Value,
    /// The plain pages in the header's menu, in order ([`NavItem`]s).
    pub(super) menu: tera::Value,
    /// The plain pages linked in the footer ([`NavItem`]s).
    pub(super) footer_links: tera::Value,
    /// The home page in the page's language, from this page.
    pub(super) home: String,
    /// The folder of the search index of the page's language, from this page, ending in
    /// `/` (`../../search-index/`, `../../../es/search-index/`).
    pub(super) search_index: String,
    /// The page's language tag: `<html lang>`.
    pub(super) language: &'a str,
    /// `ltr` or `rtl`: `<html dir>`.
    pub(super) dir: &'static str,
    /// The page in each language it is published in, this one too, when there is more
    /// than one: the language switcher and `<link rel="alternate" hreflang>`.
    pub(super) translations: Vec<TranslationView<'a>>,
    /// The `<title>`: "Whiplash — Riverside Clinic".
    pub(super) title: String,
    pub(super) description: String,
    /// Absolute URL of this page when `base_url` is set.
    pub(super) canonical: Option<String>,
    /// Path of this page below the site root.
    pub(super) path: String,
    /// Whether a title is lower-cased inside a sentence (not in German).
    pub(super) lowercase_titles: bool,
    /// "Read this page online: ADDRESS", when the page has a canonical address.
    pub(super) read_online: Option<String>,
    /// The printed footer's "Page X of Y", a CSS `content:` value (safe in `<style>`).
    pub(super) page_of: String,
    /// The search box's texts in the page's language, as JSON (for search.js).
    pub(super) search_texts: &'a str,
}

/// The page in one of its languages.
#[derive(Serialize)]
pub(super) struct TranslationView<'a> {
    pub(super) tag: &'a str,
    /// The language's name in itself: "Español".
    pub(super) name: &'a str,
    /// From this page.
    pub(super) href: String,
    /// Absolute, when the site has a `base_url`.
    pub(super) url: Option<String>,
    /// This page's own language.
    pub(super) current: bool,
}

/// A link to an entry (or a tag). Where a page shows them in groups, they are
/// [`tera::Value`]s made from this ([`Renderer::link_at`]).
#[derive(Serialize)]
pub(super) struct LinkView<'s> {
    pub(super) title: &'s str,
    pub(super) href: String,
    summary: &'s str,
    kind: &'s str,
    /// The language tag of an entry shown in another language than the page's (not yet
    /// translated): `lang` and `hreflang` on the link.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'s str>,
    /// That language's name, shown after the link: "(English)".
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'s str>,
}

#[derive(Serialize)]
struct GroupView {
    label: String,
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
    /// HTML: "Page last reviewed <time>…</time> by … · Next review due <time>…</time>".
    line: String,
    /// HTML: the same for a handout's chapter: "Reviewed <time>…</time> by … · …".
    chapter_line: String,
}

#[derive(Serialize)]
pub(super) struct EntryView<'s> {
    kind: &'s str,
    kind_title: String,
    /// The kind's A–Z page; a plain page has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind_href: Option<String>,
    title: &'s str,
    summary: &'s str,
    aliases: &'s [String],
    tags: Vec<LinkView<'s>>,
    /// The body's HTML: a string (not marked safe), shared with a handout chapter's body.
    pub(super) body: tera::Value,
    related: Vec<GroupView>,
    backlinks: Vec<GroupView>,
    urgent: Vec<SafetyView<'s>>,
    safety: Vec<SafetyView<'s>>,
    review: Option<ReviewView>,
    /// The page's `sources:` that its text does not cite as footnotes.
    sources: Vec<&'s str>,
    /// The page's footnotes, numbered, each with its ways back to the text (its cited
    /// `sources:` among them): listed under "Sources".
    notes: Vec<markdown::Note>,
    audience: &'static str,
    severity: Option<&'static str>,
    /// A string (not marked safe).
    jsonld: tera::Value,
    /// Link to the entry's own page, relative to the current page (absolute in a PDF when
    /// `base_url` is set).
    href: String,
    /// Absolute URL of the entry's page, when `base_url` is set.
    url: Option<String>,
    /// A QR code of `url` as inline SVG (`aria-hidden`: show `url` as text beside it); a
    /// string (not marked safe).
    qr: Option<tera::Value>,
    print: PrintLabels,
    /// Its texts with parts, filled in the page's language.
    texts: EntryTexts,
    /// Test builds only, and only with a theme that has a template `linked-bodies.html`:
    /// the text of every entry this one lists. A field no real template shows, for the
    /// test that a new field's reads are recorded without anyone listing them.
    #[cfg(test)]
    #[serde(skip_serializing_if = "Option::is_none")]
    linked_bodies: Option<Vec<&'s str>>,
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

/// The texts of an entry that have parts, filled in ([`Table::fill`]).
#[derive(Serialize)]
struct EntryTexts {
    /// "Online: ADDRESS", when the site has a `base_url`.
    online: Option<String>,
    /// "Whiplash on the website".
    on_the_website: String,
}

#[derive(Serialize)]
struct LetterGroup<'s> {
    letter: String,
    items: Vec<LinkView<'s>>,
}

#[derive(Serialize)]
pub(super) struct KindView<'s> {
    title: String,
    letters: Vec<LetterGroup<'s>>,
    count: usize,
    /// "12 pages, from A to Z.", in the page's language.
    count_text: String,
}

#[derive(Serialize)]
struct KindSummary<'s> {
    title: String,
    href: String,
    count: usize,
    items: Vec<LinkView<'s>>,
    /// "All 12 conditions", in the page's language.
    all_text: String,
}

#[derive(Serialize)]
struct RecentView<'s> {
    link: LinkView<'s>,
    reviewed: String,
    reviewed_iso: String,
    /// HTML: "reviewed <time>…</time>".
    reviewed_line: String,
}

#[derive(Serialize)]
pub(super) struct HomeView<'s> {
    title: &'s str,
    intro: String,
    /// The language of `intro` when it is not the page's (the home page's text is not
    /// translated into it): for `lang` on the element that holds it.
    intro_lang: Option<&'s str>,
    kinds: Vec<KindSummary<'s>>,
    recent: Vec<RecentView<'s>>,
    /// The clinic's schema.org JSON-LD, when `contact:` is set ([`super::jsonld`]).
    jsonld: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TagView<'s> {
    name: &'s str,
    /// [`LinkView`]s.
    items: Vec<tera::Value>,
    /// "Topic: NAME".
    heading: String,
    /// "3 pages about this topic.".
    count_text: String,
}

#[derive(Serialize)]
struct TagSummary<'s> {
    name: &'s str,
    href: String,
    count: usize,
    /// The count as the page's language writes it.
    count_text: String,
}

#[derive(Serialize)]
pub(super) struct TagsView<'s> {
    tags: Vec<TagSummary<'s>>,
}

/// The key of a safety note's body shared between pages that are not handouts: the note,
/// how deep the page is, whether links are absolute, and the prefix of its ids.
pub(super) type NoteKey = (EntryId, usize, bool, String, crate::config::LangId);

/// Which item of the navigation is the page's own section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum NavCurrent {
    None,
    Kind(crate::config::KindId),
    Topics,
    /// A plain page, which may be in the menu.
    Page(EntryId),
}

/// The key of the navigation shared between pages: the way to the root, the section,
/// and the page's language.
pub(super) type NavKey = (String, NavCurrent, crate::config::LangId);

/// The key of a link to an entry shared between pages that are not handouts: the entry,
/// how deep the page is, whether links are absolute, and the page's language.
pub(super) type LinkKey = (EntryId, usize, bool, crate::config::LangId);

impl<'a> Renderer<'a> {
    /// The navigation of the page at `path`, whose way to the root is `root`; `page`:
    /// the plain page it is, if it is one.
    pub(super) fn nav(
        &self,
        reader: &Reader<'_>,
        path: &str,
        root: &str,
        page: Option<EntryId>,
        language: crate::config::LangId,
    ) -> Navigation {
        // The same for every page of a section at one depth: made once for each.
        let folder = super::links::language_folder(reader.config(), language);
        let path = path.strip_prefix(folder.as_str()).unwrap_or(path);
        let section = path.split_once('/').map_or("", |(first, _)| first);
        let current = match page {
            Some(id) => NavCurrent::Page(id),
            None => reader
                .config()
                .kinds
                .iter()
                .position(|kind| kind.folder == section && !kind.is_plain_pages())
                .map_or(
                    if section == "tags" {
                        NavCurrent::Topics
                    } else {
                        NavCurrent::None
                    },
                    NavCurrent::Kind,
                ),
        };
        self.navs.get(
            self,
            reader,
            (root.to_string(), current, language),
            |r, reader, (root, current, language)| {
                let tag = &reader.config().languages[*language].tag;
                r.make_nav(
                    reader,
                    root,
                    *current,
                    *language,
                    r.theme.strings().table(tag),
                )
            },
        )
    }

    fn make_nav(
        &self,
        reader: &Reader<'_>,
        root: &str,
        current: NavCurrent,
        language: crate::config::LangId,
        t: &Table,
    ) -> Navigation {
        let config = reader.config();
        let shape = reader.shape();
        // The A–Z pages of the page's language.
        let folder = super::links::language_folder(config, language);
        let mut nav: Vec<NavItem> = config
            .kinds
            .iter()
            .enumerate()
            .filter(|(k, _)| shape.kinds_present[*k])
            .map(|(k, kind)| NavItem {
                title: t.kind_title(kind),
                href: format!("{root}{folder}{}/index.html", kind.folder),
                current: current == NavCurrent::Kind(k),
                lang: None,
            })
            .collect();
        if shape.topics {
            nav.push(NavItem {
                title: t.get("topics"),
                href: format!("{root}{folder}tags/index.html"),
                current: current == NavCurrent::Topics,
                lang: None,
            });
        }
        let mut menu = Vec::new();
        let mut footer = Vec::new();
        for page in reader.menu_pages() {
            // The page in the page's language, where it is translated.
            let shown = reader.in_language(page.id, language);
            let meta = reader.meta(shown);
            let title = meta.title();
            let lang = (meta.language() != language)
                .then(|| config.languages[meta.language()].tag.as_str());
            let item = || NavItem {
                title,
                href: format!("{root}{}", reader.url(shown)),
                current: current == NavCurrent::Page(page.id) || current == NavCurrent::Page(shown),
                lang,
            };
            if let Some(n) = page.menu {
                menu.push((n, page.title.to_lowercase(), item()));
            }
            if page.footer {
                footer.push((page.title.to_lowercase(), item()));
            }
        }
        menu.sort_by(|a, b| (a.0, &a.1, &a.2.href).cmp(&(b.0, &b.1, &b.2.href)));
        footer.sort_by(|a, b| (&a.0, &a.1.href).cmp(&(&b.0, &b.1.href)));
        let menu: Vec<NavItem> = menu.into_iter().map(|(_, _, item)| item).collect();
        let footer: Vec<NavItem> = footer.into_iter().map(|(_, item)| item).collect();
        Navigation {
            nav: tera::Value::from_serializable(&nav),
            menu: tera::Value::from_serializable(&menu),
            footer: tera::Value::from_serializable(&footer),
        }
    }

    pub(super) fn link_view<'s>(
        &self,
        reader: &Reader<'s>,
        id: EntryId,
        place: &Place<'_>,
    ) -> LinkView<'s> {
        let shown = reader.in_language(id, place.language);
        let e = reader.meta(shown);
        let config = reader.config();
        // An entry not translated into the page's language: shown in its own, saying so.
        let other = (e.language() != place.language).then(|| &config.languages[e.language()]);
        LinkView {
            title: e.title(),
            href: self.entry_link(reader, id, None, place).0,
            summary: e.summary(),
            kind: &config.kinds[e.kind()].name,
            lang: other.map(|l| l.tag.as_str()),
            language: other.map(|l| l.name.as_str()),
        }
    }

    /// The [`LinkView`] of entry `id` from `place`, ready for tera.
    pub(super) fn link_at(
        &self,
        reader: &Reader<'_>,
        id: EntryId,
        place: &Place<'_>,
    ) -> tera::Value {
        if place.handout.is_some() {
            return tera::Value::from_serializable(&self.link_view(reader, id, place));
        }
        let key = (id, place.depth, place.absolute, place.language);
        self.links.get(
            self,
            reader,
            key,
            |r, reader, &(id, depth, absolute, language)| {
                tera::Value::from_serializable(&r.link_view(
                    reader,
                    id,
                    &Place::plain(depth, absolute, language),
                ))
            },
        )
    }

    /// `id_prefix` goes before the ids of the note's body (see [`SafetyView::body`]).
    fn safety_view<'s>(
        &self,
        reader: &Reader<'s>,
        note: EntryId,
        via: &[EntryId],
        place: &Place<'_>,
        id_prefix: &str,
    ) -> SafetyView<'s> {
        let note = reader.in_language(note, place.language);
        let e = reader.meta(note);
        let body = if place.handout.is_none() {
            let key = (
                note,
                place.depth,
                place.absolute,
                id_prefix.to_string(),
                place.language,
            );
            self.note_bodies.get(
                self,
                reader,
                key,
                |r, reader, (note, depth, absolute, prefix, language)| {
                    let place = Place::plain(*depth, *absolute, *language);
                    r.note_body(reader, *note, &place, prefix)
                },
            )
        } else {
            self.note_body(reader, note, place, id_prefix)
        };
        let (href, print_url) = self.entry_link(reader, note, None, place);
        SafetyView {
            title: e.title(),
            print_url,
            href,
            summary: e.summary(),
            severity: e.severity().as_str(),
            via: via
                .iter()
                .map(|&v| self.link_at(reader, v, place))
                .collect(),
            body,
        }
    }

    fn note_body(
        &self,
        reader: &Reader<'_>,
        note: EntryId,
        place: &Place<'_>,
        id_prefix: &str,
    ) -> tera::Value {
        let prefix = format!("{id_prefix}note-{}--", reader.meta(note).slug());
        tera::Value::from(self.body_html(
            reader,
            note,
            place,
            markdown::Embed {
                id_prefix: &prefix,
                demote: 1,
            },
        ))
    }

    /// The view of entry `id` shown at `place`, its body rendered with `embed` (the
    /// page's own body: `Embed::default()`).
    pub(super) fn entry_view<'s>(
        &self,
        reader: &Reader<'s>,
        id: EntryId,
        place: &Place<'_>,
        embed: markdown::Embed<'_>,
        t: &Table,
    ) -> EntryView<'s> {
        let config = reader.config();
        let entry = reader.full(id);
        let e = entry.meta();
        let front = e.front();
        let kind = &config.kinds[e.kind()];
        // A translation's relations, topics and safety notes are its source's.
        let source = reader.source_of(id);
        let structure = reader.full(source);
        let source_front = structure.meta().front();
        let safety_kind = config.builtin(crate::config::BuiltinKind::Safety);
        let related = structure
            .outgoing()
            .iter()
            .filter(|o| !o.targets.is_empty())
            .filter(|o| match kind.relations[o.relation].target {
                crate::config::Target::Kind(k) => k != safety_kind,
                crate::config::Target::Any => true,
            })
            .map(|o| {
                let relation = &kind.relations[o.relation];
                let label = match relation.target {
                    crate::config::Target::Kind(k) => t.kind_title(&config.kinds[k]),
                    crate::config::Target::Any => t.get("in_this_handout"),
                }
                .to_string();
                GroupView {
                    label,
                    items: o
                        .targets
                        .iter()
                        .map(|&t| self.link_at(reader, t, place))
                        .collect(),
                }
            })
            .collect();
        let backlinks = structure
            .incoming()
            .iter()
            .map(|i| GroupView {
                label: inverse_label(t, &config.kinds, &i.label),
                items: i
                    .sources
                    .iter()
                    .map(|&s| self.link_at(reader, s, place))
                    .collect(),
            })
            .collect();
        let (urgent, safety): (Vec<SafetyView>, Vec<SafetyView>) = structure
            .safety()
            .iter()
            .map(|a| self.safety_view(reader, a.note, &a.via, place, embed.id_prefix))
            .partition(|s| s.severity == SafetySeverity::Urgent.as_str());
        let next = front.next_review(config.review_every_months);
        let review = front
            .reviewed
            .zip(next)
            .map(|(reviewed, next)| review_view(t, reviewed, next, front.reviewed_by.as_deref()));
        let tags = source_front
            .tags
            .iter()
            .filter_map(|t| {
                let slug = crate::content::slugify(t);
                (!slug.is_empty()).then(|| LinkView {
                    title: t.trim(),
                    href: format!(
                        "{}{}tags/{}/index.html",
                        place.root,
                        super::links::language_folder(config, place.language),
                        url::encode(&slug)
                    ),
                    summary: "",
                    kind: "tag",
                    lang: None,
                    language: None,
                })
            })
            .collect();
        let url = self.absolute_url(reader, id);
        // Keyed sources, for the text to cite by key.
        let citable: Vec<markdown::Citable> = front
            .sources
            .iter()
            .filter_map(|s| {
                Some(markdown::Citable {
                    key: s.key.as_deref()?,
                    text: &s.text,
                })
            })
            .collect();
        let (body, mut notes) = self.body_with_notes(reader, id, place, embed, &citable);
        // A note's source is its index in `front.sources`, not among the keyed ones.
        let keyed: Vec<usize> = (front.sources.iter().enumerate())
            .filter(|(_, s)| s.key.is_some())
            .map(|(i, _)| i)
            .collect();
        for n in &mut notes {
            n.source = n.source.map(|i| keyed[i]);
        }
        let print = PrintLabels {
            paper: config.paper.css_size(),
            title: handout::css_string(e.title()),
            review: handout::review_label(t, front.reviewed),
        };
        let texts = EntryTexts {
            online: url.as_deref().map(|u| t.fill("online", &[("url", u)])),
            on_the_website: t.fill("on_the_website", &[("title", e.title())]),
        };
        let jsonld = tera::Value::from(self.jsonld(reader, id, &place.root, t));
        let qr = url
            .as_deref()
            .and_then(handout::qr_svg)
            .map(tera::Value::from);
        EntryView {
            kind: &kind.name,
            kind_title: t.kind_title(kind).to_string(),
            kind_href: (!kind.is_plain_pages()).then(|| {
                let folder = super::links::language_folder(config, place.language);
                format!("{}{folder}{}/index.html", place.root, kind.folder)
            }),
            title: e.title(),
            summary: e.summary(),
            aliases: &front.aliases,
            tags,
            body: tera::Value::from(body),
            related,
            backlinks,
            urgent,
            safety,
            review,
            sources: front
                .sources
                .iter()
                .enumerate()
                .filter(|(i, _)| !notes.iter().any(|n| n.source == Some(*i)))
                .map(|(_, s)| s.text.as_str())
                .collect(),
            notes,
            audience: match front.audience {
                Audience::Patient => "patient",
                Audience::Trainee => "trainee",
                Audience::Clinician => "clinician",
            },
            severity: front.severity.map(SafetySeverity::as_str),
            jsonld,
            href: self.page_url(reader, reader.url(id), place),
            qr,
            url,
            print,
            texts,
            #[cfg(test)]
            linked_bodies: self.theme.has_template("linked-bodies.html").then(|| {
                entry
                    .outgoing()
                    .iter()
                    .flat_map(|o| o.targets.iter())
                    .map(|&t| reader.full(t).body())
                    .collect()
            }),
        }
    }

    /// The absolute URL of an entry's page, when the site has a `base_url`.
    pub(super) fn absolute_url(&self, reader: &Reader<'_>, id: EntryId) -> Option<String> {
        let base = &reader.config().base_url;
        (!base.is_empty())
            .then(|| format!("{base}{}", reader.url(id).trim_end_matches("index.html")))
    }

    pub(super) fn kind_view<'s>(
        &self,
        reader: &Reader<'s>,
        k: usize,
        from: &str,
        language: crate::config::LangId,
        t: &Table,
    ) -> KindView<'s> {
        let place = Place::page_in(from, language);
        let mut items: Vec<LinkView> = reader
            .kind_entries(k)
            .map(|id| self.link_view(reader, id, &place))
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
            title: t.kind_title(&reader.config().kinds[k]).to_string(),
            letters,
            count,
            count_text: t.count("pages_a_to_z", count, &[]),
        }
    }

    pub(super) fn home_view<'s>(
        &self,
        reader: &Reader<'s>,
        from: &str,
        language: crate::config::LangId,
        t: &Table,
    ) -> HomeView<'s> {
        let config = reader.config();
        let place = Place::page_in(from, language);
        // The home page's text in the page's language; else the default language's, which
        // says what language it is in.
        let home = reader
            .home(language)
            .or_else(|| reader.home(crate::config::DEFAULT_LANGUAGE));
        let intro = home
            .as_ref()
            .map(|h| {
                let links = self.resolved_links(reader, h.links, &place, "");
                let (mut html, notes) = markdown::render_with_notes(
                    h.body,
                    &links,
                    h.headings,
                    config.raw_html,
                    markdown::Embed::default(),
                    &[],
                );
                html.push_str(&markdown::notes_html(&notes, t.get("back_to_citation")));
                html
            })
            .unwrap_or_default();
        let intro_lang = home
            .as_ref()
            .filter(|h| h.language != language)
            .map(|h| config.languages[h.language].tag.as_str());
        let shape = reader.shape();
        let kinds = config
            .kinds
            .iter()
            .enumerate()
            .filter_map(|(k, kind)| {
                if !shape.kinds_present[k] {
                    return None;
                }
                let mut items: Vec<LinkView> = reader
                    .kind_entries(k)
                    .map(|id| self.link_view(reader, id, &place))
                    .collect();
                items.sort_by_cached_key(|l| l.title.to_lowercase());
                let title = t.kind_title(kind);
                let in_text = if t.lowercase_titles() {
                    title.to_lowercase()
                } else {
                    title.to_string()
                };
                Some(KindSummary {
                    title: title.to_string(),
                    href: format!("{}/index.html", kind.folder),
                    count: items.len(),
                    all_text: t.count("all_of_kind", items.len(), &[("kind", &in_text)]),
                    items,
                })
            })
            .collect();
        let recent = reader
            .recently_reviewed(5)
            .into_iter()
            .map(|(date, id)| RecentView {
                link: self.link_view(reader, id, &place),
                reviewed: t.date(date),
                reviewed_iso: date.to_string(),
                reviewed_line: t.fill_html("reviewed_on", &[("date", &time_html(t, date))]),
            })
            .collect();
        HomeView {
            title: home
                .as_ref()
                .filter(|h| h.language == language)
                .and_then(|h| h.title)
                .unwrap_or(&config.title),
            intro,
            intro_lang,
            kinds,
            recent,
            jsonld: self.clinic_jsonld(config),
        }
    }

    pub(super) fn tags_view<'s>(&self, reader: &Reader<'s>, t: &Table) -> TagsView<'s> {
        TagsView {
            tags: reader
                .topics()
                .map(|topic| TagSummary {
                    name: topic.name,
                    href: format!("{}/index.html", url::encode(topic.slug)),
                    count: topic.count,
                    count_text: t.number(topic.count),
                })
                .collect(),
        }
    }

    pub(super) fn tag_view<'s>(
        &self,
        reader: &Reader<'s>,
        topic: usize,
        from: &str,
        language: crate::config::LangId,
        t: &Table,
    ) -> TagView<'s> {
        let place = Place::page_in(from, language);
        let (name, entries) = reader.topic(topic);
        let mut entries = entries.to_vec();
        if language != crate::config::DEFAULT_LANGUAGE {
            // In the order of the titles shown, as the default language's are.
            entries.sort_by_cached_key(|&id| {
                reader
                    .meta(reader.in_language(id, language))
                    .title()
                    .to_string()
            });
        }
        TagView {
            name,
            heading: t.fill("topic", &[("name", name)]),
            count_text: t.count("pages_about_topic", entries.len(), &[]),
            items: entries
                .iter()
                .map(|&id| self.link_at(reader, id, &place))
                .collect(),
        }
    }
}

/// `date` as HTML: `<time datetime="2026-03-01">1 March 2026</time>`, in `t`'s language.
pub(super) fn time_html(t: &Table, date: jiff::civil::Date) -> String {
    let mut words = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut words, &t.date(date));
    format!("<time datetime=\"{date}\">{words}</time>")
}

/// The review of a page reviewed on `reviewed` by `by`, due again on `next`.
fn review_view(
    t: &Table,
    reviewed: jiff::civil::Date,
    next: jiff::civil::Date,
    by: Option<&str>,
) -> ReviewView {
    let by = by.unwrap_or_default();
    let mut by_html = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut by_html, by);
    let (date, next_html) = (time_html(t, reviewed), time_html(t, next));
    let parts = [
        ("date", date.as_str()),
        ("by", &by_html),
        ("next", &next_html),
    ];
    let (line, chapter_line) = if by.is_empty() {
        ("review_line_no_reviewer", "chapter_review_line_no_reviewer")
    } else {
        ("review_line", "chapter_review_line")
    };
    ReviewView {
        reviewed: t.date(reviewed),
        reviewed_iso: reviewed.to_string(),
        by: by.to_string(),
        next_due: t.date(next),
        next_due_iso: next.to_string(),
        line: t.fill_html(line, &parts),
        chapter_line: t.fill_html(chapter_line, &parts),
    }
}

/// The heading of a list of the entries that list this one: a built-in relation's
/// ("Used for") and a kind's title (the inverse of a relation `site.yaml` adds without
/// `inverse:`) in `t`'s language; a label the site wrote, as written.
fn inverse_label(t: &Table, kinds: &[crate::config::Kind], label: &str) -> String {
    const BUILT_IN: [(&str, &str); 4] = [
        ("Used for", "used_for"),
        ("Helps with", "helps_with"),
        ("Delivered by", "delivered_by"),
        ("Applies to", "applies_to"),
    ];
    if let Some((_, key)) = BUILT_IN.iter().find(|(english, _)| *english == label) {
        return t.get(key).to_string();
    }
    kinds
        .iter()
        .find(|k| k.title == label)
        .map_or_else(|| label.to_string(), |k| t.kind_title(k).to_string())
}
