//! What each page read of the site, recorded as it is rendered, and the content hashes
//! that tell `serve` whether a page must be rendered again.
//!
//! Guarantees: the view builders of [`crate::render`] reach the site only through a
//! [`Reader`] — [`Source`] holds the [`Site`] in a private field of this module — and
//! every accessor of the reader records what it hands out ([`ReadId`]) before handing it
//! out: an entry's meta (what a link to it shows: its path, kind, slug and front matter),
//! an entry whole (its body and headings, where its links go, its relations both ways and
//! its safety notes), a kind's list of entries, a topic, the list of topics, the site's
//! shape (the navigation: kinds that have entries, whether there are topics), the plain
//! pages of the menu and the footer, the home page's text, the most recently reviewed entries. A new field of a view can only read
//! the site through one of them, so it is recorded without anyone having to remember.
//! The site's settings ([`Reader::config`]) and the pictures' sizes ([`Reader::image_size`])
//! are not recorded: a change to site.yaml, the templates, the theme, `static/` or any
//! file in `content/` but a page makes `serve` start again from scratch.
//!
//! [`Fingerprints`] gives each read its key by what survives adding and removing entries
//! (entries by path, topics by slug: [`Read`]) and the blake3 hash of what the read
//! handed out on a site; a page whose every read still has the hash it had shows what it
//! showed. A [`Memo`] keeps a value shared between pages together with the reads that
//! made it, and records them again on every page that takes the value.
//!
//! Needs: a resolved [`Site`]. Pure.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::{Config, KindId};
use crate::frontmatter::{FrontMatter, SafetySeverity};
use crate::graph::{AppliedSafety, EntryId, Incoming, LinkTarget, Outgoing, Site};
use crate::markdown::Heading;

/// One thing a page read, by id (valid for one site): see the module doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReadId {
    /// What a link to the entry shows: its path, kind, slug and front matter.
    Meta(EntryId),
    /// The entry whole: its meta, body and headings, its links' targets, its relations
    /// both ways and its safety notes.
    Full(EntryId),
    /// Which entries a kind has, in order.
    Kind(KindId),
    /// A topic: its name and its entries, in order (by index in [`Site::tags`]).
    Topic(usize),
    /// Every topic's slug, name and number of entries.
    Topics,
    /// The navigation: which kinds have entries, and whether there are topics.
    Shape,
    /// The home page's text (`content/_index.md`) and where its links go.
    Home,
    /// The `n` most recently reviewed entries, with their dates.
    Recent(usize),
    /// The plain pages in the menu and the footer: their addresses, titles and places.
    Menu,
}

/// A [`ReadId`] by what stays the same when entries are added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Read {
    Meta(Arc<Path>),
    Full(Arc<Path>),
    Kind(KindId),
    Topic(String),
    Topics,
    Shape,
    Home,
    Recent(usize),
    Menu,
}

/// The site as the renderer sees it: only through [`Reader`]s.
pub(crate) struct Source<'s> {
    site: &'s Site,
    /// Whether each kind has an A–Z page (an entry, and is not the plain pages), and so a
    /// place in the nav.
    kinds_present: Vec<bool>,
    /// [`super::entry_path`] of every entry as written in a URL ([`crate::url::encode`]d),
    /// made on first use.
    urls: OnceLock<Vec<String>>,
}

impl<'s> Source<'s> {
    pub(crate) fn new(site: &'s Site) -> Self {
        let mut kinds_present = vec![false; site.config.kinds.len()];
        for e in &site.entries {
            // Plain pages have no A–Z page, so no place in the nav of A–Z pages.
            kinds_present[e.kind] = !site.config.kinds[e.kind].is_plain_pages();
        }
        Source {
            site,
            kinds_present,
            urls: OnceLock::new(),
        }
    }

    /// A reader for one page, with nothing read yet, that records what is read.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader {
            source: self,
            log: RefCell::new(Vec::new()),
            recording: true,
        }
    }

    /// A reader for a page whose reads nobody keeps (a full build): the same accessors,
    /// recording nothing.
    pub(crate) fn unrecorded(&self) -> Reader<'_> {
        Reader {
            recording: false,
            ..self.reader()
        }
    }
}

