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
use crate::content::frontmatter::SafetySeverity;
use crate::content::spans::Spans;
use crate::content::walk::{StaticFiles, is_home_page, markdown_stem};
use crate::content::{Entry, Home, Loaded, slugify};
use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::markdown::{LinkRef, LinkStyle};

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
    pub tags: Vec<Tag>,
    /// Files of the site's `static/` folder, by the path they are published at.
    pub static_files: StaticFiles,
    pub diagnostics: Vec<Diagnostic>,
}

impl Site {
    pub fn ids_of_kind(&self, kind: KindId) -> impl Iterator<Item = EntryId> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind == kind)
            .map(|(i, _)| i)
    }

    pub fn severity(&self, id: EntryId) -> SafetySeverity {
        self.entries[id]
            .meta
            .severity
            .unwrap_or(SafetySeverity::Info)
    }
}

/// Lookup tables over the published entries, and over the drafts left out of them.
struct Index<'a> {
    config: &'a Config,
    entries: &'a [Entry],
    by_kind: HashMap<(KindId, String), EntryId>,
    by_slug: HashMap<String, Vec<EntryId>>,
    /// Each alias (as a slug) with the entries that claim it, each entry once.
    by_alias: HashMap<String, Vec<EntryId>>,
    drafts: &'a [Entry],
    /// Each slug and alias of a draft with the drafts that have it (indexes in `drafts`).
    draft_names: HashMap<String, Vec<usize>>,
    failed: &'a [(KindId, String)],
    static_files: &'a StaticFiles,
}

enum Lookup {
    Found(EntryId),
    /// A draft (its index in [`Index::drafts`]): not published, so the link or reference
    /// is left out with a warning ([`draft_warning`]), never refused.
    Draft(usize),
    Missing(Diagnostic),
    /// Names a file that failed to load, whose own error says all there is to say.
    Unreported,
}

/// Where a name of an entry is written, for the words of a message about it.
#[derive(Clone, Copy)]
enum Naming<'r> {
    /// A link in a body.
    Link,
    /// A relation of front matter, by its key (`techniques`).
    Relation(&'r str),
    /// A handout's `entries`.
    Chapter,
}

