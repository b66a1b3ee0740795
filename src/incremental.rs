//! Incremental rebuilds for `serve`: after an edit, only the pages whose inputs changed
//! are rendered again.
//!
//! Guarantees: after [`State::rebuild`], the pages held (and the diagnostics returned)
//! are exactly those a full build of the same files would give — the tests compare the
//! two after every kind of edit. Two things make a rebuild cheap:
//!
//! - An edit to the body of one entry that keeps its front matter, its links and its
//!   headings (what a writer does while typing) changes nothing the resolve stage decided:
//!   the entry is loaded again on its own and put in place, and only its own checks run.
//!   Any other edit loads, resolves and checks the whole site again, reading again only
//!   the files whose size or modification time changed (and re-checking only those).
//! - Every page has a fingerprint: a hash of everything it is rendered from (see
//!   [`inputs`]). A page is rendered again only when its fingerprint changed: a body edit
//!   re-renders the entry's page and the pages that show its body (handouts, pages that
//!   show it as a safety note); a title edit also the pages that link to it (its
//!   relations both ways, its kind's A–Z page, its tags, the home page).
//!
//! The search index is not made here: `serve` makes it when a page asks for it.
//! Needs: the site's files; runs the whole pipeline (load -> resolve -> check -> render)
//! itself. A change to site.yaml, templates, themes or static/ starts again from scratch.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHasher;

use crate::content::Entry;
use crate::diagnostic::Diagnostic;
use crate::graph::{EntryId, LinkTarget, Site};
use crate::output::Sink;
use crate::pipeline::{self, BuildError, Prepared};
use crate::render::{self, PageJob};

/// What changed since the last rebuild.
#[derive(Debug, Clone)]
pub enum Change {
    /// Anything, or something other than content files: start again from scratch.
    Everything,
    /// These content files (relative to the site root, `content/...`), and nothing else.
    Content(Vec<PathBuf>),
}

/// The last good build, kept between rebuilds.
pub struct State {
    root: PathBuf,
    drafts: bool,
    today: jiff::civil::Date,
    prepared: Prepared,
    hashes: Vec<EntryHashes>,
    by_path: HashMap<PathBuf, EntryId>,
    /// Output path -> fingerprint of what the page was rendered from.
    fingerprints: HashMap<String, u64>,
    /// A rebuild failed: what changed since the last good build, which the next rebuild
    /// must take in as well.
    stale: Option<Change>,
}

/// What a rebuild did.
#[derive(Debug)]
pub struct Rebuilt {
    /// Pages rendered this time.
    pub rendered: usize,
    /// Every page of the site.
    pub pages: usize,
    /// Output paths of pages that are gone.
    pub removed: Vec<String>,
    /// Everything was written again (pages, sitemap, static files): what was not written
    /// is gone.
    pub complete: bool,
    /// Warnings (a rebuild with errors returns `Err`).
    pub diagnostics: Vec<Diagnostic>,
}

/// An entry's two hashes: `meta` covers what a link to it shows (path, kind, slug and its
/// front matter: title, summary, dates); `full` adds its body and its place in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EntryHashes {
    meta: u64,
    full: u64,
    /// Of the file's text alone (part of `full`; kept to reuse for an unchanged file).
    text: u64,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

fn meta_hash(e: &Entry) -> u64 {
    hash_of((&e.path, e.kind, &e.slug, &e.text[..e.body_start]))
}