/// One page's way to the site: every accessor records what it hands out.
pub(crate) struct Reader<'s> {
    source: &'s Source<'s>,
    log: RefCell<Vec<ReadId>>,
    /// Whether reads are kept (see [`Source::unrecorded`]).
    recording: bool,
}

impl<'s> Reader<'s> {
    fn record(&self, read: ReadId) {
        if self.recording {
            self.log.borrow_mut().push(read);
        }
    }

    /// What was read, each once, sorted.
    pub(crate) fn into_reads(self) -> Vec<ReadId> {
        let mut reads = self.log.into_inner();
        reads.sort_unstable();
        reads.dedup();
        reads
    }

    fn site(&self) -> &'s Site {
        self.source.site
    }

    /// The site's settings. Not recorded: see the module doc.
    pub(crate) fn config(&self) -> &'s Config {
        &self.site().config
    }

    /// The width and height of the picture published at `path` (below the site root), if
    /// it is a picture whose size is known. Not recorded, like the settings: a picture
    /// that changes makes `serve` start again from scratch.
    pub(crate) fn image_size(&self, path: &str) -> Option<crate::markdown::ImageSize> {
        self.site()
            .images
            .get(path)?
            .size
            .as_ref()
            .ok()
            .copied()
            .flatten()
    }

    /// Is the picture published at `path` published in several widths
    /// ([`crate::content::images::Image::resized`])? Not recorded, like its size.
    pub(crate) fn image_resized(&self, path: &str) -> bool {
        self.site().images.get(path).is_some_and(|i| i.resized())
    }

    /// The output path of the page `job` makes: the page itself, so not recorded.
    pub(crate) fn page_path(&self, job: &super::PageJob) -> String {
        super::job_path(self.site(), job)
    }

    /// The language of the page `job` makes (an entry's is part of its meta).
    pub(crate) fn page_language(&self, job: &super::PageJob) -> crate::config::LangId {
        if let super::PageJob::Entry(id) = job {
            self.record(ReadId::Meta(*id));
        }
        super::pages::job_language(self.site(), job)
    }

    /// The page `job` makes in each language it is published in (an entry's translations
    /// are part of its meta).
    pub(super) fn page_alternates(&self, job: &super::PageJob) -> Vec<super::pages::Alternate> {
        if let super::PageJob::Entry(id) = job {
            self.record(ReadId::Meta(*id));
        }
        super::pages::alternates(self.site(), job)
    }

    /// What a link to entry `id` shows ([`ReadId::Meta`]).
    pub(crate) fn meta(&self, id: EntryId) -> Meta<'s> {
        self.record(ReadId::Meta(id));
        Meta {
            site: self.site(),
            id,
        }
    }

    /// Entry `id` whole ([`ReadId::Full`]).
    pub(crate) fn full(&self, id: EntryId) -> Full<'s> {
        self.record(ReadId::Full(id));
        Full {
            site: self.site(),
            id,
        }
    }

    /// The entry that entry `id` translates, or `id` itself (part of its meta: an
    /// entry's meta hash covers which translations it has).
    pub(crate) fn source_of(&self, id: EntryId) -> EntryId {
        self.record(ReadId::Meta(id));
        self.site().source[id]
    }

    /// Entry `id` as a page in `language` shows it: its translation into it, or else its
    /// source (part of its meta).
    pub(crate) fn in_language(&self, id: EntryId, language: crate::config::LangId) -> EntryId {
        self.record(ReadId::Meta(id));
        self.site().in_language(id, language)
    }

    /// The output path of entry `id`'s page as written in a URL (part of its meta).
    pub(crate) fn url(&self, id: EntryId) -> &'s str {
        self.record(ReadId::Meta(id));
        &self.urls()[id]
    }

    /// Every entry's [`Reader::url`], recording nothing.
    fn urls(&self) -> &'s [String] {
        let site = self.site();
        self.source.urls.get_or_init(|| {
            (0..site.entries.len())
                .map(|id| crate::url::encode(&site.entry_path(id)).into_owned())
                .collect()
        })
    }

    /// The entries of kind `k`, in the site's order ([`ReadId::Kind`]).
    pub(crate) fn kind_entries(&self, k: KindId) -> impl Iterator<Item = EntryId> + 's {
        self.record(ReadId::Kind(k));
        self.site().ids_of_kind(k)
    }

    /// The navigation's shape ([`ReadId::Shape`]).
    pub(crate) fn shape(&self) -> Shape<'s> {
        self.record(ReadId::Shape);
        Shape {
            kinds_present: &self.source.kinds_present,
            topics: !self.site().tags.is_empty(),
        }
    }

    /// Every topic's slug, name and number of entries ([`ReadId::Topics`]).
    pub(crate) fn topics(&self) -> impl Iterator<Item = TopicSummary<'s>> + 's {
        self.record(ReadId::Topics);
        topic_summaries(self.site())
    }

    /// Topic `t`: its name and entries ([`ReadId::Topic`]).
    pub(crate) fn topic(&self, t: usize) -> (&'s str, &'s [EntryId]) {
        self.record(ReadId::Topic(t));
        let tag = &self.site().tags[t];
        (&tag.name, &tag.entries)
    }

    /// The home page's text in `language`, if the site has one ([`ReadId::Home`]).
    pub(crate) fn home(&self, language: crate::config::LangId) -> Option<HomeText<'s>> {
        self.record(ReadId::Home);
        let site = self.site();
        let text = |h: &'s crate::content::Home, links: &'s [Option<LinkTarget>]| HomeText {
            title: h.title.as_deref(),
            body: h.body(),
            headings: &h.scan.headings,
            links,
            language: h.language,
        };
        if language == crate::config::DEFAULT_LANGUAGE {
            return site.home.as_ref().map(|h| text(h, &site.home_links));
        }
        site.home_translations
            .iter()
            .find(|t| t.home.language == language)
            .map(|t| text(&t.home, &t.links))
    }

    /// The plain pages in the menu or the footer, in the site's order ([`ReadId::Menu`]).
    pub(crate) fn menu_pages(&self) -> impl Iterator<Item = MenuPage<'s>> + 's {
        self.record(ReadId::Menu);
        menu_pages(self.site()).map(move |(id, e)| MenuPage {
            id,
            title: &e.title,
            menu: e.meta.menu,
            footer: e.meta.footer,
        })
    }

    /// The `n` most recently reviewed entries, newest first ([`ReadId::Recent`]).
    pub(crate) fn recently_reviewed(&self, n: usize) -> Vec<(jiff::civil::Date, EntryId)> {
        self.record(ReadId::Recent(n));
        recently_reviewed(self.site(), n)
    }
}

