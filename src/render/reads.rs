//! What each page read of the site, recorded as it is rendered, and the content hashes
//! that tell `serve` whether a page must be rendered again.
//!
//! Guarantees: the view builders of [`crate::render`] reach the site only through a
//! [`Reader`] — [`Source`] holds the [`Site`] in a private field of this module — and
//! every accessor of the reader records what it hands out ([`ReadId`]) before handing it
//! out: an entry's meta (what a link to it shows: its path, kind, slug and front matter),
//! an entry whole (its body and headings, where its links go, its relations both ways and
//! its safety notes), a kind's list of entries, a topic, the list of topics, the site's
//! shape (the navigation: kinds that have entries, whether there are topics), the home
//! page's text, the most recently reviewed entries. A new field of a view can only read
//! the site through one of them, so it is recorded without anyone having to remember.
//! The site's settings ([`Reader::config`]) are not recorded: a change to site.yaml, the
//! templates, the theme or `static/` makes `serve` start again from scratch.
//!
//! A [`Memo`] keeps a value shared between pages together with the reads that
//! made it, and records them again on every page that takes the value.
//!
//! Needs: a resolved [`Site`]. Pure.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::{Config, KindId};
use crate::content::frontmatter::{FrontMatter, SafetySeverity};
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
}

/// The site as the renderer sees it: only through [`Reader`]s.
pub(crate) struct Source<'s> {
    site: &'s Site,
    /// Whether each kind has an entry (a page, and a place in the nav).
    kinds_present: Vec<bool>,
    /// [`super::entry_path`] of every entry as written in a URL ([`crate::url::encode`]d),
    /// made on first use.
    urls: OnceLock<Vec<String>>,
}

impl<'s> Source<'s> {
    pub(crate) fn new(site: &'s Site) -> Self {
        let mut kinds_present = vec![false; site.config.kinds.len()];
        for e in &site.entries {
            kinds_present[e.kind] = true;
        }
        Source {
            site,
            kinds_present,
            urls: OnceLock::new(),
        }
    }

    /// A reader for one page, with nothing read yet.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader {
            source: self,
            log: RefCell::new(Vec::new()),
        }
    }
}

/// One page's way to the site: every accessor records what it hands out.
pub(crate) struct Reader<'s> {
    source: &'s Source<'s>,
    log: RefCell<Vec<ReadId>>,
}

impl<'s> Reader<'s> {
    fn record(&self, read: ReadId) {
        self.log.borrow_mut().push(read);
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

    /// The output path of the page `job` makes: the page itself, so not recorded.
    pub(crate) fn page_path(&self, job: &super::PageJob) -> String {
        super::job_path(self.site(), job)
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

    /// The output path of entry `id`'s page as written in a URL (part of its meta).
    pub(crate) fn url(&self, id: EntryId) -> &'s str {
        self.record(ReadId::Meta(id));
        let site = self.site();
        let urls = self.source.urls.get_or_init(|| {
            (0..site.entries.len())
                .map(|id| crate::url::encode(&super::entry_path(site, id)).into_owned())
                .collect()
        });
        &urls[id]
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

    /// The home page's text, if the site has one ([`ReadId::Home`]).
    pub(crate) fn home(&self) -> Option<HomeText<'s>> {
        self.record(ReadId::Home);
        let site = self.site();
        site.home.as_ref().map(|h| HomeText {
            title: h.title.as_deref(),
            body: h.body(),
            headings: &h.scan.headings,
            links: &site.home_links,
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

/// The navigation's shape.
pub(crate) struct Shape<'s> {
    pub(crate) kinds_present: &'s [bool],
    pub(crate) topics: bool,
}

/// A topic as the list of topics shows it.
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
}

fn recently_reviewed(site: &Site, n: usize) -> Vec<(jiff::civil::Date, EntryId)> {
    let mut reviewed: Vec<(jiff::civil::Date, EntryId)> = site
        .entries
        .iter()
        .enumerate()
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
        if let Some((value, reads)) = lock().get(&key) {
            reader.log.borrow_mut().extend_from_slice(reads);
            return value.clone();
        }
        // Made outside the lock: two threads may both make it, and make the same value.
        let own = reader.source.reader();
        let value = make(context, &own, &key);
        let reads: Arc<[ReadId]> = own.into_reads().into();
        reader.log.borrow_mut().extend_from_slice(&reads);
        lock().insert(key, (value.clone(), reads));
        value
    }
}