/// The aliases of `e` as slugs, each once, without its own slug: the names an alias adds.
fn alias_slugs(e: &Entry) -> Vec<String> {
    let mut slugs: Vec<String> = e
        .meta
        .aliases
        .iter()
        .map(|a| slugify(a))
        .filter(|a| !a.is_empty() && *a != e.slug)
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

impl<'a> Index<'a> {
    fn new(
        config: &'a Config,
        entries: &'a [Entry],
        drafts: &'a [Entry],
        failed: &'a [(KindId, String)],
        static_files: &'a StaticFiles,
    ) -> Self {
        let mut by_kind = HashMap::new();
        let mut by_slug: HashMap<String, Vec<EntryId>> = HashMap::new();
        let mut by_alias: HashMap<String, Vec<EntryId>> = HashMap::new();
        for (id, e) in entries.iter().enumerate() {
            by_kind.insert((e.kind, e.slug.clone()), id);
            by_slug.entry(e.slug.clone()).or_default().push(id);
            for alias in alias_slugs(e) {
                by_alias.entry(alias).or_default().push(id);
            }
        }
        let mut draft_names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in drafts.iter().enumerate() {
            for name in std::iter::once(d.slug.clone()).chain(alias_slugs(d)) {
                draft_names.entry(name).or_default().push(i);
            }
        }
        Index {
            config,
            entries,
            by_kind,
            by_slug,
            by_alias,
            drafts,
            draft_names,
            failed,
            static_files,
        }
    }

    fn describe(&self, id: EntryId) -> String {
        let e = &self.entries[id];
        format!("{}/{}", self.config.kinds[e.kind].folder, e.slug)
    }

    /// The files of `ids`, for a message: "content/a.md and content/b.md".
    fn files(&self, ids: &[EntryId]) -> String {
        let files: Vec<String> = ids
            .iter()
            .map(|&id| self.entries[id].path.display().to_string())
            .collect();
        match files.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// Finds `written` (`slug`, `kind/slug` or `folder/slug`, or an alias), which must be
    /// of kind `want` when given. A slug comes before an alias: a slug is the address of
    /// its page, unique within its kind. `span` makes the place where it is written (only
    /// called when there is a problem to report); `file_link` is the destination of a
    /// Markdown link to a file (`../conditions/x.md`), so that a suggestion is written
    /// the same way.
    fn find(
        &self,
        written: &str,
        want: Option<KindId>,
        file_link: Option<&str>,
        span: &dyn Fn() -> Span,
    ) -> Lookup {
        let missing = |message: String, help: Option<String>| {
            let d = Diagnostic::error(span(), message);
            Lookup::Missing(match help {
                Some(h) => d.with_help(h),
                None => d,
            })
        };
        let (prefix, name) = match written.split_once('/') {
            Some((p, n)) => (Some(p), n),
            None => (None, written),
        };
        let slug = slugify(name);
        if written.contains("..")
            || written.starts_with('/')
            || name.contains('/')
            || slug.is_empty()
        {
            return missing(
                format!("`{written}` is not the name of an entry"),
                Some(match self.named_by_file(written, want) {
                    Some(id) => format!(
                        "name the entry by its kind and slug, not by its file: `{}`",
                        self.describe(id)
                    ),
                    None => {
                        "write a slug such as `whiplash` or `techniques/deep-tissue-massage`".into()
                    }
                }),
            );
        }
        let kind = match prefix {
            None => None,
            Some(p) => match self.config.kind_by_name_or_folder(p) {
                Some(k) => Some(k),
                None => {
                    let folders: Vec<&str> = self
                        .config
                        .kinds
                        .iter()
                        .map(|k| k.folder.as_str())
                        .collect();
                    return missing(
                        format!("`{p}` is not a kind of entry"),
                        Some(match did_you_mean(p, folders.iter().copied()) {
                            Some(s) => format!("did you mean `{s}/{name}`?"),
                            None => format!("kinds are: {}", folders.join(", ")),
                        }),
                    );
                }
            },
        };
        if let (Some(k), Some(w)) = (kind, want)
            && k != w
        {
            return missing(
                format!(
                    "`{written}` is a {}, but this list takes {}",
                    self.config.kinds[k].label, self.config.kinds[w].folder
                ),
                Some(format!("list only {} here", self.config.kinds[w].folder)),
            );
        }
        let kind = kind.or(want);
        let of_kind = |k: KindId| kind.is_none_or(|want| k == want);
        let candidates: Vec<EntryId> = match kind {
            Some(k) => self
                .by_kind
                .get(&(k, slug.clone()))
                .into_iter()
                .copied()
                .collect(),
            None => self.by_slug.get(&slug).cloned().unwrap_or_default(),
        };
        match candidates.as_slice() {
            [id] => return Lookup::Found(*id),
            [] => {}
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|&id| format!("`{}`", self.describe(id)))
                    .collect();
                return missing(
                    format!("`{written}` could be any of {}", names.join(" or ")),
                    Some(format!(
                        "write the kind too, e.g. `{}`",
                        self.describe(many[0])
                    )),
                );
            }
        }
        // Not a slug: an alias may name it.
        let aliased: Vec<EntryId> = self
            .by_alias
            .get(&slug)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&id| of_kind(self.entries[id].kind))
            .collect();
        match aliased.as_slice() {
            [id] => return Lookup::Found(*id),
            [] => {}
            many => {
                return missing(
                    format!(
                        "`{written}` is an alias of more than one page: {}",
                        self.files(many)
                    ),
                    Some(format!(
                        "name the page you mean by its slug, e.g. `{}`, and keep the alias on one page only",
                        self.describe(many[0])
                    )),
                );
            }
        }
        if self.failed.iter().any(|(k, s)| s == &slug && of_kind(*k)) {
            // That file has its own error already; a second one here would only repeat it.
            return Lookup::Unreported;
        }
        if let Some(&draft) = self
            .draft_names
            .get(&slug)
            .into_iter()
            .flatten()
            .find(|&&i| of_kind(self.drafts[i].kind))
        {
            return Lookup::Draft(draft);
        }
        // Wrong kind, or a typo: say which.
        if let Some(k) = want
            && let Some(&other) = self
                .by_slug
                .get(&slug)
                .or_else(|| self.by_alias.get(&slug))
                .and_then(|v| v.first())
        {
            let other_kind = &self.config.kinds[self.entries[other].kind];
            return missing(
                format!(
                    "`{written}` is a {}, but this list takes {}",
                    other_kind.label, self.config.kinds[k].folder
                ),
                Some(format!("list only {} here", self.config.kinds[k].folder)),
            );
        }
        let what = match kind {
            Some(k) => format!("no {} called `{name}`", self.config.kinds[k].label),
            None => format!("no entry called `{name}`"),
        };
        let help = match self.suggestion(name, &slug, kind, prefix, file_link) {
            Some(name) => format!("did you mean `{name}`?"),
            None => match kind {
                Some(k) => format!(
                    "the slug is the file name without `.md`; check content/{}/",
                    self.config.kinds[k].folder
                ),
                None => "the slug is the file name without `.md`".into(),
            },
        };
        missing(what, Some(help))
    }

    /// How to write the published name (of kind `kind`, when given) nearest to `slug`, the
    /// slug of `written` (a name as written, without its kind), in the form of the misspelt
    /// one: the one suggestion every misspelt name gets, in a body or in front matter. A
    /// name is a slug or an alias (not for a Markdown link to a file, which names a file:
    /// then the suggestion is that file's path, with the ending written); a file name,
    /// `whiplash.md` or `Whiplash.markdown`, suggests `whiplash`. A prefix written stays; a
    /// bare slug that would name entries of two kinds gets its kind.
    fn suggestion(
        &self,
        written: &str,
        slug: &str,
        kind: Option<KindId>,
        prefix: Option<&str>,
        file_link: Option<&str>,
    ) -> Option<String> {
        let of_kind = |id: &EntryId| kind.is_none_or(|k| self.entries[*id].kind == k);
        let slugs = self
            .entries
            .iter()
            .enumerate()
            .filter(|(id, _)| of_kind(id))
            .map(|(id, e)| (e.slug.as_str(), id, false));
        let aliases = self
            .by_alias
            .iter()
            .filter(|_| file_link.is_none())
            .flat_map(|(alias, ids)| {
                ids.iter()
                    .filter(|id| of_kind(id))
                    .map(move |&id| (alias.as_str(), id, ids.len() == 1))
            });
        let names: Vec<(&str, EntryId, bool)> = slugs.chain(aliases).collect();
        // A file name written as a name (`[[whiplash.md]]`): the entry of that file.
        let file_named = markdown_stem(written).map(slugify);
        let (name, id, by_alias) = match file_named.and_then(|stem| {
            names
                .iter()
                .find(|(n, _, by_alias)| *n == stem && !by_alias)
        }) {
            Some(&found) => found,
            None => {
                let best = did_you_mean(slug, names.iter().map(|(n, _, _)| *n))?;
                *names.iter().find(|(n, _, _)| *n == best)?
            }
        };
        let e = &self.entries[id];
        if let Some(dest) = file_link {
            // In the folder and with the ending (`.md`, `.markdown`, `.MD`) written.
            let (folder, file) = dest.rfind('/').map_or(("", dest), |i| dest.split_at(i + 1));
            let ending = markdown_stem(file).map_or("md", |stem| &file[stem.len() + 1..]);
            return Some(format!("{folder}{}.{ending}", e.slug));
        }
        // An alias that names one page is suggested as its page writes it.
        let name = if by_alias {
            e.meta
                .aliases
                .iter()
                .find(|a| slugify(a) == name)
                .map_or(name, |a| a.trim())
        } else {
            name
        };
        Some(match prefix {
            Some(p) => format!("{p}/{name}"),
            None if by_alias
                || kind.is_some()
                || self.by_slug.get(name).is_some_and(|v| v.len() == 1) =>
            {
                name.to_string()
            }
            None => self.describe(id),
        })
    }

    /// The entry a file path written as a name refers to (`../conditions/whiplash.md`,
    /// `content/conditions/whiplash.md`): its last folder and file name.
    fn named_by_file(&self, written: &str, want: Option<KindId>) -> Option<EntryId> {
        let mut parts = written.rsplit(['/', '\\']);
        let file = parts.next()?;
        let stem = markdown_stem(file).unwrap_or(file);
        let folder = parts.next()?;
        let kind = self.config.kind_by_folder(folder)?;
        let &id = self.by_kind.get(&(kind, slugify(stem)))?;
        want.is_none_or(|k| k == kind).then_some(id)
    }
}