/// What a link to an entry shows, and the rest of its front matter.
#[derive(Clone, Copy)]
pub(crate) struct Meta<'s> {
    site: &'s Site,
    id: EntryId,
}

impl<'s> Meta<'s> {
    pub(crate) fn kind(&self) -> KindId {
        self.site.entries[self.id].kind
    }
    /// The language it is written in.
    pub(crate) fn language(&self) -> crate::config::LangId {
        self.site.entries[self.id].language
    }
    pub(crate) fn slug(&self) -> &'s str {
        &self.site.entries[self.id].slug
    }
    pub(crate) fn title(&self) -> &'s str {
        &self.site.entries[self.id].title
    }
    pub(crate) fn summary(&self) -> &'s str {
        &self.site.entries[self.id].summary
    }
    /// The front matter, less `title`, `summary` and the relations.
    pub(crate) fn front(&self) -> &'s FrontMatter {
        &self.site.entries[self.id].meta
    }
    pub(crate) fn severity(&self) -> SafetySeverity {
        self.site.severity(self.id)
    }
}

/// An entry whole.
#[derive(Clone, Copy)]
pub(crate) struct Full<'s> {
    site: &'s Site,
    id: EntryId,
}

impl<'s> Full<'s> {
    /// Its meta, part of what was read.
    pub(crate) fn meta(&self) -> Meta<'s> {
        Meta {
            site: self.site,
            id: self.id,
        }
    }
    pub(crate) fn body(&self) -> &'s str {
        self.site.entries[self.id].body()
    }
    pub(crate) fn headings(&self) -> &'s [Heading] {
        &self.site.entries[self.id].scan.headings
    }
    /// Where each link of the body goes, in order.
    pub(crate) fn links(&self) -> &'s [Option<LinkTarget>] {
        &self.site.links[self.id]
    }
    pub(crate) fn outgoing(&self) -> &'s [Outgoing] {
        &self.site.outgoing[self.id]
    }
    pub(crate) fn incoming(&self) -> &'s [Incoming] {
        &self.site.incoming[self.id]
    }
    pub(crate) fn safety(&self) -> &'s [AppliedSafety] {
        &self.site.safety[self.id]
    }
}

