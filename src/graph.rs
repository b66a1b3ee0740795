//! Resolve stage: [`Loaded`] -> [`Site`], the cross-linked graph of entries.
//!
//! Guarantees for a [`Site`] with no error diagnostics: every front-matter reference and
//! every link in a body points at an entry that exists and is published (or at a file in
//! `static/`, or outside the site with a safe scheme), every `#anchor` names a heading of
//! its target (and is kept as that heading's id), names and anchors compared composed
//! (NFC, see [`crate::names`]) however they are typed or stored, relations point at the
//! kind they declare and never at the entry itself, every relation has its computed
//! inverse on the target, and every entry knows the
//! safety notes that apply to it (its own and those of the entries it lists, without
//! repeats, most severe first). A draft is not published, but naming it is no error: a
//! reference to it is left out of the relation (so of inverses, safety notes and
//! chapters too) and a link to it is kept as [`LinkTarget::Draft`], shown as text, each
//! with a warning. A name means one page: a slug comes before an alias, a link that uses
//! an alias of two pages is an error, and an alias that another page also claims (as an
//! alias or a slug) is a warning. Nothing is rendered here: links are kept as targets and
//! the render stage makes them relative.
//! Needs: the load stage (entries scanned for links and headings).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, KindId, Target};
use crate::content::walk::{StaticFiles, is_home_page, markdown_stem};
use crate::content::{Entry, Home, Loaded, slugify};
use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::frontmatter::SafetySeverity;
use crate::markdown::{LinkRef, LinkStyle};
use crate::spans::Spans;

mod images;
mod index;
mod links;

use index::{Index, Lookup, Naming, alias_conflicts, draft_warning};
pub use links::{MAX_LINK_ERRORS_PER_FILE, resolve_destination};
use links::{Reporter, ResolvedEntry, body_link, lists_itself};

pub type EntryId = usize;

/// Where a link goes, before it is made relative to the page it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Entry {
        id: EntryId,
        anchor: Option<String>,
    },
    Home,
    /// A file of `static/`, by its path below `static/` (copied to the site root).
    Static(String),
    /// `#anchor` on the page itself.
    SamePage(String),
    /// `https:`, `mailto:`, `tel:` …: written as it is.
    External(String),
    /// An entry that is a draft, not published: the link is shown as its text alone.
    /// Its file and title (a `[[slug]]` link shows the title, as it would if published).
    Draft {
        path: PathBuf,
        title: String,
    },
}

/// A relation as resolved on one entry: the relation's index in its kind, and targets.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub relation: usize,
    pub targets: Vec<EntryId>,
}

/// A computed inverse list shown on a target: "Used for: Whiplash, Arthritis".
#[derive(Debug, Clone)]
pub struct Incoming {
    pub label: String,
    pub sources: Vec<EntryId>,
}

/// A safety note that applies to an entry; `via` names the listed entries it came from
/// (empty when the entry lists the note itself).
#[derive(Debug, Clone)]
pub struct AppliedSafety {
    pub note: EntryId,
    pub via: Vec<EntryId>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub entries: Vec<EntryId>,
}

/// A translation of the home page's text (`content/_index.es.md`).
#[derive(Debug)]
pub struct TranslatedHome {
    pub home: Home,
    /// One target per scanned link, in order (`None` where it failed).
    pub links: Vec<Option<LinkTarget>>,
}