/// The warning for a link or reference, written `written` at `span`, to the draft in
/// file `path`: it is left out of the published site, and nothing needs changing where it
/// is written.
fn draft_warning(path: &Path, written: &str, naming: Naming, span: Span) -> Diagnostic {
    let message = match naming {
        Naming::Link => format!(
            "`{written}` is a draft, so this link is shown as plain text until it is published"
        ),
        Naming::Relation(key) => {
            format!("`{written}` is a draft, so it is left out of `{key}` until it is published")
        }
        Naming::Chapter => format!(
            "`{written}` is a draft, so this chapter is left out of the handout until it is published"
        ),
    };
    Diagnostic::warning(span, message)
        .with_code("draft-link")
        .with_help(format!(
            "nothing needs changing here: it is published when `draft: true` is removed from {} (`carebook build --drafts` shows drafts)",
            path.display()
        ))
}

/// Aliases that name more than one page: an alias claimed by two entries, or equal to
/// another entry's slug (which wins, so the alias never reaches its page). A warning at
/// each alias as written, naming the other files; a link that uses an alias claimed twice
/// is an error of its own, where it is written ([`Index::find`]).
fn alias_conflicts(index: &Index) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (id, e) in index.entries.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for place in &e.meta.alias_places {
            let alias = slugify(&place.text);
            if alias.is_empty() || alias == e.slug || !seen.insert(alias.clone()) {
                continue;
            }
            let span = || Span::at(&e.path, &e.text, place.offset, place.len);
            let slugs: Vec<EntryId> = index.by_slug.get(&alias).cloned().unwrap_or_default();
            let others: Vec<EntryId> = index
                .by_alias
                .get(&alias)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&o| o != id)
                .collect();
            if !slugs.is_empty() {
                found.push(
                    Diagnostic::warning(
                        span(),
                        format!(
                            "the alias `{}` is the slug of {}, so `[[{}]]` goes to that page, never to this one",
                            place.text,
                            index.files(&slugs),
                            place.text
                        ),
                    )
                    .with_code("alias-conflict")
                    .with_help("remove the alias from this page, or change it to a name of its own: a page's slug always comes before another page's alias"),
                );
            } else if !others.is_empty() {
                found.push(
                    Diagnostic::warning(
                        span(),
                        format!(
                            "the alias `{}` is also an alias of {}, so `[[{}]]` could mean {}",
                            place.text,
                            index.files(&others),
                            place.text,
                            if others.len() == 1 { "either page" } else { "any of these pages" }
                        ),
                    )
                    .with_code("alias-conflict")
                    .with_help("keep the alias on one page only; a link that uses it is an error until then"),
                );
            }
        }
    }
    found
}