/// A link target by what stays the same when entries are added or removed (paths, not ids).
fn target_key(site: &Site, target: &Option<LinkTarget>, h: &mut FxHasher) {
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

/// Entry `id`'s hashes; `text` is the hash of its text, when known.
fn entry_hashes(site: &Site, id: EntryId, text: Option<u64>) -> EntryHashes {
    let e = &site.entries[id];
    let meta = meta_hash(e);
    let text = text.unwrap_or_else(|| hash_of(&e.text));
    let path = |i: &EntryId| &site.entries[*i].path;
    let mut h = FxHasher::default();
    (meta, text).hash(&mut h);
    for o in &site.outgoing[id] {
        o.relation.hash(&mut h);
        o.targets.iter().map(path).for_each(|p| p.hash(&mut h));
    }
    for i in &site.incoming[id] {
        i.label.hash(&mut h);
        i.sources.iter().map(path).for_each(|p| p.hash(&mut h));
    }
    for a in &site.safety[id] {
        path(&a.note).hash(&mut h);
        a.via.iter().map(path).for_each(|p| p.hash(&mut h));
    }
    for t in &site.links[id] {
        target_key(site, t, &mut h);
    }
    EntryHashes {
        meta,
        full: h.finish(),
        text,
    }
}

/// What [`State::derive`] may take over from the build before.
struct Previous {
    site: Site,
    by_path: HashMap<PathBuf, EntryId>,
    hashes: Vec<EntryHashes>,
}

impl Previous {
    /// The id `e` had in the build before, when its kind and text are as they were then.
    fn same_text(&self, e: &Entry) -> Option<EntryId> {
        let &old = self.by_path.get(&e.path)?;
        let o = &self.site.entries[old];
        (o.kind == e.kind && o.text == e.text).then_some(old)
    }
}

/// One thing a page is rendered from.
enum Input {
    /// What a link to the entry shows.
    Meta(EntryId),
    /// The entry whole: its body and its relations.
    Full(EntryId),
}

/// What an entry's view (its page, or a chapter of a handout) is rendered from: the entry,
/// the entries it links to or lists and that list it (as links), and its safety notes
/// whole (their bodies are shown) with the entries they link to.
fn entry_inputs(site: &Site, id: EntryId, out: &mut Vec<Input>) {
    out.push(Input::Full(id));
    for o in &site.outgoing[id] {
        out.extend(o.targets.iter().map(|&t| Input::Meta(t)));
    }
    for i in &site.incoming[id] {
        out.extend(i.sources.iter().map(|&s| Input::Meta(s)));
    }
    for a in &site.safety[id] {
        out.push(Input::Full(a.note));
        out.extend(a.via.iter().map(|&v| Input::Meta(v)));
        out.extend(linked(site, a.note).map(Input::Meta));
    }
    out.extend(linked(site, id).map(Input::Meta));
}

/// The entries the body of `id` links to.
fn linked(site: &Site, id: EntryId) -> impl Iterator<Item = EntryId> + '_ {
    site.links[id].iter().filter_map(|t| match t {
        Some(LinkTarget::Entry { id, .. }) => Some(*id),
        _ => None,
    })
}

/// Everything page `job` is rendered from, as entries (besides the settings and theme,
/// whose change starts again from scratch). Mirrors what [`render::Renderer`] reads: a
/// page that reads an entry not listed here would not be rendered again when that entry
/// changes (the tests that compare incremental and full builds catch it).
fn inputs(site: &Site, job: &PageJob, out: &mut Vec<Input>) {
    match *job {
        PageJob::Entry(id) => {
            entry_inputs(site, id, out);
            if site.entries[id].kind == site.config.builtin(crate::config::BuiltinKind::Handout) {
                for (chapter, _) in render::handout_chapters(site, id) {
                    entry_inputs(site, chapter, out);
                }
            }
        }
        PageJob::Kind(k) => out.extend(site.ids_of_kind(k).map(Input::Meta)),
        PageJob::Tag(t) => out.extend(site.tags[t].entries.iter().map(|&i| Input::Meta(i))),
        PageJob::Tags => {}
        PageJob::Home => {
            out.extend((0..site.entries.len()).map(Input::Meta));
            out.extend(site.home_links.iter().filter_map(|t| match t {
                Some(LinkTarget::Entry { id, .. }) => Some(Input::Meta(*id)),
                _ => None,
            }));
        }
    }
}

/// What every page shows of the site as a whole: the navigation (kinds that have
/// entries, whether there are topics) and the topics with their counts.
fn shape_hash(site: &Site) -> u64 {
    let mut h = FxHasher::default();
    for k in 0..site.config.kinds.len() {
        site.ids_of_kind(k).next().is_some().hash(&mut h);
    }
    for tag in &site.tags {
        (&tag.slug, &tag.name, tag.entries.len()).hash(&mut h);
    }
    h.finish()
}

/// The home page's own text (`content/_index.md`) and where its links go.
fn home_hash(site: &Site) -> u64 {
    let mut h = FxHasher::default();
    if let Some(home) = &site.home {
        home.text.hash(&mut h);
        for t in &site.home_links {
            target_key(site, t, &mut h);
        }
    }
    h.finish()
}