/// A plain page as the menu and the footer show it.
pub(crate) struct MenuPage<'s> {
    pub(crate) id: EntryId,
    pub(crate) title: &'s str,
    pub(crate) menu: Option<u32>,
    pub(crate) footer: bool,
}

/// The plain pages with `menu:` or `footer: true`, in the site's order.
fn menu_pages(site: &Site) -> impl Iterator<Item = (EntryId, &crate::content::Entry)> {
    let pages = site.config.builtin(crate::config::BuiltinKind::Page);
    site.ids_of_kind(pages)
        .map(move |id| (id, &site.entries[id]))
        .filter(|(_, e)| e.meta.menu.is_some() || e.meta.footer)
}

/// The navigation's shape.
pub(crate) struct Shape<'s> {
    pub(crate) kinds_present: &'s [bool],
    pub(crate) topics: bool,
}

/// A topic as the list of topics shows it.
#[derive(Hash)]
pub(crate) struct TopicSummary<'s> {
    pub(crate) slug: &'s str,
    pub(crate) name: &'s str,
    pub(crate) count: usize,
}

fn topic_summaries(site: &Site) -> impl Iterator<Item = TopicSummary<'_>> {
    site.tags.iter().map(|t| TopicSummary {
        slug: &t.slug,
        name: &t.name,
        count: t.entries.len(),
    })
}

/// The home page's text.
pub(crate) struct HomeText<'s> {
    pub(crate) title: Option<&'s str>,
    pub(crate) body: &'s str,
    pub(crate) headings: &'s [Heading],
    pub(crate) links: &'s [Option<LinkTarget>],
    pub(crate) language: crate::config::LangId,
}

fn recently_reviewed(site: &Site, n: usize) -> Vec<(jiff::civil::Date, EntryId)> {
    let mut reviewed: Vec<(jiff::civil::Date, EntryId)> = site
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.language == crate::config::DEFAULT_LANGUAGE)
        .filter_map(|(id, e)| e.meta.reviewed.map(|d| (d, id)))
        .collect();
    reviewed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    reviewed.truncate(n);
    reviewed
}

// ---- memos: values shared between pages, with the reads that made them ----------------

/// Values made once and shared between pages, each kept with what making it read, which
/// every page that takes the value records as its own. The value is made by a function
/// (not a closure) of the key alone, so the key holds everything it depends on besides
/// the site's data.
pub(crate) struct Memo<K, V> {
    values: Mutex<HashMap<K, Made<V>>>,
}

/// A value with what making it read.
type Made<V> = (V, Arc<[ReadId]>);

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    pub(crate) fn new() -> Self {
        Memo {
            values: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, made by `make` the first time.
    pub(crate) fn get<C: ?Sized>(
        &self,
        context: &C,
        reader: &Reader<'_>,
        key: K,
        make: fn(&C, &Reader<'_>, &K) -> V,
    ) -> V {
        let lock = || self.values.lock().unwrap_or_else(|e| e.into_inner());
        let keep = |reads: &[ReadId]| {
            if reader.recording {
                reader.log.borrow_mut().extend_from_slice(reads);
            }
        };
        if let Some((value, reads)) = lock().get(&key) {
            keep(reads);
            return value.clone();
        }
        // Made outside the lock: two threads may both make it, and make the same value.
        // Its reads are always kept with it, for the pages that record theirs.
        let own = reader.source.reader();
        let value = make(context, &own, &key);
        let reads: Arc<[ReadId]> = own.into_reads().into();
        keep(&reads);
        lock().insert(key, (value.clone(), reads));
        value
    }
}

// ---- fingerprints: content hashes of what each read handed out -------------------------

/// A content hash (blake3).
pub type Fingerprint = blake3::Hash;

/// `std::hash::Hash` written into blake3, so that any value hashes as its parts do.
struct Blake3(blake3::Hasher);

impl Hasher for Blake3 {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        let bytes = self.0.finalize();
        u64::from_le_bytes(bytes.as_bytes()[..8].try_into().unwrap_or_default())
    }
}

fn hash_of(value: impl Hash) -> Fingerprint {
    let mut h = Blake3(blake3::Hasher::new());
    value.hash(&mut h);
    h.0.finalize()
}

/// An entry's two hashes: `meta` covers what [`Reader::meta`] hands out (its path, kind,
/// slug and front matter text, from which its title, summary and the rest are read);
/// `full` adds what [`Reader::full`] does (its text, and its links' targets, relations
/// both ways and safety notes by the paths of the entries they name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryHashes {
    pub meta: Fingerprint,
    pub full: Fingerprint,
    /// Of the file's text alone (part of `full`; kept to reuse for an unchanged file).
    pub text: Fingerprint,
}

