//! Write stage: puts the rendered site on disk, atomically, and never loses user data.
//!
//! Guarantees: carebook writes only into an output folder that is empty, absent, or one it
//! wrote before (it holds the [`MARKER`] file); it refuses `/`, the home folder, the site
//! root, any folder that contains the site, and the site's own source folders. A build is
//! written to a new folder beside the output and swapped in only when every file is
//! written, so a failed or interrupted build leaves the last good site untouched. Files
//! whose bytes did not change are hard-linked from the previous build instead of written
//! again (fast on disks where freeing blocks is slow).
//!
//! One build at a time: a build holds an [`OutputLock`], an OS lock on the file
//! `.NAME.carebook-lock` beside the output, from before it takes its work folder until the
//! swap is done; a second build of the same output waits for it. The OS releases the lock
//! when the process ends however it ends, so a lock file left by a killed build never
//! blocks. An output that is a symbolic link is followed ([`resolve_out`]): the site is
//! built into the folder it points to, and the link is left as it is.
//!
//! Collisions: [`collisions`] finds the static files that have the path of a file carebook
//! writes (or of a folder it writes into, or that sit inside one of its files), so that no
//! page is silently replaced; the pipeline reports each as an error before anything is
//! written.
//!
//! Interruption: every work folder being written is registered in [`WORK`]; [`interrupt`]
//! (called by the Ctrl-C handler in `main`) waits for the files being written at that
//! moment, removes the work folders and ends the process with code 130, so Ctrl-C leaves
//! the last good site and no work folder behind. A swap in progress is finished first.
//! A work folder left by a process that was killed outright (or a power cut) is removed
//! by the next build.
//!
//! What the messages claim is true: [`OutputError::Io`] ("nothing was changed (the last
//! good site is untouched)") is only made while the output folder is as the build found
//! it; a swap that could not be undone, or a crashed swap that could not be put right,
//! says where the last good site is instead. Needs: nothing but paths and bytes.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock};

/// The file that marks a folder as carebook's own output (and so safe to replace).
pub const MARKER: &str = ".carebook-output";
const MARKER_TEXT: &str = "This folder was written by carebook. The next build replaces it whole: do not keep your own files here.\n";

/// Why an output folder cannot be used. These are usage errors (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site into {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    /// Made only while the output folder is as the build found it (see the module docs).
    #[error("cannot write {path}: {source}; {outcome}")]
    Io {
        path: PathBuf,
        source: io::Error,
        /// What that means for the output folder, in words that are true of it.
        outcome: &'static str,
    },
    /// An earlier build was stopped half way through its swap, and its last good site
    /// could not be put back in place.
    #[error(
        "cannot put back the last good site at {out}: {source}; an earlier build was stopped while replacing it, and the site is in {old}: rename that folder to {out}"
    )]
    Restore {
        out: PathBuf,
        old: PathBuf,
        source: io::Error,
    },
    /// The swap failed half way and the last good site could not be put back.
    #[error(
        "cannot put the new site in place at {out}: {source}; the last good site is in {old}: rename that folder back to {out}"
    )]
    Swap {
        out: PathBuf,
        old: PathBuf,
        source: io::Error,
    },
}

impl OutputError {
    /// The error with a refused folder named as the user gave it (`--out link`, not the
    /// folder the link points to).
    pub fn named(self, given: &Path) -> OutputError {
        match self {
            OutputError::Refused { reason, .. } => OutputError::Refused {
                path: given.to_path_buf(),
                reason,
            },
            other => other,
        }
    }
}

/// The work folders being written now. Writers hold the lock shared while they write a
/// file; [`interrupt`] takes it alone, so it never removes a folder under a writer.
static WORK: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

fn work_read() -> std::sync::RwLockReadGuard<'static, Vec<PathBuf>> {
    WORK.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn work_write() -> std::sync::RwLockWriteGuard<'static, Vec<PathBuf>> {
    WORK.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Set when this process began writing a site, and when it swapped one in.
static STAGED: AtomicBool = AtomicBool::new(false);
static SWAPPED: AtomicBool = AtomicBool::new(false);
/// Set when the output folder held a site (a last good one) as the build began.
static HAD_SITE: AtomicBool = AtomicBool::new(false);
/// Set when a swap failed half way: the message saying where the last good site is.
static BROKEN: Mutex<Option<String>> = Mutex::new(None);