/// The resolved site: what the check and render stages read.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub entries: Vec<Entry>,
    pub home: Option<Home>,
    pub outgoing: Vec<Vec<Outgoing>>,
    pub incoming: Vec<Vec<Incoming>>,
    pub safety: Vec<Vec<AppliedSafety>>,
    /// One target per scanned link of each entry, in order (`None` where it failed).
    pub links: Vec<Vec<Option<LinkTarget>>>,
    pub home_links: Vec<Option<LinkTarget>>,
    /// The home page's translations, with where their links go.
    pub home_translations: Vec<TranslatedHome>,
    pub tags: Vec<Tag>,
    /// Files of the site's `static/` folder, by the path they are published at.
    pub static_files: StaticFiles,
    /// The pictures of `static/` and those beside pages, with their sizes.
    pub images: crate::content::images::Images,
    /// The pictures beside pages that a published page shows or links to, by the path
    /// they are published at: only these are published.
    pub page_images: BTreeSet<String>,
    /// The pictures beside pages that only drafts show: not published, not reported.
    pub draft_images: BTreeSet<String>,
    /// Each entry's source: itself, or the entry a translation translates (the same kind
    /// and slug, in the default language). Relations, tags and safety notes are the
    /// source's: a translation has none of its own.
    pub source: Vec<EntryId>,
    /// Each source's translations, in the order of the site's languages; empty for a
    /// translation.
    pub translations: Vec<Vec<EntryId>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Site {
    /// Where entry `id`'s page is published: `conditions/whiplash/index.html` (its kind's
    /// folder and its slug); a plain page at the site's root, `about/index.html` or
    /// `fees/massage/index.html` (its slug is its path below `content/pages/`). Every
    /// stage that names a page's path asks here.
    /// A translation's is its source's in its language's folder:
    /// `es/conditions/whiplash/index.html`.
    pub fn entry_path(&self, id: EntryId) -> String {
        let e = &self.entries[id];
        let kind = &self.config.kinds[e.kind];
        let folder = self.language_folder(e.language);
        if kind.is_plain_pages() {
            format!("{folder}{}/index.html", e.slug)
        } else {
            format!("{folder}{}/{}/index.html", kind.folder, e.slug)
        }
    }

    /// The folder a language's pages are published in, ending in `/` (`es/`); empty for
    /// the default language, whose pages are at the site's root.
    pub fn language_folder(&self, language: crate::config::LangId) -> String {
        if language == crate::config::DEFAULT_LANGUAGE {
            String::new()
        } else {
            format!("{}/", self.config.languages[language].tag)
        }
    }

    /// The entries of `kind` in the default language (translations are found through
    /// [`Site::translations`]).
    pub fn ids_of_kind(&self, kind: KindId) -> impl Iterator<Item = EntryId> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind == kind && e.language == crate::config::DEFAULT_LANGUAGE)
            .map(|(i, _)| i)
    }

    /// Every handout, in every language: each has its page and its PDF.
    pub fn handouts(&self) -> impl Iterator<Item = EntryId> + '_ {
        let handout = self.config.builtin(crate::config::BuiltinKind::Handout);
        (0..self.entries.len()).filter(move |&id| self.entries[id].kind == handout)
    }

    /// Entry `id` as published in `language`: its translation into it, or else the
    /// entry itself (in its own language).
    pub fn in_language(&self, id: EntryId, language: crate::config::LangId) -> EntryId {
        let source = self.source[id];
        if language == crate::config::DEFAULT_LANGUAGE {
            return source;
        }
        self.translations[source]
            .iter()
            .copied()
            .find(|&t| self.entries[t].language == language)
            .unwrap_or(source)
    }

    /// Entry `id` in every language it is published in: its source first, then its
    /// translations.
    pub fn versions(&self, id: EntryId) -> impl Iterator<Item = EntryId> + '_ {
        let source = self.source[id];
        std::iter::once(source).chain(self.translations[source].iter().copied())
    }

    pub fn is_translation(&self, id: EntryId) -> bool {
        self.entries[id].language != crate::config::DEFAULT_LANGUAGE
    }

    pub fn severity(&self, id: EntryId) -> SafetySeverity {
        self.entries[id]
            .meta
            .severity
            .unwrap_or(SafetySeverity::Info)
    }
}