/// Resolves every reference and link of `loaded`, computes inverses, safety and tags.
pub fn resolve(loaded: Loaded) -> Site {
    let Loaded {
        config,
        entries,
        home,
        drafts,
        failed,
        static_files,
        mut diagnostics,
    } = loaded;
    let index = Index::new(&config, &entries, &drafts, &failed, &static_files);
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
    let home_links = home
        .as_ref()
        .map(|h| {
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
        })
        .unwrap_or_default();

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
        tags,
        static_files,
        diagnostics,
    }
}

/// One link destination resolved on its own, as [`resolve`] resolves each link of a body:
/// `dest` as written in a file of `folder` (`content/conditions`), in the `style` it was
/// written in, against the entries and static files of `site`. A problem's span is in
/// `dest` itself, taken as the whole text of a file `link`. For the fuzz targets
/// (`fuzz/`), which try many destinations a second without a pipeline run for each.
#[doc(hidden)]
pub fn resolve_destination(
    site: &Site,
    folder: &Path,
    dest: &str,
    style: LinkStyle,
) -> Result<LinkTarget, Option<Diagnostic>> {
    let index = Index::new(&site.config, &site.entries, &[], &[], &site.static_files);
    let link = LinkRef {
        dest: dest.to_string(),
        style,
        start: 0,
        len: dest.len(),
    };
    let span = || Span::at(Path::new("link"), dest, 0, dest.len());
    resolve_link(&index, &link, folder, &[], &span)
}

