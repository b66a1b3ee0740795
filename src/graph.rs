//! Resolve stage: [`Loaded`] -> [`Site`], the cross-linked graph of entries.
//!
//! Guarantees for a [`Site`] with no error diagnostics: every front-matter reference and
//! every link in a body points at an entry that exists and is published (or at a file in
//! `static/`, or outside the site with a safe scheme), every `#anchor` names a heading of
//! its target, relations point at the kind they declare, every relation has its computed
//! inverse on the target, and every entry knows the safety notes that apply to it (its own
//! and those of the entries it lists, without repeats, most severe first). Nothing is
//! rendered here: links are kept as targets and the render stage makes them relative.
//! Needs: the load stage (entries scanned for links and headings).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, KindId, Target};
use crate::content::frontmatter::SafetySeverity;
use crate::content::spans::Spans;
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
    /// Files of the site's `static/` folder, by path below it (`/`-separated).
    pub static_files: BTreeSet<String>,
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

/// Lookup tables over the published entries.
struct Index<'a> {
    config: &'a Config,
    entries: &'a [Entry],
    by_kind: HashMap<(KindId, String), EntryId>,
    by_slug: HashMap<String, Vec<EntryId>>,
    by_alias: HashMap<String, Vec<EntryId>>,
    drafts: &'a [(KindId, String)],
    failed: &'a [(KindId, String)],
    static_files: &'a BTreeSet<String>,
}

enum Lookup {
    Found(EntryId),
    Missing(Diagnostic),
    /// Names a file that failed to load, whose own error says all there is to say.
    Unreported,
}

impl<'a> Index<'a> {
    fn new(
        config: &'a Config,
        entries: &'a [Entry],
        drafts: &'a [(KindId, String)],
        failed: &'a [(KindId, String)],
        static_files: &'a BTreeSet<String>,
    ) -> Self {
        let mut by_kind = HashMap::new();
        let mut by_slug: HashMap<String, Vec<EntryId>> = HashMap::new();
        let mut by_alias: HashMap<String, Vec<EntryId>> = HashMap::new();
        for (id, e) in entries.iter().enumerate() {
            by_kind.insert((e.kind, e.slug.clone()), id);
            by_slug.entry(e.slug.clone()).or_default().push(id);
            for alias in &e.meta.aliases {
                let alias = slugify(alias);
                if !alias.is_empty() {
                    by_alias.entry(alias).or_default().push(id);
                }
            }
        }
        Index {
            config,
            entries,
            by_kind,
            by_slug,
            by_alias,
            drafts,
            failed,
            static_files,
        }
    }

    fn describe(&self, id: EntryId) -> String {
        let e = &self.entries[id];
        format!("{}/{}", self.config.kinds[e.kind].folder, e.slug)
    }