fn fingerprints(site: &Site, hashes: &[EntryHashes], jobs: &[PageJob]) -> Vec<(String, u64)> {
    let shape = shape_hash(site);
    let home = home_hash(site);
    jobs.par_iter()
        .map_init(Vec::new, |inputs_of, job| {
            inputs_of.clear();
            inputs(site, job, inputs_of);
            let mut h = FxHasher::default();
            (shape, job_key(job)).hash(&mut h);
            if matches!(job, PageJob::Home) {
                home.hash(&mut h);
            }
            for input in inputs_of.iter() {
                match *input {
                    Input::Meta(id) => (0u8, hashes[id].meta).hash(&mut h),
                    Input::Full(id) => (1u8, hashes[id].full).hash(&mut h),
                }
            }
            (render::job_path(site, job), h.finish())
        })
        .collect()
}

/// What kind of page a job makes (its path is the fingerprint's key).
fn job_key(job: &PageJob) -> u8 {
    match job {
        PageJob::Home => 0,
        PageJob::Kind(_) => 1,
        PageJob::Entry(_) => 2,
        PageJob::Tags => 3,
        PageJob::Tag(_) => 4,
    }
}

impl State {
    /// A full build into `sink`: every page, the sitemap and the static files (not the
    /// search index). Returns the state to rebuild from and what was built.
    pub fn build(
        root: &Path,
        drafts: bool,
        today: jiff::civil::Date,
        sink: &dyn Sink,
    ) -> Result<(State, Rebuilt), BuildError> {
        let prepared = pipeline::prepare(root, drafts, today, pipeline::Reuse::NONE)?;
        let mut state = State {
            root: root.to_path_buf(),
            drafts,
            today,
            prepared,
            hashes: Vec::new(),
            by_path: HashMap::new(),
            fingerprints: HashMap::new(),
            stale: None,
        };
        state.derive(None);
        let rebuilt = state.render(sink, true)?;
        Ok((state, rebuilt))
    }

    /// The site as last built.
    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    /// Hashes every entry of a newly prepared site; an entry whose text is what it was in
    /// `previous` keeps its text hash from there.
    fn derive(&mut self, previous: Option<&Previous>) {
        let site = &self.prepared.site;
        self.hashes = (0..site.entries.len())
            .into_par_iter()
            .map(|id| {
                let text = previous.and_then(|p| {
                    let old = p.same_text(&site.entries[id])?;
                    Some(p.hashes[old].text)
                });
                entry_hashes(site, id, text)
            })
            .collect();
        self.by_path = site
            .entries
            .iter()
            .enumerate()
            .map(|(id, e)| (e.path.clone(), id))
            .collect();
    }

    /// Rebuilds after `change`, writing into `sink` only the pages whose inputs changed,
    /// and telling which pages are gone. On `Err` (the site has errors) the pages of the
    /// last good build stay as they are.
    pub fn rebuild(&mut self, change: &Change, sink: &dyn Sink) -> Result<Rebuilt, BuildError> {
        // After a failed rebuild, every file changed since the last good one.
        let change = match (self.stale.take(), change) {
            (Some(Change::Everything), _) | (_, Change::Everything) => Change::Everything,
            (Some(Change::Content(mut before)), Change::Content(now)) => {
                for path in now {
                    if !before.contains(path) {
                        before.push(path.clone());
                    }
                }
                Change::Content(before)
            }
            (None, c) => c.clone(),
        };
        let result = match &change {
            Change::Everything => {
                State::build(&self.root, self.drafts, self.today, sink).map(|(state, rebuilt)| {
                    let gone = self
                        .fingerprints
                        .keys()
                        .filter(|p| !state.fingerprints.contains_key(*p))
                        .cloned();
                    let mut removed: Vec<String> = gone.collect();
                    removed.sort();
                    *self = state;
                    Rebuilt { removed, ..rebuilt }
                })
            }
            Change::Content(paths) => {
                if !paths.is_empty() && paths.iter().all(|p| self.body_edit(p)) {
                    self.render(sink, false)
                } else {
                    self.reload(paths, sink)
                }
            }
        };
        self.stale = result.is_err().then_some(change);
        result
    }