/// Ends the process for Ctrl-C (or a termination signal): waits for the files being
/// written, removes every work folder of a build in progress and exits with code 130.
/// The output folder itself is never touched: it holds the last good site, or, when the
/// signal came during the swap, the new one (the swap is finished first). Says which,
/// when a build was writing; a command that writes no site (`check`, `serve`) just ends.
pub fn interrupt() -> ! {
    let mut work = work_write();
    let removed = !work.is_empty();
    for dir in work.drain(..) {
        let _ = fs::remove_dir_all(&dir);
    }
    let had_site = HAD_SITE.load(Ordering::SeqCst);
    let broken = BROKEN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    if let Some(broken) = broken {
        eprintln!("\ninterrupted: {broken}");
    } else if removed && had_site {
        eprintln!("\ninterrupted: the new site was not written; the last good site is untouched");
    } else if removed {
        eprintln!("\ninterrupted: the new site was not written");
    } else if SWAPPED.load(Ordering::SeqCst) {
        eprintln!("\ninterrupted: the new site was already in place");
    } else if STAGED.load(Ordering::SeqCst) && had_site {
        // The build failed and its work folder is gone: the output is as it was.
        eprintln!("\ninterrupted: nothing was changed (the last good site is untouched)");
    } else if STAGED.load(Ordering::SeqCst) {
        eprintln!("\ninterrupted: no site was written");
    }
    std::process::exit(130)
}

impl OutputError {
    /// A file operation on `path` failed before the swap: the output folder is as the build
    /// found it, and the message says what that is (a last good site, or nothing yet).
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> OutputError {
        let outcome = if HAD_SITE.load(Ordering::SeqCst) {
            "nothing was changed (the last good site is untouched)"
        } else {
            "nothing was written"
        };
        OutputError::Io {
            path: path.into(),
            source,
            outcome,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::io(path, source)
}

/// The canonical form of `path`, resolving as much as exists (the rest appended).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(c) = path.canonicalize() {
        return c;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            canonical(parent).join(name)
        }
        _ => std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path)),
    }
}

/// The folder a build writes into for `out`: `out` itself, or, when `out` is a symbolic
/// link, the folder the link points to. The swap then replaces that folder and the link
/// keeps pointing at the new site (replacing the link would leave its target without it).
/// A link to nothing is refused: it may point at a disk that is not there right now.
pub fn resolve_out(out: &Path) -> Result<PathBuf, OutputError> {
    let is_link = fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(out.to_path_buf());
    }
    fs::canonicalize(out).map_err(|_| {
        let target = fs::read_link(out).map_or_else(|_| "?".into(), |t| t.display().to_string());
        OutputError::Refused {
            path: out.to_path_buf(),
            reason: format!(
                "it is a symbolic link to {target}, which does not exist; create that folder (or connect the disk it is on), or give another folder with --out"
            ),
        }
    })
}

/// Held by a build while it writes into an output folder: an OS lock (`flock` on Unix,
/// `LockFileEx` on Windows) on the file `.NAME.carebook-lock` beside the output. The file
/// stays between builds (removing a lock file is a race with the next build taking it);
/// the lock goes with the process, so a killed build never blocks the next.
pub struct OutputLock {
    _file: fs::File,
}

const LOCK_TEXT: &str = "carebook locks this file while it builds the site in the folder beside it, so that two builds never write it at once. It is safe to delete when no build runs.\n";

impl OutputLock {
    /// Takes the lock of the output folder `out` (already resolved with [`resolve_out`]),
    /// making the folder it sits in if need be. When another build holds it, calls
    /// `waiting` once and waits for that build to finish. Returns the lock and whether it
    /// had to wait (the output may then have changed, and is to be checked again).
    pub fn acquire(out: &Path, waiting: impl FnOnce()) -> Result<(OutputLock, bool), OutputError> {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        let path = sibling(out, "lock");
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error(&path))?;
        let waited = match file.try_lock() {
            Ok(()) => false,
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock().map_err(io_error(&path))?;
                true
            }
            // A file system without locks (some network shares): build as before.
            Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => false,
            Err(fs::TryLockError::Error(e)) => return Err(io_error(&path)(e)),
        };
        if file.metadata().is_ok_and(|m| m.len() == 0) {
            let _ = io::Write::write_all(&mut &file, LOCK_TEXT.as_bytes());
        }
        Ok((OutputLock { _file: file }, waited))
    }
}

