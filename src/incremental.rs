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
//! - Every page is kept with what the renderer recorded it read as it rendered it
//!   ([`render::reads`]), each read with the content hash it had. A page is rendered
//!   again only when it is new, or when one of its reads has another hash now or reads
//!   something that is gone: a body edit re-renders the entry's page and the pages that
//!   show its body (handouts, pages that show it as a safety note); a title edit also the
//!   pages that link to it (its relations both ways, its kind's A–Z page, its tags, the
//!   home page). Nothing here lists what a page shows: a new field of a view is read
//!   through the same recorder.
//!
//! The search index is not made here: `serve` makes it when a page asks for it.
//! Needs: the site's files; runs the stages through [`crate::pipeline`] (prepare with a
//! [`crate::pipeline::Reuse`] of the last build, then its render loop), as `build` does.
//! A change to site.yaml, templates, themes or static/ starts again from scratch.

// FxHash: every rebuild looks up each page's path and each of its reads' entries; the
// keys are the site's own paths, so SipHash's flooding resistance buys nothing.
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::Entry;
use crate::diagnostic::Diagnostic;
use crate::graph::{EntryId, Site};
use crate::output::Sink;
use crate::pipeline::{self, BuildError, Prepared};
use crate::render::reads::{EntryHashes, Fingerprint, Fingerprints, Read, entry_hashes};
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
    /// Output path -> what the page read when it was last rendered.
    pages: HashMap<String, PageReads>,
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

/// A page as last rendered: what kind of page it is, and everything it read of the site,
/// each read with its hash then.
struct PageReads {
    kind: u8,
    reads: Vec<(Read, Fingerprint)>,
}

impl PageReads {
    /// Whether the page shows something else now: a read has another hash, or is gone.
    fn stale(&self, now: &Fingerprints<'_>) -> bool {
        self.reads
            .iter()
            .any(|(read, hash)| now.now(read) != Some(*hash))
    }
}

/// What kind of page a job makes (its path is the page's key).
fn job_key(job: &PageJob) -> u8 {
    match job {
        PageJob::Home(_) => 0,
        PageJob::Kind(..) => 1,
        PageJob::Entry(_) => 2,
        PageJob::Tags(_) => 3,
        PageJob::Tag(..) => 4,
        PageJob::NotFound => 5,
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
            by_path: HashMap::default(),
            pages: HashMap::default(),
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
                        .pages
                        .keys()
                        .filter(|p| !state.pages.contains_key(*p))
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
        // A picture beside pages is published once a page shows it: an edit that shows
        // one no page showed before writes the static files again.
        let pictures_changed = old.site.page_images != self.prepared.site.page_images;
        let previous = Previous {
            site: old.site,
            by_path: std::mem::take(&mut self.by_path),
            hashes: std::mem::take(&mut self.hashes),
        };
        self.derive(Some(&previous));
        drop(previous);
        let rebuilt = self.render(sink, false)?;
        if pictures_changed {
            let jobs = render::page_jobs(&self.prepared.site);
            pipeline::site_files(&self.root, &self.prepared, &jobs, false, sink)?;
        }
        Ok(rebuilt)
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

    /// Renders every page that is new or whose reads changed (all of them with `all`, and
    /// then the static files too) and the sitemap into `sink`.
    fn render(&mut self, sink: &dyn Sink, all: bool) -> Result<Rebuilt, BuildError> {
        let site = &self.prepared.site;
        let jobs = render::page_jobs(site);
        let paths: Vec<String> = jobs
            .par_iter()
            .map(|job| render::job_path(site, job))
            .collect();
        let now = Fingerprints::new(site, &self.hashes, &self.by_path);
        let changed: Vec<usize> = (0..jobs.len())
            .into_par_iter()
            .filter(|&i| {
                all || self
                    .pages
                    .get(&paths[i])
                    .is_none_or(|page| page.kind != job_key(&jobs[i]) || page.stale(&now))
            })
            .collect();
        let changed_jobs: Vec<PageJob> = changed.iter().map(|&i| jobs[i].clone()).collect();
        let rendered = pipeline::render_pages_recorded(&self.prepared, &changed_jobs, sink)?;
        let mut diagnostics = self.prepared.diagnostics();
        let mut fresh = Vec::with_capacity(changed.len());
        for (&i, result) in changed.iter().zip(rendered) {
            match result {
                Ok(reads) => {
                    let page = PageReads {
                        kind: job_key(&jobs[i]),
                        reads: reads.into_iter().map(|r| now.of(r)).collect(),
                    };
                    fresh.push((paths[i].clone(), page));
                }
                Err(d) => diagnostics.push(d),
            }
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(BuildError::Content(diagnostics));
        }
        if all {
            pipeline::site_files(&self.root, &self.prepared, &jobs, false, sink)?;
        } else {
            for (path, text) in render::sitemap(site, &jobs) {
                sink.put(path, text.as_bytes())?;
            }
        }
        let current: std::collections::HashSet<&str> = paths.iter().map(String::as_str).collect();
        let mut removed: Vec<String> = self
            .pages
            .keys()
            .filter(|p| !current.contains(p.as_str()))
            .cloned()
            .collect();
        removed.sort();
        for gone in &removed {
            self.pages.remove(gone);
        }
        self.pages.extend(fresh);
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
pub(crate) mod tests {
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
    pub(crate) struct Served {
        dir: tempfile::TempDir,
        state: State,
        pages: BTreeMap<String, Vec<u8>>,
    }

    impl Served {
        fn new(fixture: &str) -> Served {
            Served::with_files(fixture, &[])
        }

        /// [`Served::new`], with `files` (path, text) written over the fixture first.
        pub(crate) fn with_files(fixture: &str, files: &[(&str, &str)]) -> Served {
            let dir = copy_fixture(fixture);
            for (path, text) in files {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, text).unwrap();
            }
            let sink = Memory::default();
            let (state, _) = State::build(dir.path(), false, today(), &sink).unwrap();
            Served {
                dir,
                state,
                pages: sink.0.into_inner().unwrap(),
            }
        }

        /// The page at output `path`, as served now.
        pub(crate) fn page(&self, path: &str) -> String {
            String::from_utf8(self.pages[path].clone()).unwrap()
        }

        /// Writes `text` to `path` (None: removes it), rebuilds incrementally and checks the
        /// pages and diagnostics against a full build. Returns the pages rendered.
        pub(crate) fn edit(&mut self, path: &str, text: Option<&str>) -> usize {
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

        pub(crate) fn read(&self, path: &str) -> String {
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