/// Resolves every reference and link of `loaded`, computes inverses, safety and tags.
pub fn resolve(loaded: Loaded) -> Site {
    let Loaded {
        config,
        mut entries,
        home,
        home_translations,
        drafts,
        failed,
        static_files,
        images,
        mut diagnostics,
    } = loaded;
    let (source, translations) = link_translations(&entries);
    for (id, &of) in source.iter().enumerate() {
        if of != id {
            let structure = entries[of].meta.clone();
            entries[id].meta.take_structure_of(&structure);
        }
    }
    let index = Index::new(&config, &entries, &drafts, &failed, &static_files, &images);
    diagnostics.extend(alias_conflicts(&index));

    // Each entry's references and links on their own (in parallel), their problems
    // appended in entry order so the output does not depend on the threads.
    let resolved: Vec<ResolvedEntry> = entries
        .par_iter()
        .enumerate()
        .map(|(self_id, entry)| {
            let kind = &config.kinds[entry.kind];
            let spans = std::cell::OnceCell::new();
            let spans = || spans.get_or_init(|| Spans::new(&entry.path, &entry.text));
            let mut report = Reporter::default();
            // Links and references to drafts: warnings, not counted as broken links.
            let mut warnings = Vec::new();
            let mut resolved = Vec::new();
            for refs in &entry.relations {
                let relation = &kind.relations[refs.relation];
                let (want, naming) = match relation.target {
                    Target::Kind(k) => (Some(k), Naming::Relation(&relation.key)),
                    Target::Any => (None, Naming::Chapter),
                };
                let mut targets = Vec::new();
                for reference in &refs.references {
                    let span = || spans().at(reference.offset, reference.len);
                    match index.find(&reference.text, want, None, &span) {
                        Lookup::Found(id) if id == self_id => {
                            report.push(lists_itself(&reference.text, relation, span()));
                        }
                        Lookup::Found(id) if !targets.contains(&id) => targets.push(id),
                        Lookup::Found(_) | Lookup::Unreported => {}
                        Lookup::Draft(d) => warnings.push(draft_warning(
                            &index.drafts[d].path,
                            &reference.text,
                            naming,
                            span(),
                        )),
                        Lookup::Missing(d) => report.push(d),
                    }
                }
                resolved.push(Outgoing {
                    relation: refs.relation,
                    targets,
                });
            }
            let folder = entry.path.parent().unwrap_or(Path::new("content"));
            let targets: Vec<Option<LinkTarget>> = entry
                .scan
                .links
                .iter()
                .map(|link| {
                    let span = || spans().at(entry.body_start + link.start, link.len);
                    body_link(
                        &index,
                        link,
                        folder,
                        &entry.scan.headings,
                        &span,
                        &mut report,
                        &mut warnings,
                    )
                })
                .collect();
            let mut found = Vec::new();
            report.finish(&mut found);
            found.append(&mut warnings);
            (resolved, targets, found)
        })
        .collect();
    let mut outgoing = Vec::with_capacity(entries.len());
    let mut links = Vec::with_capacity(entries.len());
    for (resolved, targets, mut found) in resolved {
        outgoing.push(resolved);
        links.push(targets);
        diagnostics.append(&mut found);
    }
    let mut home_links_of = |h: &Home| {
        let spans = Spans::new(&h.path, &h.text);
        let mut report = Reporter::default();
        let mut warnings = Vec::new();
        let targets = h
            .scan
            .links
            .iter()
            .map(|link| {
                let span = || spans.at(h.body_start + link.start, link.len);
                let folder = Path::new("content");
                body_link(
                    &index,
                    link,
                    folder,
                    &h.scan.headings,
                    &span,
                    &mut report,
                    &mut warnings,
                )
            })
            .collect();
        report.finish(&mut diagnostics);
        diagnostics.append(&mut warnings);
        targets
    };
    let home_links = home.as_ref().map(&mut home_links_of).unwrap_or_default();
    let home_translations: Vec<TranslatedHome> = home_translations
        .into_iter()
        .map(|home| TranslatedHome {
            links: home_links_of(&home),
            home,
        })
        .collect();

    // Where the drafts' links go, only to know which pictures they show: their problems
    // are reported when they are published.
    let draft_links = drafts.iter().flat_map(|d| {
        let folder = d.path.parent().unwrap_or(Path::new("content"));
        let span = || Span::file(&d.path);
        let index = &index;
        d.scan.links.iter().filter_map(move |link| {
            links::resolve_link(index, link, folder, &d.scan.headings, &span).ok()
        })
    });
    let used = images::used_pictures(
        &index,
        links
            .iter()
            .chain(std::iter::once(&home_links))
            .chain(home_translations.iter().map(|h| &h.links))
            .flatten()
            .flatten(),
        draft_links,
        &mut diagnostics,
    );
    drop(index);
    let incoming = compute_incoming(&config, &entries, &outgoing);
    let safety = propagate_safety(&config, &entries, &outgoing);
    let tags = collect_tags(&entries);
    Site {
        config,
        entries,
        home,
        outgoing,
        incoming,
        safety,
        links,
        home_links,
        home_translations,
        tags,
        static_files,
        images,
        page_images: used.published,
        draft_images: used.by_drafts,
        source,
        translations,
        diagnostics,
    }
}