/// One entry's relations, link targets and their problems, as resolved on their own.
type ResolvedEntry = (Vec<Outgoing>, Vec<Option<LinkTarget>>, Vec<Diagnostic>);

/// Reference and link problems are reported this many per file at most; the rest are
/// counted in one last diagnostic. A file with thousands of broken links (a page pasted
/// from another site) is better told "and 4,000 more" than shown them all.
pub const MAX_LINK_ERRORS_PER_FILE: usize = 100;

/// Collects one file's reference and link problems, up to [`MAX_LINK_ERRORS_PER_FILE`].
#[derive(Default)]
struct Reporter {
    shown: Vec<Diagnostic>,
    /// The first problem not shown, and how many were not shown.
    hidden: Option<(Diagnostic, usize)>,
}

impl Reporter {
    fn push(&mut self, d: Diagnostic) {
        if self.shown.len() < MAX_LINK_ERRORS_PER_FILE {
            self.shown.push(d);
        } else {
            match &mut self.hidden {
                Some((_, n)) => *n += 1,
                None => self.hidden = Some((d, 1)),
            }
        }
    }

    fn finish(self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.extend(self.shown);
        if let Some((first, n)) = self.hidden {
            let more = format!(
                "{} more broken or refused link{} in this file, from here on (only the first {MAX_LINK_ERRORS_PER_FILE} are shown one by one)",
                n,
                if n == 1 { "" } else { "s" }
            );
            diagnostics.push(
                Diagnostic::error(first.span, more)
                    .with_help("fix the links shown above, then build again to see the rest"),
            );
        }
    }
}

/// The target of one link of a body (`None` where it failed: its error goes to `report`).
/// A link to a draft is kept, as [`LinkTarget::Draft`], with a warning.
fn body_link(
    index: &Index,
    link: &LinkRef,
    folder: &Path,
    own_headings: &[crate::markdown::Heading],
    span: &dyn Fn() -> Span,
    report: &mut Reporter,
    warnings: &mut Vec<Diagnostic>,
) -> Option<LinkTarget> {
    match resolve_link(index, link, folder, own_headings, span) {
        Ok(target) => {
            if let LinkTarget::Draft { path, .. } = &target {
                warnings.push(draft_warning(path, link.dest.trim(), Naming::Link, span()));
            }
            Some(target)
        }
        Err(problem) => {
            if let Some(d) = problem {
                report.push(d);
            }
            None
        }
    }
}

/// An entry that lists itself under `relation` (a handout: as its own chapter).
fn lists_itself(written: &str, relation: &crate::config::Relation, span: Span) -> Diagnostic {
    match relation.target {
        Target::Any => Diagnostic::error(
            span,
            format!(
                "`{written}` names this handout itself, and a handout cannot be its own chapter"
            ),
        )
        .with_help("remove it from `entries:`; list the entries the handout is made of"),
        Target::Kind(_) => Diagnostic::error(
            span,
            format!("`{written}` names this entry itself, and an entry cannot list itself"),
        )
        .with_help(format!(
            "remove it from `{}:`; list the other pages this one relates to",
            relation.key
        )),
    }
}