    /// Loads, resolves and checks the whole site again, keeping the theme. Files not in
    /// `changed` whose size and modification time are as they were are not read again.
    fn reload(&mut self, changed: &[PathBuf], sink: &dyn Sink) -> Result<Rebuilt, BuildError> {
        // Files with load or link problems are read again, so their warnings are found.
        let noted: std::collections::HashSet<&Path> = self
            .prepared
            .site
            .diagnostics
            .iter()
            .map(|d| d.span.path.as_path())
            .collect();
        let site = &self.prepared.site;
        let entries = |display: &Path, stamp: crate::content::Stamp| -> Option<Entry> {
            if changed.iter().any(|c| c == display)
                || noted.contains(display)
                || self.prepared.stamps.get(display) != Some(&stamp)
            {
                return None;
            }
            self.by_path
                .get(display)
                .map(|&id| site.entries[id].clone())
        };
        let findings = |e: &Entry| -> Option<Vec<Diagnostic>> {
            let &old = self.by_path.get(&e.path)?;
            let o = &site.entries[old];
            (o.kind == e.kind && o.text == e.text)
                .then(|| self.prepared.findings.per_entry[old].clone())
        };
        let reuse = pipeline::Reuse {
            entries: &entries,
            findings: &findings,
            theme: Some(std::sync::Arc::clone(&self.prepared.theme)),
        };
        let prepared = pipeline::prepare(&self.root, self.drafts, self.today, reuse)?;
        drop(noted);
        let old = std::mem::replace(&mut self.prepared, prepared);
        let previous = Previous {
            site: old.site,
            by_path: std::mem::take(&mut self.by_path),
            hashes: std::mem::take(&mut self.hashes),
        };
        self.derive(Some(&previous));
        drop(previous);
        self.render(sink, false)
    }

    /// Puts the edited entry at `path` in place when the edit changed only its body and
    /// nothing the resolve stage looked at (front matter, links, heading ids), and the
    /// file had and has no load or link problems. `false`: the site must be reloaded.
    fn body_edit(&mut self, path: &Path) -> bool {
        let Some(&id) = self.by_path.get(path) else {
            return false;
        };
        let site = &self.prepared.site;
        let old = &site.entries[id];
        if site.diagnostics.iter().any(|d| d.span.path == old.path) {
            return false;
        }
        let Some(reloaded) = crate::content::reload_entry(&self.root, path, old.kind, &site.config)
        else {
            return false;
        };
        let stamp = reloaded.stamp;
        let new = reloaded.entry;
        let same_links = new.scan.links.len() == old.scan.links.len()
            && new
                .scan
                .links
                .iter()
                .zip(&old.scan.links)
                .all(|(a, b)| a.dest == b.dest && a.style == b.style);
        let same_ids = new.scan.headings.len() == old.scan.headings.len()
            && new
                .scan
                .headings
                .iter()
                .zip(&old.scan.headings)
                .all(|(a, b)| a.id == b.id);
        if !reloaded.diagnostics.is_empty()
            || !same_links
            || !same_ids
            || new.text[..new.body_start] != old.text[..old.body_start]
        {
            return false;
        }
        let prepared = &mut self.prepared;
        prepared.site.entries[id] = new;
        prepared.findings.per_entry[id] =
            crate::checks::EntryChecks::new(&prepared.site, self.today).of(id);
        self.hashes[id] = entry_hashes(&prepared.site, id, None);
        prepared.stamps.insert(path.to_path_buf(), stamp);
        true
    }

    /// Renders every page whose fingerprint changed (all of them with `all`, and then the
    /// static files too) and the sitemap into `sink`.
    fn render(&mut self, sink: &dyn Sink, all: bool) -> Result<Rebuilt, BuildError> {
        let site = &self.prepared.site;
        let jobs = render::page_jobs(site);
        let prints = fingerprints(site, &self.hashes, &jobs);
        let changed: Vec<PageJob> = jobs
            .iter()
            .zip(&prints)
            .filter(|(_, (path, print))| all || self.fingerprints.get(path) != Some(print))
            .map(|(job, _)| job.clone())
            .collect();
        let mut diagnostics = self.prepared.diagnostics();
        diagnostics.extend(pipeline::render_pages(&self.prepared, &changed, sink)?);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(BuildError::Content(diagnostics));
        }
        if all {
            pipeline::site_files(&self.root, &self.prepared, &jobs, false, sink)?;
        } else if let Some(files) = render::sitemap(site, &jobs) {
            for (path, text) in files {
                sink.put(path, text.as_bytes())?;
            }
        }
        let fresh: HashMap<String, u64> = prints.into_iter().collect();
        let mut removed: Vec<String> = self
            .fingerprints
            .keys()
            .filter(|p| !fresh.contains_key(*p))
            .cloned()
            .collect();
        removed.sort();
        self.fingerprints = fresh;
        Ok(Rebuilt {
            rendered: changed.len(),
            pages: jobs.len(),
            removed,
            complete: all,
            diagnostics,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    const TODAY: &str = "2026-11-27";

    #[derive(Default)]
    struct Memory(Mutex<BTreeMap<String, Vec<u8>>>);

    impl Sink for Memory {
        fn put(&self, path: &str, bytes: &[u8]) -> Result<(), crate::output::OutputError> {
            self.0.lock().unwrap().insert(path.into(), bytes.to_vec());
            Ok(())
        }
    }

    fn today() -> jiff::civil::Date {
        TODAY.parse().unwrap()
    }

    fn copy_fixture(name: &str) -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().unwrap();
        for item in walkdir::WalkDir::new(&from) {
            let item = item.unwrap();
            let to = dir.path().join(item.path().strip_prefix(&from).unwrap());
            if item.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(item.path(), &to).unwrap();
            }
        }
        dir
    }