/// Each entry's source and each source's translations (the load stage left out every
/// translation without a source).
fn link_translations(entries: &[Entry]) -> (Vec<EntryId>, Vec<Vec<EntryId>>) {
    let by_name: HashMap<(KindId, String), EntryId> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.language == crate::config::DEFAULT_LANGUAGE)
        .map(|(id, e)| ((e.kind, e.slug.to_lowercase()), id))
        .collect();
    let mut source: Vec<EntryId> = (0..entries.len()).collect();
    let mut translations = vec![Vec::new(); entries.len()];
    for (id, e) in entries.iter().enumerate() {
        if e.language == crate::config::DEFAULT_LANGUAGE {
            continue;
        }
        if let Some(&of) = by_name.get(&(e.kind, e.slug.to_lowercase())) {
            source[id] = of;
            translations[of].push(id);
        }
    }
    for list in &mut translations {
        list.sort_by_key(|&t| entries[t].language);
    }
    (source, translations)
}

fn compute_incoming(
    config: &Config,
    entries: &[Entry],
    outgoing: &[Vec<Outgoing>],
) -> Vec<Vec<Incoming>> {
    let mut incoming: Vec<BTreeMap<String, Vec<EntryId>>> = vec![BTreeMap::new(); entries.len()];
    for (source, rels) in outgoing.iter().enumerate() {
        let kind = &config.kinds[entries[source].kind];
        for out in rels {
            let Some(label) = &kind.relations[out.relation].inverse else {
                continue;
            };
            for &target in &out.targets {
                let list = incoming[target].entry(label.clone()).or_default();
                if !list.contains(&source) {
                    list.push(source);
                }
            }
        }
    }
    incoming
        .into_iter()
        .map(|groups| {
            groups
                .into_iter()
                .map(|(label, mut sources)| {
                    sources.sort_by(|&a, &b| {
                        (entries[a].kind, &entries[a].title)
                            .cmp(&(entries[b].kind, &entries[b].title))
                    });
                    Incoming { label, sources }
                })
                .collect()
        })
        .collect()
}

/// An entry's safety notes: those it lists, then those of every entry it lists (one level:
/// a condition gets its techniques' notes), each once, most severe first.
fn propagate_safety(
    config: &Config,
    entries: &[Entry],
    outgoing: &[Vec<Outgoing>],
) -> Vec<Vec<AppliedSafety>> {
    let safety_kind = config.builtin(crate::config::BuiltinKind::Safety);
    let is_note = |id: EntryId| entries[id].kind == safety_kind;
    let own = |id: EntryId| -> Vec<EntryId> {
        outgoing[id]
            .iter()
            .flat_map(|o| o.targets.iter().copied())
            .filter(|&t| is_note(t))
            .collect()
    };
    (0..entries.len())
        .map(|id| {
            let mut applied: Vec<AppliedSafety> = own(id)
                .into_iter()
                .map(|note| AppliedSafety { note, via: vec![] })
                .collect();
            let is_handout =
                entries[id].kind == config.builtin(crate::config::BuiltinKind::Handout);
            if !is_handout {
                for listed in outgoing[id].iter().flat_map(|o| o.targets.iter().copied()) {
                    if is_note(listed) {
                        continue;
                    }
                    for note in own(listed) {
                        match applied.iter_mut().find(|a| a.note == note) {
                            Some(a) if a.via.is_empty() => {}
                            Some(a) => {
                                if !a.via.contains(&listed) {
                                    a.via.push(listed);
                                }
                            }
                            None => applied.push(AppliedSafety {
                                note,
                                via: vec![listed],
                            }),
                        }
                    }
                }
            }
            let severity = |n: EntryId| entries[n].meta.severity.unwrap_or(SafetySeverity::Info);
            applied.sort_by(|a, b| {
                severity(b.note)
                    .cmp(&severity(a.note))
                    .then_with(|| entries[a.note].title.cmp(&entries[b.note].title))
            });
            applied
        })
        .collect()
}

