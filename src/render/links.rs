//! Links as a page writes them: relative to the page (or absolute in a PDF), inside the
//! page for a handout's own chapters, percent-encoded, with the address a printed page
//! shows after each.
//!
//! Guarantees: every `href` to a page or file of the site is the page's way back to the
//! root ([`Place::root`]) followed by the target's path below the root, so it works from
//! disk and from any sub-path; a printed address is made from the target's own path below
//! the root, never read back from the `href`. So what a link looks like depends only on
//! the [`Place`] (how deep the page is, the handout's chapters, whether links are
//! absolute) and on the target: that is what the shared views are keyed on.
//! Needs: a [`Reader`] of a resolved site. Pure.

use crate::config::{DEFAULT_LANGUAGE, LangId};
use crate::graph::{EntryId, LinkTarget};
use crate::markdown::{self, ResolvedLink};
use crate::url;

use super::Renderer;
use super::reads::Reader;

/// Where links are written from: the way to the site root from a page and, on a handout
/// page, the entries that are its chapters (links to them stay inside the page).
pub(super) struct Place<'p> {
    /// How many folders deep the page is.
    pub(super) depth: usize,
    /// `../` once per folder: [`root_of`] the page's path.
    pub(super) root: String,
    pub(super) handout: Option<&'p Chapters>,
    /// Links to other pages as absolute URLs when the site has a `base_url` (a PDF).
    pub(super) absolute: bool,
    /// The page's language: a link to an entry goes to its translation into it, when
    /// there is one.
    pub(super) language: LangId,
}

impl<'p> Place<'p> {
    /// An ordinary page at output path `from`, in `language`: every link relative.
    pub(super) fn page_in(from: &str, language: LangId) -> Self {
        Place::plain(from.matches('/').count(), false, language)
    }

    /// A page `depth` folders deep that is not a handout.
    pub(super) fn plain(depth: usize, absolute: bool, language: LangId) -> Self {
        Place {
            depth,
            root: "../".repeat(depth),
            handout: None,
            absolute,
            language,
        }
    }
}

/// A handout and its chapters, each with its anchor on the handout page.
pub(super) struct Chapters {
    pub(super) handout: EntryId,
    pub(super) anchors: Vec<(EntryId, String)>,
}

impl Chapters {
    pub(super) fn anchor_of(&self, id: EntryId) -> Option<&str> {
        self.anchors
            .iter()
            .find(|(e, _)| *e == id)
            .map(|(_, a)| a.as_str())
    }
}

/// The output path of the home page in `language` (`index.html`, `es/index.html`), as
/// written in a URL.
pub(super) fn home_path(config: &crate::config::Config, language: LangId) -> String {
    format!("{}index.html", language_folder(config, language))
}

/// The folder of `language`'s pages as written in a URL, ending in `/` (`es/`); empty
/// for the default language.
pub(super) fn language_folder(config: &crate::config::Config, language: LangId) -> String {
    if language == DEFAULT_LANGUAGE {
        String::new()
    } else {
        format!("{}/", url::encode(&config.languages[language].tag))
    }
}

/// The entry a link to entry `id` (and heading `anchor` on it) from `place` goes to: its
/// translation into the page's language; but a heading the translation does not have
/// (its id not kept, `## Título {#heading}`) is reached on the entry itself.
fn shown_entry(
    reader: &Reader<'_>,
    id: EntryId,
    anchor: Option<&str>,
    place: &Place<'_>,
) -> EntryId {
    let translated = reader.in_language(id, place.language);
    match anchor {
        Some(a)
            if translated != id
                && !reader.full(translated).headings().iter().any(|h| h.id == a) =>
        {
            id
        }
        _ => translated,
    }
}

/// `../` once per folder of `path`: the way back to the site root from that page.
pub(super) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
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

/// A path below the site root (already [`url::encode`]d) as in its web address: a page's
/// `index.html` left off (`conditions/whiplash/index.html` is `conditions/whiplash/`,
/// `index.html` is ``).
fn web_path(path: &str) -> &str {
    match path.strip_suffix("index.html") {
        Some(p) if p.is_empty() || p.ends_with('/') => p,
        _ => path,
    }
}

impl<'a> Renderer<'a> {
    /// The address of the page at output `path` (`conditions/whiplash/index.html`, already
    /// [`url::encode`]d) as seen from `place`: relative, or absolute when the place asks
    /// for it and the site has a `base_url`.
    pub(super) fn page_url(&self, reader: &Reader<'_>, path: &str, place: &Place<'_>) -> String {
        let base = &reader.config().base_url;
        if place.absolute && !base.is_empty() {
            format!("{base}{}", path.trim_end_matches("index.html"))
        } else {
            format!("{}{path}", place.root)
        }
    }

    /// What a printed page shows after a link to `path` below the site root (already
    /// [`url::encode`]d) and `fragment` (`#…` or empty): the full address under
    /// `base_url`, or nothing when there is none (a path means nothing on paper).
    fn printed(&self, reader: &Reader<'_>, path: &str, fragment: &str) -> Option<String> {
        let base = &reader.config().base_url;
        (!base.is_empty()).then(|| format!("{base}{}{fragment}", web_path(path)))
    }