/// Refuses output folders that would destroy something that is not carebook's.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), OutputError> {
    let refuse = |reason: &str| {
        Err(OutputError::Refused {
            path: out.to_path_buf(),
            reason: reason.to_string(),
        })
    };
    let out_c = canonical(out);
    let root_c = canonical(root);
    if out_c.parent().is_none() {
        return refuse(
            "it is the root of the file system; choose an empty folder such as `public`",
        );
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && canonical(&home) == out_c
    {
        return refuse("it is your home folder; choose an empty folder such as `public`");
    }
    if root_c.starts_with(&out_c) {
        return refuse(
            "it holds the site itself; choose a folder inside the site such as `public`",
        );
    }
    for source in ["content", "static", "templates", "themes"] {
        if out_c.starts_with(root_c.join(source)) {
            return refuse(&format!(
                "it is inside the site's {source}/ folder; choose a folder such as `public`"
            ));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file, not a folder");
    }
    match fs::read_dir(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(OutputError::io(out, e)),
        Ok(mut items) => {
            if out.join(MARKER).is_file() || items.next().is_none() {
                Ok(())
            } else {
                refuse(
                    "it holds files that carebook did not create; carebook replaces its output folder whole, so it only writes into an empty folder or into its own earlier output (use --out to choose another folder)",
                )
            }
        }
    }
}

/// How a static file meets a file carebook writes (see [`collisions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clash {
    /// Both have the same path (or paths that differ only in case, which are one file on
    /// Windows and macOS).
    SamePath,
    /// The static file stands where carebook writes a folder (`static/tags` and
    /// `tags/index.html`).
    FileOverFolder,
    /// The static file is inside a folder whose path carebook writes as a file
    /// (`static/index.html/x` and `index.html`).
    InsideFile,
}

/// The static `files` (output paths, `/`-separated) that clash with the `written` ones:
/// for each such file, its index, how, and the index of one written path it clashes with
/// (the first). Paths are compared without regard to case, since the site may be copied
/// to a disk that does not tell upper from lower case.
pub fn collisions(files: &[&str], written: &[&str]) -> Vec<(usize, Clash, usize)> {
    let mut by_path: std::collections::HashMap<String, usize> = Default::default();
    let mut folders: std::collections::HashMap<String, usize> = Default::default();
    for (i, file) in files.iter().enumerate() {
        let file = file.to_lowercase();
        for (at, _) in file.match_indices('/') {
            folders.entry(file[..at].to_string()).or_insert(i);
        }
        by_path.entry(file).or_insert(i);
    }
    let mut found: std::collections::BTreeMap<usize, (Clash, usize)> = Default::default();
    for (j, path) in written.iter().enumerate() {
        let path = path.to_lowercase();
        if let Some(&i) = by_path.get(&path) {
            found.entry(i).or_insert((Clash::SamePath, j));
        }
        if let Some(&i) = folders.get(&path) {
            found.entry(i).or_insert((Clash::InsideFile, j));
        }
        for (at, _) in path.match_indices('/') {
            if let Some(&i) = by_path.get(&path[..at]) {
                found.entry(i).or_insert((Clash::FileOverFolder, j));
            }
        }
    }
    found.into_iter().map(|(i, (how, j))| (i, how, j)).collect()
}

/// Pairs of `files` (output paths) where file `i` stands where file `j` needs a folder
/// (`vendor` and `vendor/minisearch/minisearch.js`): the first `j` for each `i`, compared
/// without regard to case as in [`collisions`].
pub fn folder_clashes(files: &[&str]) -> Vec<(usize, usize)> {
    let by_path: std::collections::HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.to_lowercase(), i))
        .collect();
    let mut found: std::collections::BTreeMap<usize, usize> = Default::default();
    for (j, path) in files.iter().enumerate() {
        let path = path.to_lowercase();
        for (at, _) in path.match_indices('/') {
            if let Some(&i) = by_path.get(&path[..at]) {
                found.entry(i).or_insert(j);
            }
        }
    }
    found.into_iter().collect()
}