fn collect_tags(entries: &[Entry]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    // A translation has its source's topics, and is found from the topic's page through
    // its source.
    let sources = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.language == crate::config::DEFAULT_LANGUAGE);
    for (id, e) in sources {
        for name in &e.meta.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                slug,
                name: name.trim().to_string(),
                entries: vec![],
            });
            if !tag.entries.contains(&id) {
                tag.entries.push(id);
            }
        }
    }
    let mut tags: Vec<Tag> = tags.into_values().collect();
    for tag in &mut tags {
        tag.entries
            .sort_by(|&a, &b| entries[a].title.cmp(&entries[b].title));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::links::{normalize, url_scheme};
    use super::*;

    #[test]
    fn schemes_and_drives() {
        assert_eq!(url_scheme("https://x").as_deref(), Some("https"));
        assert_eq!(
            url_scheme("JavaScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            url_scheme("java\tscript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(url_scheme("C:\\x"), None);
        assert_eq!(url_scheme("../a.md"), None);
    }

    #[test]
    fn normalize_refuses_climbing_out() {
        assert_eq!(
            normalize(Path::new("content/conditions/../benefits/a.md")),
            Some(PathBuf::from("content/benefits/a.md"))
        );
        assert_eq!(
            normalize(Path::new("content/conditions/../../../etc/passwd")),
            None
        );
    }

    /// A site of the content files `files` (path, text) and the static files `statics`
    /// (as published, and as stored).
    fn site_of(files: &[(&str, &str)], statics: &[(&str, &str)]) -> Site {
        let config = crate::config::parse("title: T\n", Path::new("site.yaml")).unwrap();
        let sources: Vec<crate::content::Source> = files
            .iter()
            .map(|(path, text)| {
                let path = Path::new(path);
                let folder = path.parent().and_then(|p| p.file_name()).unwrap();
                crate::content::Source {
                    display: path.to_path_buf(),
                    kind: config.kind_by_folder(&folder.to_string_lossy()),
                    bytes: text.as_bytes().to_vec(),
                }
            })
            .collect();
        let mut loaded = crate::content::load_sources(config, &sources, false);
        for (published, stored) in statics {
            loaded
                .static_files
                .insert(published.to_string(), stored.into());
        }
        // The pictures among them, not on disk: they are known, with no size.
        loaded.images =
            crate::content::images::collect(Path::new("static"), &loaded.static_files, vec![]).0;
        resolve(loaded)
    }

    /// A site of one condition and the static file `a b#1.png`.
    fn small_site() -> Site {
        site_of(
            &[(
                "content/conditions/épaule.md",
                "---\ntitle: Épaule\nsummary: S.\n---\n## Qué\n",
            )],
            &[("a b#1.png", "a b#1.png")],
        )
    }

    #[test]
    fn a_markdown_file_is_a_page_in_every_ending_the_walk_reads() {
        let text = "---\ntitle: T\nsummary: S.\n---\nText.\n";
        let site = site_of(
            &[
                ("content/_index.markdown", "Home.\n"),
                ("content/conditions/Whiplash.MD", text),
                ("content/techniques/deep tissue.markdown", text),
            ],
            &[],
        );
        assert!(site.diagnostics.is_empty(), "{:?}", site.diagnostics);
        let id = |slug: &str| site.entries.iter().position(|e| e.slug == slug).unwrap();
        let from_conditions = |dest: &str| {
            resolve_destination(
                &site,
                Path::new("content/conditions"),
                dest,
                LinkStyle::Markdown,
            )
        };
        let entry = |slug| {
            Ok(LinkTarget::Entry {
                id: id(slug),
                anchor: None,
            })
        };
        for dest in [
            "Whiplash.MD",
            "whiplash.md",
            "whiplash.markdown",
            "./WHIPLASH.Markdown",
        ] {
            assert_eq!(from_conditions(dest), entry("whiplash"), "{dest}");
        }
        for dest in [
            "../techniques/deep%20tissue.markdown",
            "<../techniques/deep tissue.MD>",
            "../techniques/Deep-Tissue.md",
        ] {
            let dest = dest.trim_matches(['<', '>']);
            assert_eq!(from_conditions(dest), entry("deep-tissue"), "{dest}");
        }
        for dest in ["../_index.md", "../_index.markdown", "../_index.MD"] {
            assert_eq!(from_conditions(dest), Ok(LinkTarget::Home), "{dest}");
        }
        // Not a page: the same refusal as any other file that is not published.
        assert!(matches!(from_conditions("whiplash.mdx"), Err(Some(_))));
        // A file name written as a name gets the entry's slug as its suggestion.
        let Err(Some(d)) = resolve_destination(
            &site,
            Path::new("content"),
            "Whiplash.markdown",
            LinkStyle::Wiki { has_text: false },
        ) else {
            panic!("a wikilink to a file name is no name");
        };
        assert_eq!(d.help.as_deref(), Some("did you mean `whiplash`?"));
    }

    #[test]
    fn names_and_anchors_match_however_accents_are_stored() {
        // The page and its heading decomposed (as written on a Mac), the static file too.
        let site = site_of(
            &[(
                "content/conditions/e\u{301}paule.md",
                "---\ntitle: E\u{301}paule\nsummary: S.\n---\n## Qu'est-ce que c'est, l'e\u{301}paule\n\n## Raideur {#raideur-de-l-e\u{301}paule}\n",
            )],
            &[("Épaule gelée.png", "E\u{301}paule gele\u{301}e.png")],
        );
        assert!(site.diagnostics.is_empty(), "{:?}", site.diagnostics);
        let ids: Vec<&str> = site.entries[0]
            .scan
            .headings
            .iter()
            .map(|h| h.id.as_str())
            .collect();
        assert_eq!(ids, ["qu-est-ce-que-c-est-l-épaule", "raideur-de-l-épaule"]);
        let folder = Path::new("content/conditions");
        let at = |anchor: &str| {
            Ok(LinkTarget::Entry {
                id: 0,
                anchor: Some(anchor.to_string()),
            })
        };
        for (dest, style) in [
            (
                "épaule#raideur-de-l-épaule",
                LinkStyle::Wiki { has_text: false },
            ),
            (
                "e\u{301}paule#raideur-de-l-e\u{301}paule",
                LinkStyle::Wiki { has_text: false },
            ),
            ("épaule.md#raideur-de-l-épaule", LinkStyle::Markdown),
            (
                "%C3%A9paule.md#raideur-de-l-%C3%A9paule",
                LinkStyle::Markdown,
            ),
            (
                "e%CC%81paule.md#raideur-de-l-e%CC%81paule",
                LinkStyle::Markdown,
            ),
        ] {
            // The link keeps the heading's own id, so its `href` reaches it.
            assert_eq!(
                resolve_destination(&site, folder, dest, style),
                at("raideur-de-l-épaule"),
                "{dest}"
            );
        }
        for dest in [
            "../../static/Épaule gelée.png",
            "../../static/E\u{301}paule gele\u{301}e.png",
            "../../static/%C3%89paule%20gel%C3%A9e.png",
        ] {
            assert_eq!(
                resolve_destination(&site, folder, dest, LinkStyle::Image),
                Ok(LinkTarget::Static("Épaule gelée.png".into())),
                "{dest}"
            );
        }
    }

    #[test]
    fn percent_escapes_never_panic() {
        let site = small_site();
        let folder = Path::new("content/conditions");
        let resolved = |dest: &str| resolve_destination(&site, folder, dest, LinkStyle::Markdown);
        // Found by fuzz/ (link_destination): `%`, a hex digit, then a letter outside ASCII.
        for dest in [
            "%aé.md",
            "..ўonditni/%l۲2%A9e.md#qu%C3%A9-es",
            "%2—.md",
            "%Ж",
            "%",
            "%FF.md",
        ] {
            assert!(matches!(resolved(dest), Err(Some(_))), "{dest}");
        }
        assert_eq!(
            resolved("%C3%A9paule.md#qué"),
            Ok(LinkTarget::Entry {
                id: 0,
                anchor: Some("qué".into())
            })
        );
        assert_eq!(
            resolved("../../static/a%20b%231.png"),
            Ok(LinkTarget::Static("a b#1.png".into()))
        );
    }

    #[test]
    fn email_autolinks_are_mailto_links() {
        let site = small_site();
        assert_eq!(
            resolve_destination(
                &site,
                Path::new("content"),
                "reception@example.org",
                LinkStyle::Email
            ),
            Ok(LinkTarget::External("mailto:reception@example.org".into()))
        );
    }
}