/// Entry `id`'s hashes; `text` is the hash of its text, when known.
pub fn entry_hashes(site: &Site, id: EntryId, text: Option<Fingerprint>) -> EntryHashes {
    let e = &site.entries[id];
    // Which translations it has is part of its meta: a link to it goes to the one in the
    // page's language.
    let versions: Vec<&PathBuf> = site.versions(id).map(|v| &site.entries[v].path).collect();
    let meta = hash_of((&e.path, e.kind, &e.slug, &e.text[..e.body_start], versions));
    let text = text.unwrap_or_else(|| blake3::hash(e.text.as_bytes()));
    let path = |i: &EntryId| &site.entries[*i].path;
    let mut h = Blake3(blake3::Hasher::new());
    (meta, text).hash(&mut h);
    for o in &site.outgoing[id] {
        o.relation.hash(&mut h);
        o.targets.len().hash(&mut h);
        o.targets.iter().map(path).for_each(|p| p.hash(&mut h));
    }
    for i in &site.incoming[id] {
        i.label.hash(&mut h);
        i.sources.len().hash(&mut h);
        i.sources.iter().map(path).for_each(|p| p.hash(&mut h));
    }
    for a in &site.safety[id] {
        path(&a.note).hash(&mut h);
        a.via.len().hash(&mut h);
        a.via.iter().map(path).for_each(|p| p.hash(&mut h));
    }
    links_key(site, &site.links[id], &mut h);
    EntryHashes {
        meta,
        full: h.0.finalize(),
        text,
    }
}

/// Where links go, by what stays the same when entries are added or removed (paths, not
/// ids).
fn links_key(site: &Site, targets: &[Option<LinkTarget>], h: &mut Blake3) {
    targets.len().hash(h);
    for target in targets {
        match target {
            None => 0u8.hash(h),
            Some(LinkTarget::Entry { id, anchor }) => {
                (1u8, &site.entries[*id].path, anchor).hash(h);
            }
            Some(LinkTarget::Home) => 2u8.hash(h),
            Some(LinkTarget::Static(p)) => (3u8, p).hash(h),
            Some(LinkTarget::SamePage(a)) => (4u8, a).hash(h),
            Some(LinkTarget::External(u)) => (5u8, u).hash(h),
            Some(LinkTarget::Draft { path, title }) => (6u8, path, title).hash(h),
        }
    }
}

/// The reads of one site by key, with their hashes now.
pub struct Fingerprints<'s> {
    site: &'s Site,
    hashes: &'s [EntryHashes],
    by_path: &'s rustc_hash::FxHashMap<PathBuf, EntryId>,
    /// Every entry's path, shared by the keys that name it.
    paths: Vec<Arc<Path>>,
    topics: HashMap<&'s str, usize>,
    shape: Fingerprint,
    /// The hashes of the reads shared by many pages (a kind's entries, a topic, the menu,
    /// the home page…), each worked out the first time a page's reads ask for it: every
    /// page reads the menu, so working it out for each would cost the number of pages
    /// times the number of entries.
    shared: Mutex<HashMap<ReadId, Fingerprint>>,
}

impl<'s> Fingerprints<'s> {
    /// `hashes` holds [`entry_hashes`] of every entry of `site`, `by_path` every entry
    /// by its path.
    pub fn new(
        site: &'s Site,
        hashes: &'s [EntryHashes],
        by_path: &'s rustc_hash::FxHashMap<PathBuf, EntryId>,
    ) -> Self {
        let source = Source::new(site);
        Fingerprints {
            site,
            hashes,
            by_path,
            paths: site.entries.iter().map(|e| Arc::from(&*e.path)).collect(),
            topics: site
                .tags
                .iter()
                .enumerate()
                .map(|(t, tag)| (tag.slug.as_str(), t))
                .collect(),
            shape: hash_of((&source.kinds_present, !site.tags.is_empty())),
            shared: Mutex::new(HashMap::new()),
        }
    }