/// A build being written: a work folder beside the output, swapped in by
/// [`Staging::commit`]. Dropped without commit, it removes the work folder and leaves the
/// old site as it was. The work folder is registered for [`interrupt`] from the moment it
/// is taken until it is swapped in or removed.
///
/// The work folder is the build before last (kept beside the output as
/// `.NAME.carebook-previous`) when there is one, else a new folder. Reusing it means a
/// rebuild creates and removes no folders: on ext4 with `discard`, making and freeing the
/// blocks of 10,000 page folders costs about a second each way, while linking an
/// unchanged file costs microseconds. Whatever the work folder held, after the build it
/// holds exactly the files written, so the reuse cannot leak a stale page.
pub struct Staging {
    out: PathBuf,
    new: PathBuf,
    old: PathBuf,
    previous: PathBuf,
    created_dirs: Mutex<HashSet<PathBuf>>,
    /// Every file written, `/`-separated and relative: the rest of a reused folder goes.
    written: Mutex<HashSet<String>>,
    /// What a reused work folder held when the build began, listed by a thread of its own
    /// while the site is loaded and rendered (listing 100,000 page folders takes a second).
    listing: Mutex<Option<std::thread::JoinHandle<Option<Listing>>>>,
    committed: bool,
    /// Released when the build is swapped in or given up.
    _lock: OutputLock,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.carebook-{suffix}"))
}

/// Is `path` a folder carebook wrote (it holds the [`MARKER`])? Then a build that stops
/// before its swap leaves a last good site there.
pub fn is_ours(path: &Path) -> bool {
    path.join(MARKER).is_file()
}