    /// The link to an entry (and a heading on it) from `place`, and what a printed page
    /// shows after it: inside the page (and nothing printed) when the place is a handout
    /// that holds the entry as a chapter (or is the entry).
    pub(super) fn entry_link(
        &self,
        reader: &Reader<'_>,
        id: EntryId,
        anchor: Option<&str>,
        place: &Place<'_>,
    ) -> (String, Option<String>) {
        let id = shown_entry(reader, id, anchor, place);
        if let Some(chapters) = place.handout {
            if id == chapters.handout {
                let href = anchor.map_or_else(
                    || "#page--main".to_string(),
                    |a| format!("#{}", url::encode(a)),
                );
                return (href, None);
            }
            if let Some(chapter) = chapters.anchor_of(id) {
                let href = match anchor {
                    Some(a) => format!("#{}", url::encode(&format!("{chapter}--{a}"))),
                    None => format!("#{}", url::encode(chapter)),
                };
                return (href, None);
            }
        }
        let path = reader.url(id);
        let fragment = anchor.map_or_else(String::new, |a| format!("#{}", url::encode(a)));
        let href = format!("{}{fragment}", self.page_url(reader, path, place));
        (href, self.printed(reader, path, &fragment))
    }

    /// The `href` of a resolved link in a body shown at `place`, and what a printed page
    /// shows after it; `own_prefix` is the prefix of that body's ids ([`markdown::Embed`]),
    /// for links to its own headings. No `href` for a draft: the link is shown as its
    /// text alone.
    fn link_to(
        &self,
        reader: &Reader<'_>,
        target: &LinkTarget,
        place: &Place<'_>,
        own_prefix: &str,
    ) -> (Option<String>, Option<String>) {
        match target {
            LinkTarget::Entry { id, anchor } => {
                let (href, print) = self.entry_link(reader, *id, anchor.as_deref(), place);
                (Some(href), print)
            }
            LinkTarget::Home => {
                // The home page in the page's language.
                let path = home_path(reader.config(), place.language);
                (
                    Some(self.page_url(reader, &path, place)),
                    self.printed(reader, &path, ""),
                )
            }
            LinkTarget::Static(p) => {
                let path = url::encode(p);
                (
                    Some(format!("{}{path}", place.root)),
                    self.printed(reader, &path, ""),
                )
            }
            LinkTarget::SamePage(a) => (
                Some(format!("#{}", url::encode(&format!("{own_prefix}{a}")))),
                None,
            ),
            LinkTarget::External(u) => (Some(u.clone()), has_scheme(u).then(|| u.clone())),
            LinkTarget::Draft { .. } => (None, None),
        }
    }

    /// The resolved links of a body, as written from `place`.
    pub(super) fn resolved_links(
        &self,
        reader: &Reader<'_>,
        targets: &[Option<LinkTarget>],
        place: &Place<'_>,
        own_prefix: &str,
    ) -> Vec<Option<ResolvedLink>> {
        targets
            .iter()
            .map(|t| {
                t.as_ref().map(|t| {
                    let (href, print_url) = self.link_to(reader, t, place, own_prefix);
                    // The language of an entry shown in another than the page's.
                    let hreflang = match t {
                        LinkTarget::Entry { id, anchor } => {
                            let shown = shown_entry(reader, *id, anchor.as_deref(), place);
                            let language = reader.meta(shown).language();
                            (language != place.language)
                                .then(|| reader.config().languages[language].tag.clone())
                        }
                        _ => None,
                    };
                    ResolvedLink {
                        href,
                        print_url,
                        hreflang,
                        size: match t {
                            LinkTarget::Static(p) => reader.image_size(p),
                            _ => None,
                        },
                        resized: match t {
                            LinkTarget::Static(p) => reader.image_resized(p),
                            _ => false,
                        },
                        title: match t {
                            LinkTarget::Entry { id, anchor } => {
                                let shown = shown_entry(reader, *id, anchor.as_deref(), place);
                                Some(reader.meta(shown).title().to_string())
                            }
                            LinkTarget::Draft { title, .. } => Some(title.clone()),
                            _ => None,
                        },
                    }
                })
            })
            .collect()
    }

    /// Entry `id`'s body as HTML shown at `place`, rendered with `embed` (the page's own
    /// body: `Embed::default()`).
    pub(super) fn body_html(
        &self,
        reader: &Reader<'_>,
        id: EntryId,
        place: &Place<'_>,
        embed: markdown::Embed<'_>,
    ) -> String {
        let (mut html, notes) = self.body_with_notes(reader, id, place, embed, &[]);
        let tag = &reader.config().languages[place.language].tag;
        let back = self.theme.strings().table(tag).get("back_to_citation");
        html.push_str(&markdown::notes_html(&notes, back));
        html
    }

    /// [`Self::body_html`] with its footnotes apart, for the page's template to list;
    /// `sources` are the keyed sources its text may cite.
    pub(super) fn body_with_notes(
        &self,
        reader: &Reader<'_>,
        id: EntryId,
        place: &Place<'_>,
        embed: markdown::Embed<'_>,
        sources: &[markdown::Citable<'_>],
    ) -> (String, Vec<markdown::Note>) {
        let entry = reader.full(id);
        let links = self.resolved_links(reader, entry.links(), place, embed.id_prefix);
        markdown::render_with_notes(
            entry.body(),
            &links,
            entry.headings(),
            reader.config().raw_html,
            embed,
            sources,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_addresses_are_paths_below_the_root() {
        assert_eq!(web_path("safety/x/index.html"), "safety/x/");
        assert_eq!(web_path("index.html"), "");
        assert_eq!(web_path("static/a%20b.png"), "static/a%20b.png");
        assert_eq!(web_path("conditions/index.html"), "conditions/");
        assert_eq!(web_path("static/notindex.html"), "static/notindex.html");
        assert!(has_scheme("https://x.org/") && has_scheme("mailto:a@b") && has_scheme("tel:123"));
        assert!(!has_scheme("../a:b") && !has_scheme("#x:y") && !has_scheme("1x:y"));
    }

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("conditions/index.html"), "../");
        assert_eq!(root_of("conditions/whiplash/index.html"), "../../");
        assert_eq!(
            Place::page_in("conditions/whiplash/index.html", DEFAULT_LANGUAGE).root,
            "../../"
        );
    }
}