    /// The key of `read` and its hash now.
    pub fn of(&self, read: ReadId) -> (Read, Fingerprint) {
        let key = match read {
            ReadId::Meta(id) => Read::Meta(self.paths[id].clone()),
            ReadId::Full(id) => Read::Full(self.paths[id].clone()),
            ReadId::Kind(k) => Read::Kind(k),
            ReadId::Topic(t) => Read::Topic(self.site.tags[t].slug.clone()),
            ReadId::Topics => Read::Topics,
            ReadId::Shape => Read::Shape,
            ReadId::Home => Read::Home,
            ReadId::Recent(n) => Read::Recent(n),
            ReadId::Menu => Read::Menu,
        };
        let hash = self.hash(read);
        (key, hash)
    }

    /// The hash `read` (a key from [`Fingerprints::of`], perhaps on another site) has
    /// now; `None` when the thing read is gone.
    pub fn now(&self, read: &Read) -> Option<Fingerprint> {
        let id = match read {
            Read::Meta(path) => ReadId::Meta(*self.by_path.get(&**path)?),
            Read::Full(path) => ReadId::Full(*self.by_path.get(&**path)?),
            Read::Kind(k) => ReadId::Kind((*k < self.site.config.kinds.len()).then_some(*k)?),
            Read::Topic(slug) => ReadId::Topic(*self.topics.get(slug.as_str())?),
            Read::Topics => ReadId::Topics,
            Read::Shape => ReadId::Shape,
            Read::Home => ReadId::Home,
            Read::Recent(n) => ReadId::Recent(*n),
            Read::Menu => ReadId::Menu,
        };
        Some(self.hash(id))
    }

    /// The hash of what `read` hands out on this site: the same data its accessor on
    /// [`Reader`] returns. An entry's are kept in `hashes`; the others are worked out once.
    fn hash(&self, read: ReadId) -> Fingerprint {
        match read {
            ReadId::Meta(id) => self.hashes[id].meta,
            ReadId::Full(id) => self.hashes[id].full,
            ReadId::Shape => self.shape,
            _ => {
                let known = self.shared.lock().map(|m| m.get(&read).copied());
                if let Ok(Some(hash)) = known {
                    return hash;
                }
                // Worked out outside the lock: two threads may both work it out, alike.
                let hash = self.work_out(read);
                if let Ok(mut m) = self.shared.lock() {
                    m.insert(read, hash);
                }
                hash
            }
        }
    }

    /// [`Fingerprints::hash`] worked out from the site.
    fn work_out(&self, read: ReadId) -> Fingerprint {
        let site = self.site;
        let path = |id: EntryId| &site.entries[id].path;
        match read {
            ReadId::Meta(id) => self.hashes[id].meta,
            ReadId::Full(id) => self.hashes[id].full,
            ReadId::Kind(k) => hash_of(site.ids_of_kind(k).map(path).collect::<Vec<_>>()),
            ReadId::Topic(t) => {
                let tag = &site.tags[t];
                hash_of((
                    &tag.name,
                    tag.entries.iter().map(|&i| path(i)).collect::<Vec<_>>(),
                ))
            }
            ReadId::Topics => hash_of(topic_summaries(site).collect::<Vec<_>>()),
            ReadId::Shape => self.shape,
            ReadId::Home => {
                let mut h = Blake3(blake3::Hasher::new());
                if let Some(home) = &site.home {
                    home.text.hash(&mut h);
                    links_key(site, &site.home_links, &mut h);
                }
                for t in &site.home_translations {
                    (t.home.language, &t.home.text).hash(&mut h);
                    links_key(site, &t.links, &mut h);
                }
                h.0.finalize()
            }
            ReadId::Recent(n) => hash_of(
                recently_reviewed(site, n)
                    .into_iter()
                    .map(|(date, id)| (date, path(id)))
                    .collect::<Vec<_>>(),
            ),
            ReadId::Menu => hash_of(
                menu_pages(site)
                    .map(|(_, e)| (&e.path, &e.slug, &e.title, e.meta.menu, e.meta.footer))
                    .collect::<Vec<_>>(),
            ),
        }
    }
}