impl Staging {
    /// Starts a build into `out` (already checked with [`check_output_dir`], under `lock`).
    /// Recovers from an interrupted earlier swap and removes leftovers that carebook itself
    /// created.
    pub fn begin(out: &Path, lock: OutputLock) -> Result<Staging, OutputError> {
        let new = sibling(out, "new");
        let old = sibling(out, "old");
        let previous = sibling(out, "previous");
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        // A crash between the two renames of a swap leaves the old site under `old`.
        if !out.exists() && is_ours(&old) {
            fs::rename(&old, out).map_err(|source| OutputError::Restore {
                out: out.to_path_buf(),
                old: old.clone(),
                source,
            })?;
        }
        HAD_SITE.store(is_ours(out), Ordering::SeqCst);
        let mut work = work_write();
        // A crash after a swap leaves the site before it under `old`: it is the previous
        // build, as if the swap had finished.
        if is_ours(&old) && !previous.exists() {
            let _ = fs::rename(&old, &previous);
        }
        for leftover in [&new, &old] {
            if is_ours(leftover) {
                fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
            } else if fs::remove_dir(leftover).is_ok() {
                // An empty folder: a build killed right after making it.
            } else if leftover.symlink_metadata().is_ok() {
                return Err(OutputError::Refused {
                    path: leftover.clone(),
                    reason: "carebook needs this name for its work folder, and it holds files carebook did not create; move it away".into(),
                });
            }
        }
        // The build before last becomes the work folder; a `previous` that is not
        // carebook's is left alone (and not used).
        let mut listing = None;
        if is_ours(&previous) && fs::rename(&previous, &new).is_ok() {
            let folder = new.clone();
            listing = Some(std::thread::spawn(move || list(&folder)));
        } else {
            fs::create_dir(&new).map_err(io_error(&new))?;
        }
        work.push(new.clone());
        STAGED.store(true, Ordering::SeqCst);
        drop(work);
        let staging = Staging {
            out: out.to_path_buf(),
            new,
            old,
            previous,
            created_dirs: Mutex::new(HashSet::new()),
            written: Mutex::new(HashSet::new()),
            listing: Mutex::new(listing),
            committed: false,
            _lock: lock,
        };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes one file at `relative` (`/`-separated) of the new site. When the previous
    /// build has the same bytes there, the file is hard-linked instead of written (or
    /// left as it is, when the work folder already links it).
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
        // Held while the file is written: an interrupt waits for it.
        let _writing = work_read();
        if let Ok(mut written) = self.written.lock() {
            written.insert(relative.to_string());
        }
        let dest = self.new.join(relative);
        if let Some(parent) = dest.parent() {
            let known = self
                .created_dirs
                .lock()
                .map(|set| set.contains(parent))
                .unwrap_or(false);
            if !known {
                if fs::create_dir_all(parent).is_err() {
                    // A reused work folder may hold a file where this build has a folder.
                    self.clear_files_above(relative)?;
                    fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                if let Ok(mut set) = self.created_dirs.lock() {
                    set.insert(parent.to_path_buf());
                }
            }
        }
        let previous = self.out.join(relative);
        let here = fs::symlink_metadata(&dest).ok();
        if let Some(live) = same_bytes(&previous, bytes) {
            if here.as_ref().is_some_and(|h| same_file(h, &live)) {
                return Ok(());
            }
            if here.is_some() {
                remove_any(&dest)?;
            }
            if fs::hard_link(&previous, &dest).is_ok() {
                return Ok(());
            }
        } else if here.is_some() {
            // Never written through: the file may be a link to a page of the live site.
            remove_any(&dest)?;
        }
        fs::write(&dest, bytes).map_err(io_error(&dest))
    }

    /// Removes the files (not folders) of the work folder that stand where the folders
    /// above `relative` go.
    fn clear_files_above(&self, relative: &str) -> Result<(), OutputError> {
        let mut path = self.new.clone();
        let parts: Vec<&str> = relative.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            path.push(part);
            match fs::symlink_metadata(&path) {
                Ok(meta) if !meta.is_dir() => remove_any(&path)?,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(())
    }

    /// Removes what a reused work folder holds beyond the files written by this build.
    fn remove_stale(&self) -> Result<(), OutputError> {
        let written = self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut kept_dirs: HashSet<&Path> = HashSet::new();
        for path in written.iter() {
            let mut dir = Path::new(path.as_str()).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                if !kept_dirs.insert(d) {
                    break;
                }
                dir = d.parent();
            }
        }
        let listed = self
            .listing
            .lock()
            .ok()
            .and_then(|mut l| l.take())
            .and_then(|thread| thread.join().ok().flatten());
        let Some(listed) = listed.or_else(|| list(&self.new)) else {
            return Err(OutputError::io(
                self.new.clone(),
                io::Error::other("cannot list the work folder"),
            ));
        };
        // A folder is listed before what it holds, so once a folder is dealt with whole
        // (removed, or replaced by a file this build wrote) its contents are skipped.
        let mut skip: Option<&str> = None;
        for (name, is_dir) in &listed.0 {
            if skip.is_some_and(|dir| inside(name, dir)) {
                continue;
            }
            skip = None;
            let path = self.new.join(name);
            let now_file = written.contains(name.as_str());
            let now_dir = kept_dirs.contains(Path::new(name.as_str()));
            if *is_dir {
                if now_file {
                    skip = Some(name);
                } else if !now_dir {
                    match fs::remove_dir_all(&path) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => {
                            return Err(io_error(&path)(e));
                        }
                        _ => {}
                    }
                    skip = Some(name);
                }
            } else if !now_file && !now_dir {
                match fs::remove_file(&path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(io_error(&path)(e));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Swaps the new site in and keeps the old one as the next build's work folder. An interrupt waits for the swap.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.remove_stale()?;
        let mut work = work_write();
        if self.out.exists() {
            fs::rename(&self.out, &self.old).map_err(io_error(&self.out))?;
            if let Err(err) = fs::rename(&self.new, &self.out) {
                // Put the last good site back before reporting.
                return Err(match fs::rename(&self.old, &self.out) {
                    Ok(()) => OutputError::io(self.out.clone(), err),
                    Err(_) => {
                        let swap = OutputError::Swap {
                            out: self.out.clone(),
                            old: self.old.clone(),
                            source: err,
                        };
                        // Ctrl-C now must not say the site is untouched: it is not.
                        *BROKEN
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) =
                            Some(swap.to_string());
                        swap
                    }
                });
            }
            self.committed = true;
            SWAPPED.store(true, Ordering::SeqCst);
            work.retain(|dir| dir != &self.new);
            // The new site is in place; the old one is kept for the next build to write
            // into. One that cannot be moved or removed now (a file open on Windows) is
            // dealt with by the next build.
            if self.previous.exists() || fs::rename(&self.old, &self.previous).is_err() {
                let _ = fs::remove_dir_all(&self.old);
            }
        } else {
            fs::rename(&self.new, &self.out).map_err(io_error(&self.out))?;
            self.committed = true;
            SWAPPED.store(true, Ordering::SeqCst);
            work.retain(|dir| dir != &self.new);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let mut work = work_write();
            let _ = fs::remove_dir_all(&self.new);
            work.retain(|dir| dir != &self.new);
        }
    }
}

/// The files and folders of a work folder, `/`-separated and relative, each with whether
/// it is a folder; a folder comes before what it holds.
struct Listing(Vec<(String, bool)>);

/// Lists everything under `folder` (`None` when it cannot be read).
fn list(folder: &Path) -> Option<Listing> {
    let mut items = Vec::new();
    for item in walkdir::WalkDir::new(folder).min_depth(1) {
        let item = item.ok()?;
        let relative = item.path().strip_prefix(folder).ok()?;
        let name = relative.to_string_lossy();
        let name = if std::path::MAIN_SEPARATOR == '/' {
            name.into_owned()
        } else {
            name.replace(std::path::MAIN_SEPARATOR, "/")
        };
        items.push((name, item.file_type().is_dir()));
    }
    Some(Listing(items))
}

/// Is `name` inside the folder `dir` (both relative, `/`-separated)?
fn inside(name: &str, dir: &str) -> bool {
    name.len() > dir.len() && name.starts_with(dir) && name.as_bytes()[dir.len()] == b'/'
}

/// The metadata of the file at `path` when it holds exactly `bytes` (`None` when it does
/// not or cannot be read).
fn same_bytes(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes).then_some(meta)
        }
        _ => None,
    }
}