    fn sorted(mut d: Vec<Diagnostic>) -> Vec<String> {
        crate::diagnostic::sort_and_dedup(&mut d);
        d.iter().map(|d| format!("{d:?}")).collect()
    }

    /// A site served incrementally, next to what a full build of the same files gives.
    struct Served {
        dir: tempfile::TempDir,
        state: State,
        pages: BTreeMap<String, Vec<u8>>,
    }

    impl Served {
        fn new(fixture: &str) -> Served {
            let dir = copy_fixture(fixture);
            let sink = Memory::default();
            let (state, _) = State::build(dir.path(), false, today(), &sink).unwrap();
            Served {
                dir,
                state,
                pages: sink.0.into_inner().unwrap(),
            }
        }

        /// Writes `text` to `path` (None: removes it), rebuilds incrementally and checks the
        /// pages and diagnostics against a full build. Returns the pages rendered.
        fn edit(&mut self, path: &str, text: Option<&str>) -> usize {
            let file = self.dir.path().join(path);
            match text {
                Some(text) => {
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(&file, text).unwrap();
                }
                None => std::fs::remove_file(&file).unwrap(),
            }
            let sink = Memory::default();
            let change = Change::Content(vec![PathBuf::from(path)]);
            let rebuilt = self.state.rebuild(&change, &sink);
            let full = Memory::default();
            let expected = State::build(self.dir.path(), false, today(), &full);
            match (rebuilt, expected) {
                (Ok(rebuilt), Ok((_, built))) => {
                    for gone in &rebuilt.removed {
                        self.pages.remove(gone);
                    }
                    self.pages.extend(sink.0.into_inner().unwrap());
                    let full = full.0.into_inner().unwrap();
                    let differ: std::collections::BTreeSet<&String> = full
                        .keys()
                        .chain(self.pages.keys())
                        .filter(|p| full.get(*p) != self.pages.get(*p))
                        .collect();
                    assert!(
                        differ.is_empty(),
                        "after editing {path}, these differ: {differ:?}"
                    );
                    assert_eq!(sorted(rebuilt.diagnostics), sorted(built.diagnostics));
                    rebuilt.rendered
                }
                (Err(BuildError::Content(a)), Err(BuildError::Content(b))) => {
                    assert_eq!(sorted(a), sorted(b));
                    0
                }
                (a, b) => panic!(
                    "after editing {path}: incremental {a:?}, full {:?}",
                    b.err()
                ),
            }
        }

        fn read(&self, path: &str) -> String {
            std::fs::read_to_string(self.dir.path().join(path)).unwrap()
        }
    }

    #[test]
    fn a_body_edit_renders_only_the_pages_that_show_the_body() {
        let mut s = Served::new("basic");
        let whiplash = "content/conditions/whiplash.md";
        let text = s.read(whiplash);
        let rendered = s.edit(
            whiplash,
            Some(&text.replace("Pain and stiffness.", "Pain, stiffness and a headache.")),
        );
        // The page itself and the handout that has it as a chapter.
        assert_eq!(rendered, 2);
        // A safety note's body is shown on every page it applies to.
        let note = "content/safety/not-a-diagnosis.md";
        let text = s.read(note);
        let rendered = s.edit(note, Some(&format!("{text}\nOne more sentence.\n")));
        assert!(rendered > 2, "{rendered}");
        // Nothing changed: nothing rendered.
        let text = s.read(whiplash);
        assert_eq!(s.edit(whiplash, Some(&text)), 0);
    }