/// Resolves one link written in a file of `folder` (e.g. `content/conditions`).
fn resolve_link(
    index: &Index,
    link: &LinkRef,
    folder: &Path,
    own_headings: &[crate::markdown::Heading],
    span: &dyn Fn() -> Span,
) -> Result<LinkTarget, Option<Diagnostic>> {
    let fail =
        |message: String, help: &str| Err(Some(Diagnostic::error(span(), message).with_help(help)));
    let dest = link.dest.trim();
    if let LinkStyle::Wiki { .. } = link.style {
        let (name, anchor) = split_anchor(dest);
        let anchor = anchor.map(|a| Anchor::written(a, false));
        return entry_target(index, index.find(name, None, None, span), anchor, span);
    }
    if let LinkStyle::Email = link.style {
        // `<reception@example.org>`: the parser found an e-mail address, not a path.
        return Ok(LinkTarget::External(format!("mailto:{dest}")));
    }
    if dest.is_empty() {
        return fail(
            "this link has no destination".into(),
            "write where it goes inside the brackets: `[text](../conditions/whiplash.md)`",
        );
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        let anchor = Anchor::written(anchor, true);
        if let Some(heading) = anchor.find(own_headings) {
            return Ok(LinkTarget::SamePage(heading.id.clone()));
        }
        return Err(Some(missing_anchor(
            anchor.written,
            "this page",
            own_headings,
            span,
        )));
    }
    if let Some(scheme) = url_scheme(dest) {
        return match scheme.as_str() {
            "http" | "https" | "mailto" | "tel" => Ok(LinkTarget::External(dest.to_string())),
            _ => fail(
                format!("`{scheme}:` links are not allowed"),
                "use `https:`, `mailto:` or `tel:` links, or `[[slug]]` for an entry",
            ),
        };
    }
    if dest.starts_with("//") {
        return Ok(LinkTarget::External(format!("https:{dest}")));
    }
    let drive = dest.as_bytes().get(..2).is_some_and(|b| {
        // `C:\x.md`, `C:/x.md`: a Windows drive, as absolute as `/x`.
        b[0].is_ascii_alphabetic() && b[1] == b':'
    });
    if dest.starts_with('/') || dest.starts_with('\\') || drive {
        return fail(
            "absolute paths do not work when the site is opened from disk or a sub-folder".into(),
            "write a relative link such as `../conditions/whiplash.md`, or `[[whiplash]]`",
        );
    }
    let (path_part, anchor) = split_anchor(dest);
    let anchor = anchor.map(|a| Anchor::written(a, true));
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let Some(decoded) = crate::url::decode(path_part) else {
        return fail(
            format!(
                "the `%` escapes in `{path_part}` stand for no letters, so no file has this name"
            ),
            "write the file name as it is (`../../static/épaule.png`), or copy the link again from your browser's address bar",
        );
    };
    let Some(joined) = normalize(&folder.join(&*decoded)) else {
        return Err(Some(outside_site(span)));
    };
    let mut parts = joined
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let top = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    // A page is a Markdown file as the walk reads one: `.md` or `.markdown`, in any case.
    let page_stem = rest.last().and_then(|f| markdown_stem(f));
    match top.as_str() {
        "content" if page_stem.is_some() => {
            if rest.len() == 1 && is_home_page(&rest[0]) {
                return Ok(LinkTarget::Home);
            }
            let Some(kind) = rest.first().and_then(|f| index.config.kind_by_folder(f)) else {
                return fail(
                    format!("`{dest}` is not an entry of this site"),
                    "link to a file in one of the kind folders, e.g. `../conditions/whiplash.md`",
                );
            };
            let stem = page_stem.unwrap_or("");
            let written = format!("{}/{}", index.config.kinds[kind].folder, slugify(stem));
            entry_target(
                index,
                index.find(&written, None, Some(path_part), span),
                anchor,
                span,
            )
        }
        "static" if !rest.is_empty() => {
            // As published: composed (NFC), however the link or the file stores accents.
            let below = crate::names::nfc(&rest.join("/")).into_owned();
            if index.static_files.contains_key(&below) {
                Ok(LinkTarget::Static(below))
            } else {
                fail(
                    format!("there is no file static/{below}"),
                    "put the file in the site's static/ folder, or fix the name",
                )
            }
        }
        _ => fail(
            format!("`{dest}` is not a page or file that the site publishes"),
            "link to an entry (`[[slug]]` or `../kind/slug.md`) or to a file in static/ (`../../static/logo.png`)",
        ),
    }
}