/// Are `a` and `b` the metadata of one file (two links to it)?
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Removes the file, link or folder at `path` of a reused work folder.
fn remove_any(path: &Path) -> Result<(), OutputError> {
    let removed = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        _ => fs::remove_file(path),
    };
    removed.map_err(io_error(path))
}

/// Where rendered files go: the staging folder of a build, memory for `serve`, or
/// nowhere ([`Discard`], for `check`).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError>;
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write(path, bytes)
    }
}

/// A sink that keeps nothing: `check` renders every page to find template errors.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn begin(out: &Path) -> Staging {
        let (lock, _) = OutputLock::acquire(out, || {}).unwrap();
        Staging::begin(out, lock).unwrap()
    }

    #[test]
    fn static_files_that_clash_with_written_ones() {
        let written = [
            "index.html",
            "tags/index.html",
            "tags/neck/index.html",
            "sitemap.xml",
        ];
        let files = [
            "logo.png",
            "tags",
            "index.html/x.png",
            "Tags/Neck/index.html",
            "sitemap.xml",
            "tags/logo.png",
            "index.htm",
        ];
        assert_eq!(
            collisions(&files, &written),
            [
                (1, Clash::FileOverFolder, 1),
                (2, Clash::InsideFile, 0),
                (3, Clash::SamePath, 2),
                (4, Clash::SamePath, 3),
            ]
        );
        assert_eq!(
            collisions(&["tags/neck"], &written),
            [(0, Clash::FileOverFolder, 2)]
        );
        assert_eq!(
            folder_clashes(&["style.css", "vendor", "vendor/a.js", "Vendor/b.js"]),
            [(1, 2)]
        );
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let (first, waited) = OutputLock::acquire(&out, || panic!("nothing to wait for")).unwrap();
        assert!(!waited);
        let (tx, rx) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let out = out.clone();
            move || {
                let (_lock, waited) = OutputLock::acquire(&out, || tx.send(()).unwrap()).unwrap();
                waited
            }
        });
        rx.recv().unwrap();
        drop(first);
        assert!(second.join().unwrap());
        assert!(sibling(&out, "lock").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_as_output_is_followed_and_a_dangling_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("www");
        fs::create_dir(&target).unwrap();
        let link = dir.path().join("public");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(resolve_out(&link).unwrap(), target.canonicalize().unwrap());
        let plain = dir.path().join("plain");
        assert_eq!(resolve_out(&plain).unwrap(), plain);
        let dangling = dir.path().join("gone");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(matches!(
            resolve_out(&dangling),
            Err(OutputError::Refused { .. })
        ));
    }

    #[test]
    fn refuses_dangerous_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, Path::new("/")).is_err());
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        let foreign = root.join("mine");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "keep me").unwrap();
        assert!(check_output_dir(&root, &foreign).is_err());
    }

    #[test]
    fn failed_build_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = begin(&out);
        s.write("index.html", b"one").unwrap();
        s.commit().unwrap();
        let s = begin(&out);
        s.write("index.html", b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        assert!(!sibling(&out, "new").exists());
    }

    #[test]
    fn unchanged_files_are_linked_and_changed_ones_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = begin(&out);
        s.write("a/index.html", b"same").unwrap();
        s.write("b/index.html", b"old").unwrap();
        s.commit().unwrap();
        let s = begin(&out);
        s.write("a/index.html", b"same").unwrap();
        s.write("b/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"new");
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"same");
        assert!(!sibling(&out, "old").exists());
        assert!(is_ours(&sibling(&out, "previous")));
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).unwrap().ino()
    }

    #[cfg(unix)]
    #[test]
    fn the_build_before_last_is_reused_and_holds_only_this_builds_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let previous = sibling(&out, "previous");
        let build = |files: &[(&str, &str)]| {
            let s = begin(&out);
            for (path, text) in files {
                s.write(path, text.as_bytes()).unwrap();
            }
            s.commit().unwrap();
        };
        build(&[
            ("a/index.html", "one"),
            ("gone/index.html", "x"),
            ("f", "file"),
            ("d/x.css", "a folder"),
        ]);
        build(&[
            ("a/index.html", "one"),
            ("gone/index.html", "x"),
            ("f", "file"),
            ("d/x.css", "a folder"),
        ]);
        let folder = inode(&previous);
        // The third build writes into the first one's folder.
        build(&[
            ("a/index.html", "two"),
            ("f/index.html", "now a folder"),
            ("new.css", "n"),
            ("d", "now a file"),
        ]);
        assert_eq!(inode(&out), folder);
        assert_eq!(fs::read_to_string(out.join("d")).unwrap(), "now a file");
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert_eq!(
            fs::read_to_string(out.join("f/index.html")).unwrap(),
            "now a folder"
        );
        assert!(!out.join("gone").exists());
        let mut names: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(&out)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".carebook-output",
                "a",
                "a/index.html",
                "d",
                "f",
                "f/index.html",
                "new.css"
            ]
        );
        // The previous site was never written through: it still shows the second build.
        assert_eq!(
            fs::read_to_string(previous.join("a/index.html")).unwrap(),
            "one"
        );
        assert_eq!(fs::read_to_string(previous.join("f")).unwrap(), "file");
        // An unchanged file is one file in both folders, and stays so.
        build(&[
            ("a/index.html", "two"),
            ("f/index.html", "now a folder"),
            ("new.css", "n"),
            ("d", "now a file"),
        ]);
        assert_eq!(
            inode(&out.join("a/index.html")),
            inode(&previous.join("a/index.html"))
        );
        assert_eq!(
            fs::read_to_string(previous.join("a/index.html")).unwrap(),
            "two"
        );
    }

    #[test]
    fn a_folder_named_previous_that_is_not_ours_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let previous = sibling(&out, "previous");
        fs::create_dir_all(&previous).unwrap();
        fs::write(previous.join("notes.txt"), "mine").unwrap();
        for text in ["one", "two", "three"] {
            let s = begin(&out);
            s.write("index.html", text.as_bytes()).unwrap();
            s.commit().unwrap();
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "three");
        assert_eq!(
            fs::read_to_string(previous.join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(!sibling(&out, "old").exists());
    }
}