    #[test]
    fn every_kind_of_edit_gives_what_a_full_build_gives() {
        let mut s = Served::new("basic");
        let whiplash = "content/conditions/whiplash.md";
        let deep = "content/techniques/deep-tissue.md";
        let original = s.read(whiplash);
        // A title: pages that link to it show the new one.
        let rendered = s.edit(
            whiplash,
            Some(&original.replace("title: Whiplash", "title: Whiplash injury")),
        );
        assert!(rendered > 2 && rendered < 16, "{rendered}");
        // A relation removed, then back.
        s.edit(
            whiplash,
            Some(&original.replace(
                "techniques: [deep-tissue, techniques/gentle-stroking]",
                "techniques: [deep-tissue]",
            )),
        );
        s.edit(whiplash, Some(&original));
        // A tag added and removed.
        s.edit(
            whiplash,
            Some(&original.replace("tags: [neck, Injury]", "tags: [neck, Injury, sleep]")),
        );
        s.edit(whiplash, Some(&original));
        // A heading renamed: a link to its anchor breaks, then is fixed.
        let deep_text = s.read(deep);
        let renamed = deep_text.replace("## What happens", "## What it is like");
        assert_ne!(
            renamed, deep_text,
            "the fixture changed: pick another heading"
        );
        s.edit(deep, Some(&renamed));
        s.edit(deep, Some(&deep_text));
        // A broken link in a body, then fixed.
        s.edit(
            whiplash,
            Some(&original.replace("[[deep-tissue#what-happens|deep work]]", "[[deep-tisue]]")),
        );
        s.edit(whiplash, Some(&original));
        // A body edit after an error still counts every file changed since the last good build.
        s.edit(
            deep,
            Some(&deep_text.replace("---\n\n", "---\n[[nowhere]]\n")),
        );
        s.edit(
            whiplash,
            Some(&original.replace("Pain and stiffness.", "Pain.")),
        );
        s.edit(deep, Some(&deep_text));
        // A new entry, then gone again.
        let new = "content/conditions/sciatica.md";
        s.edit(new, Some("---\ntitle: Sciatica\nsummary: Pain down the leg.\ntechniques: [deep-tissue]\nreviewed: 2026-10-01\n---\nIt runs down the leg. See [[whiplash]].\n"));
        s.edit(new, None);
        // The home page: only it shows its own text.
        let home = "content/_index.md";
        let home_text = s.read(home);
        let rendered = s.edit(home, Some(&format!("{home_text}\nAnd a new line.\n")));
        assert_eq!(rendered, 1);
        s.edit(
            home,
            Some(&format!("{home_text}\nAlso see [[arthritis]].\n")),
        );
        s.edit(home, Some(&home_text));
        // A front matter error, then fixed.
        s.edit(whiplash, Some(&original.replace("summary:", "sumary:")));
        s.edit(whiplash, Some(&original));
    }

    #[test]
    fn taking_a_linked_page_down_as_a_draft_gives_what_a_full_build_gives() {
        // deep-tissue is listed by whiplash and linked from its text (with an anchor).
        let mut s = Served::new("basic");
        let deep = "content/techniques/deep-tissue.md";
        let text = s.read(deep);
        let draft = text.replacen("---\n", "---\ndraft: true\n", 1);
        assert!(s.edit(deep, Some(&draft)) > 1);
        s.edit(deep, Some(&text));
        // A page with a link to a draft, edited: its text, then its links.
        let mut s = Served::new("graph-drafts");
        let whiplash = "content/conditions/whiplash.md";
        let text = s.read(whiplash);
        s.edit(whiplash, Some(&text.replace("a few weeks", "some weeks")));
        s.edit(
            whiplash,
            Some(&text.replace("[[hot-stones]],", "[[deep-tissue]],")),
        );
        s.edit(whiplash, Some(&text));
        // A draft's title is shown where a `[[slug]]` links to it.
        let stones = "content/techniques/hot-stones.md";
        let text = s.read(stones);
        s.edit(stones, Some(&text.replace("title: Hot", "title: Warm")));
        s.edit(stones, Some(&text));
        // The drafts published, and taken down again.
        for page in [
            "content/techniques/hot-stones.md",
            "content/safety/heat-warning.md",
        ] {
            let text = s.read(page);
            s.edit(page, Some(&text.replace("draft: true\n", "")));
            s.edit(page, Some(&text));
        }
    }

    #[test]
    fn handout_chapters_follow_their_entries() {
        let mut s = Served::new("handouts");
        let stiffness = "content/conditions/stiffness.md";
        let text = s.read(stiffness);
        s.edit(stiffness, Some(&format!("{text}\nA new closing line.\n")));
        s.edit(stiffness, Some(&text.replacen("title:", "title: Very", 1)));
        s.edit(stiffness, Some(&text));
    }
}