    /// Finds `written` (`slug`, `kind/slug` or `folder/slug`, or an alias), which must be
    /// of kind `want` when given. `span` makes the place where it is written (only called
    /// when there is a problem to report).
    fn find(&self, written: &str, want: Option<KindId>, span: &dyn Fn() -> Span) -> Lookup {
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
                Some("write a slug such as `whiplash` or `techniques/deep-tissue-massage`".into()),
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
            .filter(|&id| kind.is_none_or(|k| self.entries[id].kind == k))
            .collect();
        if let [id] = aliased.as_slice() {
            return Lookup::Found(*id);
        }
        // Wrong kind, a draft, or a typo: say which.
        if let Some(k) = want
            && let Some(&other) = self.by_slug.get(&slug).and_then(|v| v.first())
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
        if self
            .failed
            .iter()
            .any(|(k, s)| s == &slug && kind.is_none_or(|want| *k == want))
        {
            // That file has its own error already; a second one here would only repeat it.
            return Lookup::Unreported;
        }
        if self
            .drafts
            .iter()
            .any(|(k, s)| s == &slug && kind.is_none_or(|want| *k == want))
        {
            return missing(
                format!("`{written}` is a draft, so it is not published"),
                Some("remove `draft: true` from it, or remove this link until it is ready (`carebook build --drafts` shows drafts)".into()),
            );
        }
        let pool: Vec<&str> = self
            .entries
            .iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .map(|e| e.slug.as_str())
            .collect();
        let what = match kind {
            Some(k) => format!("no {} called `{name}`", self.config.kinds[k].label),
            None => format!("no entry called `{name}`"),
        };
        let help = match did_you_mean(&slug, pool.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
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

    // Each entry's references and links on their own (in parallel), their problems
    // appended in entry order so the output does not depend on the threads.
    let resolved: Vec<ResolvedEntry> = entries
        .par_iter()
        .map(|entry| {
            let kind = &config.kinds[entry.kind];
            let spans = std::cell::OnceCell::new();
            let spans = || spans.get_or_init(|| Spans::new(&entry.path, &entry.text));
            let mut report = Reporter::default();
            let mut resolved = Vec::new();
            for refs in &entry.relations {
                let relation = &kind.relations[refs.relation];
                let want = match relation.target {
                    Target::Kind(k) => Some(k),
                    Target::Any => None,
                };
                let mut targets = Vec::new();
                for reference in &refs.references {
                    let span = || spans().at(reference.offset, reference.len);
                    match index.find(&reference.text, want, &span) {
                        Lookup::Found(id) if !targets.contains(&id) => targets.push(id),
                        Lookup::Found(_) | Lookup::Unreported => {}
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
                    resolve_link(&index, link, folder, &entry.scan.headings, &span)
                        .map_err(|d| d.map(|d| report.push(d)))
                        .ok()
                })
                .collect();
            let mut found = Vec::new();
            report.finish(&mut found);
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
            let targets = h
                .scan
                .links
                .iter()
                .map(|link| {
                    let span = || spans.at(h.body_start + link.start, link.len);
                    resolve_link(&index, link, Path::new("content"), &h.scan.headings, &span)
                        .map_err(|d| d.map(|d| report.push(d)))
                        .ok()
                })
                .collect();
            report.finish(&mut diagnostics);
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
        return entry_target(index, index.find(name, None, span), anchor, span);
    }
    if dest.is_empty() {
        return fail(
            "this link has no destination".into(),
            "write where it goes inside the brackets: `[text](../conditions/whiplash.md)`",
        );
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        if own_headings.iter().any(|h| h.id == anchor) {
            return Ok(LinkTarget::SamePage(anchor.to_string()));
        }
        return Err(Some(missing_anchor(
            anchor,
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
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let decoded = percent_decode(path_part);
    let Some(joined) = normalize(&folder.join(&decoded)) else {
        return Err(Some(outside_site(span)));
    };
    let mut parts = joined
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let top = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    match top.as_str() {
        "content" if decoded.ends_with(".md") => {
            if rest.len() == 1 && rest[0] == "_index.md" {
                return Ok(LinkTarget::Home);
            }
            let Some(kind) = rest.first().and_then(|f| index.config.kind_by_folder(f)) else {
                return fail(
                    format!("`{dest}` is not an entry of this site"),
                    "link to a file in one of the kind folders, e.g. `../conditions/whiplash.md`",
                );
            };
            let stem = rest
                .last()
                .and_then(|f| f.strip_suffix(".md"))
                .unwrap_or("");
            let written = format!("{}/{}", index.config.kinds[kind].folder, slugify(stem));
            entry_target(index, index.find(&written, None, span), anchor, span)
        }
        "static" if !rest.is_empty() => {
            let below = rest.join("/");
            if index.static_files.contains(&below) {
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

/// A link to an entry found by `lookup`, with its `#anchor` checked.
fn entry_target(
    index: &Index,
    lookup: Lookup,
    anchor: Option<&str>,
    span: &dyn Fn() -> Span,
) -> Result<LinkTarget, Option<Diagnostic>> {
    match lookup {
        Lookup::Found(id) => {
            check_anchor(index, id, anchor, span).map_err(Some)?;
            Ok(LinkTarget::Entry {
                id,
                anchor: anchor.map(str::to_string),
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

fn check_anchor(
    index: &Index,
    id: EntryId,
    anchor: Option<&str>,
    span: &dyn Fn() -> Span,
) -> Result<(), Diagnostic> {
    let Some(anchor) = anchor else {
        return Ok(());
    };
    let headings = &index.entries[id].scan.headings;
    if headings.iter().any(|h| h.id == anchor) {
        return Ok(());
    }
    Err(missing_anchor(
        anchor,
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
    match did_you_mean(anchor, headings.iter().map(|h| h.id.as_str())) {
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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("deep%20tissue.md"), "deep tissue.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