/// A link to an entry found by `lookup`, with its `#anchor` checked: the link keeps the
/// id of the heading it reaches.
fn entry_target(
    index: &Index,
    lookup: Lookup,
    anchor: Option<Anchor>,
    span: &dyn Fn() -> Span,
) -> Result<LinkTarget, Option<Diagnostic>> {
    match lookup {
        Lookup::Found(id) => {
            let anchor = match anchor {
                Some(anchor) => Some(check_anchor(index, id, anchor, span)?),
                None => None,
            };
            Ok(LinkTarget::Entry { id, anchor })
        }
        // Not published: the link is kept as plain text (its anchor is not checked: the
        // draft's headings may change while it is being reviewed).
        Lookup::Draft(d) => {
            let draft = &index.drafts[d];
            Ok(LinkTarget::Draft {
                path: draft.path.clone(),
                title: draft.title.clone(),
            })
        }
        Lookup::Missing(d) => Err(Some(d)),
        Lookup::Unreported => Err(None),
    }
}

fn outside_site(span: &dyn Fn() -> Span) -> Diagnostic {
    Diagnostic::error(span(), "this link points outside the site folder")
        .with_help("link only to entries and to files in static/; copy the file into the site if it belongs to it")
}

/// `foo#bar` -> (`foo`, Some(`bar`)).
fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((name, anchor)) => (name, Some(anchor)),
        None => (dest, None),
    }
}

/// An `#anchor` of a link as written, and as heading ids are made ([`anchor_id`]):
/// composed (NFC), so `#e\u{301}paule` reaches `## Épaule`; in a Markdown link, which is
/// a URL, with its `%` escapes decoded first, as a browser reads one (`#qu%C3%A9`).
///
/// [`anchor_id`]: crate::markdown::anchor_id
struct Anchor<'d> {
    written: &'d str,
    id: String,
}

impl<'d> Anchor<'d> {
    fn written(written: &'d str, url: bool) -> Self {
        let decoded = if url {
            crate::url::decode(written).unwrap_or(std::borrow::Cow::Borrowed(written))
        } else {
            std::borrow::Cow::Borrowed(written)
        };
        Anchor {
            written,
            id: crate::names::nfc(&decoded).into_owned(),
        }
    }

    /// The heading of `headings` this anchor names.
    fn find<'h>(
        &self,
        headings: &'h [crate::markdown::Heading],
    ) -> Option<&'h crate::markdown::Heading> {
        headings.iter().find(|h| h.id == self.id)
    }
}

/// The id of the heading of entry `id` that `anchor` names, or the error at `span`.
fn check_anchor(
    index: &Index,
    id: EntryId,
    anchor: Anchor,
    span: &dyn Fn() -> Span,
) -> Result<String, Diagnostic> {
    let headings = &index.entries[id].scan.headings;
    if let Some(heading) = anchor.find(headings) {
        return Ok(heading.id.clone());
    }
    Err(missing_anchor(
        anchor.written,
        &format!("`{}`", index.describe(id)),
        headings,
        span,
    ))
}

fn missing_anchor(
    anchor: &str,
    page: &str,
    headings: &[crate::markdown::Heading],
    span: &dyn Fn() -> Span,
) -> Diagnostic {
    let d = Diagnostic::error(span(), format!("{page} has no heading `#{anchor}`"));
    let composed = crate::names::nfc(anchor);
    match did_you_mean(&composed, headings.iter().map(|h| h.id.as_str())) {
        Some(s) => d.with_help(format!("did you mean `#{s}`?")),
        None if headings.is_empty() => {
            d.with_help("that page has no headings; link to the page without `#…`")
        }
        None => d.with_help(format!(
            "its headings are: {}",
            headings
                .iter()
                .map(|h| format!("#{}", h.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The scheme of a URL (`https`, `javascript`), lower-cased; `None` for a path.
/// One letter before `:` is a Windows drive (`C:\…`), not a scheme.
fn url_scheme(dest: &str) -> Option<String> {
    let (scheme, _) = dest.split_once(':')?;
    let cleaned: String = scheme
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    (cleaned.len() > 1
        && cleaned
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| cleaned.to_ascii_lowercase())
}

/// Resolves `.` and `..` lexically; `None` when `..` climbs above the site root.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
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
    let safety_kind = config.kind_named("safety");
    let is_note = |id: EntryId| Some(entries[id].kind) == safety_kind;
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
            let is_handout = config.is_kind(entries[id].kind, "handout");
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
    for (id, e) in entries.iter().enumerate() {
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
