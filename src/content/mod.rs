//! Load stage: content folder -> [`Loaded`] (typed entries, the home page, diagnostics).
//!
//! Guarantees for every [`Entry`] returned: its file was UTF-8 (a BOM removed), its front
//! matter parsed into typed fields with a title and a summary, every non-fixed key is a
//! relation its kind declares, its slug is unique within its kind (ignoring case), and its
//! body was scanned for links and headings. Files that fail any of this are left out and
//! reported; loading always goes on to the end so every problem is found in one run.
//! Needs: [`crate::config`] (the kinds). Reads files in parallel; output order is sorted.

pub mod images;
pub mod translation;
pub mod walk;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, KindId};
use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::frontmatter::{self, FIELDS, FrontMatter, Reference, Takes};
use crate::markdown::{self, Scan};

pub use crate::names::slugify;

/// Files larger than this are refused: no patient page is this long, and a runaway file
/// (a pasted PDF, a log) should not eat the machine's memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// One relation as written in an entry: `techniques: [a, b]`.
#[derive(Debug, Clone)]
pub struct RelationRefs {
    /// Index of the relation in the entry's kind's `relations`.
    pub relation: usize,
    pub references: Vec<Reference>,
}

/// One content file, loaded and checked on its own.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: KindId,
    pub slug: String,
    /// The language it is written in: the default, or that of a translation
    /// (`whiplash.es.md`, [`translation`]), whose slug is its source's.
    pub language: crate::config::LangId,
    /// The path as the user sees it, relative to the site root (`content/conditions/x.md`).
    pub path: PathBuf,
    /// The whole file text (BOM removed); spans point into it.
    pub text: String,
    pub body_start: usize,
    pub title: String,
    pub summary: String,
    /// The front matter, less what the fields above hold: its `title`, `summary` and
    /// `relations` are moved into them and left empty here.
    pub meta: FrontMatter,
    pub relations: Vec<RelationRefs>,
    pub scan: Scan,
}

impl Entry {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// The home page text, `content/_index.md`: front matter optional.
#[derive(Debug, Clone)]
pub struct Home {
    /// The default language's (`_index.md`), or a translation's (`_index.es.md`).
    pub language: crate::config::LangId,
    pub path: PathBuf,
    pub text: String,
    pub body_start: usize,
    pub title: Option<String>,
    pub scan: Scan,
}

impl Home {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// What the load stage hands to the resolve stage.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub entries: Vec<Entry>,
    pub home: Option<Home>,
    /// The home page's translations (`content/_index.es.md`), in the site's order of
    /// languages.
    pub home_translations: Vec<Home>,
    /// Entries left out because they are drafts (without `--drafts`): links and
    /// references to them are warned about and left out, not refused.
    pub drafts: Vec<Entry>,
    /// Entries that failed to load, by (kind, slug): their own errors are reported, and
    /// links to them are not reported again.
    pub failed: Vec<(KindId, String)>,
    /// Files of the site's `static/` folder, by the path they are published at.
    pub static_files: walk::StaticFiles,
    /// The pictures of `static/` and those beside pages, measured.
    pub images: images::Images,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads every content file under `root/content`. `Err` is an environment problem
/// (no content folder), not a content one.
pub fn load(root: &Path, config: Config, include_drafts: bool) -> Result<Loaded, std::io::Error> {
    load_reusing(root, config, include_drafts, &|_, _| None).map(|(loaded, _)| loaded)
}

/// A file's size and modification time when it was read: a file with the same stamp
/// later is taken as unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Every content file's [`Stamp`] as read, by its path as the user sees it.
pub type Stamps = HashMap<PathBuf, Stamp>;

/// Given a file's path (as the user sees it) and stamp, an entry loaded from it before
/// with that stamp, to use instead of reading it again.
pub type Reuse<'a> = &'a (dyn Fn(&Path, Stamp) -> Option<Entry> + Sync);

/// [`load`], taking from `reuse` the entries of files that have not changed (`serve`
/// reloads a site after an edit this way). Also returns every file's stamp as read.
pub fn load_reusing(
    root: &Path,
    config: Config,
    include_drafts: bool,
    reuse: Reuse<'_>,
) -> Result<(Loaded, Stamps), std::io::Error> {
    let walk::Walked {
        found,
        mut diagnostics,
        misplaced,
        images,
    } = walk::find(root, &config)?;
    let results: Vec<(Option<Stamp>, FileResult)> = found
        .par_iter()
        .map(|f| {
            // One look at the file: its stamp, and the size limit before it is read.
            let meta = std::fs::metadata(&f.path);
            let stamp = meta.as_ref().ok().map(Stamp::of);
            if let (Some(stamp), Some(_)) = (stamp, f.kind)
                && let Some(entry) = reuse(&f.display, stamp)
            {
                let warnings = markup_warnings(
                    &entry.path,
                    &entry.text,
                    entry.body_start,
                    &entry.scan,
                    config.raw_html,
                );
                return (Some(stamp), Ok(Loaded1::Entry(Box::new(entry), warnings)));
            }
            let result = match read_text(f, meta) {
                Ok(text) => load_text(&f.display, f.kind, text, &config),
                Err(d) => Err(vec![d]),
            };
            (stamp, result)
        })
        .collect();
    let stamps = found
        .iter()
        .zip(&results)
        .filter_map(|(f, (stamp, _))| stamp.map(|s| (f.display.clone(), s)))
        .collect();
    let files = found.iter().map(|f| (f.display.as_path(), f.kind));
    let (static_files, mut static_problems) =
        walk::static_files(&root.join("static"), Path::new("static"));
    diagnostics.append(&mut static_problems);
    let (images, mut image_problems) = images::collect(&root.join("static"), &static_files, images);
    diagnostics.append(&mut image_problems);
    let mut loaded = assemble(
        config,
        files.zip(results.into_iter().map(|(_, r)| r)),
        include_drafts,
        diagnostics,
        misplaced,
        static_files,
    );
    loaded.images = images;
    Ok((loaded, stamps))
}

/// One content file given as bytes: its path as the user sees it
/// (`content/conditions/x.md`), its kind (`None`: the home page, `content/_index.md`).
#[derive(Debug, Clone)]
pub struct Source {
    pub display: PathBuf,
    pub kind: Option<KindId>,
    pub bytes: Vec<u8>,
}

/// Loads files given as bytes exactly as [`load`] loads them from disk (size limit,
/// UTF-8, front matter, slugs), without a folder: for tests and fuzzing.
pub fn load_sources(config: Config, sources: &[Source], include_drafts: bool) -> Loaded {
    let results: Vec<Result<Loaded1, Vec<Diagnostic>>> = sources
        .iter()
        .map(|s| {
            let text = check_size(&s.display, s.bytes.len() as u64)
                .and_then(|()| decode(&s.display, s.bytes.clone()))
                .map_err(|d| vec![d])?;
            load_text(&s.display, s.kind, text, &config)
        })
        .collect();
    let files = sources.iter().map(|s| (s.display.as_path(), s.kind));
    assemble(
        config,
        files.zip(results),
        include_drafts,
        Vec::new(),
        Vec::new(),
        walk::StaticFiles::new(),
    )
}

/// Puts the files' results together, in a deterministic order, and reports duplicates.
fn assemble<'a>(
    config: Config,
    results: impl Iterator<Item = ((&'a Path, Option<KindId>), Result<Loaded1, Vec<Diagnostic>>)>,
    include_drafts: bool,
    mut diagnostics: Vec<Diagnostic>,
    mut failed: Vec<(KindId, String)>,
    static_files: walk::StaticFiles,
) -> Loaded {
    // Sized once: an Entry is several hundred bytes, and a site may have many thousands.
    let mut entries = Vec::with_capacity(results.size_hint().0);
    let mut home = None;
    let mut home_translations = Vec::new();
    let mut drafts = Vec::new();
    for ((display, kind), result) in results {
        match result {
            Ok(Loaded1::Entry(entry, mut found)) => {
                diagnostics.append(&mut found);
                if entry.meta.draft && !include_drafts {
                    drafts.push(*entry);
                } else {
                    entries.push(*entry);
                }
            }
            Ok(Loaded1::Home(h, mut found)) => {
                diagnostics.append(&mut found);
                if h.language == crate::config::DEFAULT_LANGUAGE {
                    home = Some(*h);
                } else {
                    home_translations.push(*h);
                }
            }
            Err(mut problems) => {
                diagnostics.append(&mut problems);
                if let (Some(kind), Some(stem)) = (kind, display.file_stem()) {
                    failed.push((kind, slugify(&stem.to_string_lossy())));
                }
            }
        }
    }
    let order = |a: &Entry, b: &Entry| (a.kind, &a.slug, &a.path).cmp(&(b.kind, &b.slug, &b.path));
    entries.sort_by(order);
    drafts.sort_by(order);
    report_duplicate_slugs(&mut entries, &mut diagnostics, &mut failed);
    translation::unsourced(&config, &mut entries, &drafts, &failed, &mut diagnostics);
    home_translations.sort_by_key(|h: &Home| h.language);
    Loaded {
        config,
        entries,
        home,
        home_translations,
        drafts,
        failed,
        static_files,
        images: images::Images::default(),
        diagnostics,
    }
}

/// What loading one file gave: the file, or every problem found in it.
type FileResult = Result<Loaded1, Vec<Diagnostic>>;

enum Loaded1 {
    Entry(Box<Entry>, Vec<Diagnostic>),
    Home(Box<Home>, Vec<Diagnostic>),
}

/// Warnings for what the body of a file (its text starting at `body_start`) cannot
/// publish as written: heading ids and attributes ([`markdown::markup_problems`]), each
/// at its place in the file.
fn markup_warnings(
    display: &Path,
    text: &str,
    body_start: usize,
    scan: &Scan,
    raw_html: bool,
) -> Vec<Diagnostic> {
    markdown::markup_problems(scan, raw_html)
        .into_iter()
        .map(|p| {
            Diagnostic::warning(
                Span::at(display, text, body_start + p.start, p.len),
                p.message,
            )
            .with_help(p.help)
        })
        .collect()
}

/// Refuses files over [`MAX_FILE_BYTES`], before they are read.
fn check_size(display: &Path, size: u64) -> Result<(), Diagnostic> {
    if size <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Diagnostic::error(
        Span::file(display),
        format!(
            "this file is {:.1} MB; carebook reads content files up to {} MB",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
    .with_help("split it into several entries, or remove what was pasted into it by mistake"))
}

/// The text of `found`, whose metadata (read just before) is `meta`.
fn read_text(
    found: &walk::Found,
    meta: std::io::Result<std::fs::Metadata>,
) -> Result<String, Diagnostic> {
    let display = &found.display;
    let cannot_read = |err: std::io::Error| {
        let help = match err.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "carebook may not read this file: check its permissions (or that it is not open in another program)"
            }
            _ => "check that the file exists and can be read",
        };
        Diagnostic::error(Span::file(display), format!("cannot read this file: {err}"))
            .with_help(help)
    };
    let meta = meta.map_err(cannot_read)?;
    check_size(display, meta.len())?;
    let bytes = std::fs::read(&found.path).map_err(cannot_read)?;
    // The file may have grown since it was measured (a sync client writing it).
    check_size(display, bytes.len() as u64)?;
    decode(display, bytes)
}

/// The text of a file's bytes: UTF-8 (a byte-order mark removed), or an error naming the
/// first byte that is not UTF-8, by offset, line and column.
fn decode(display: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        // Lossless: everything before `offset` is valid UTF-8.
        let text = String::from_utf8_lossy(&bytes[..offset]);
        let mut span = Span::at(display, &text, offset, 1);
        span.line_text.clear();
        let encoding = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            " (it looks like UTF-16)"
        } else {
            ""
        };
        Diagnostic::error(
            span,
            format!(
                "this file is not UTF-8 text{encoding}: the byte at offset {offset} is {:#04x}",
                bytes[offset]
            ),
        )
        .with_help("open it in your editor and save it again as UTF-8 (often \"Save as… > Encoding: UTF-8\"); text pasted from Word is often saved as Windows-1252")
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Loads one file from its text; `Err` holds every problem found in it.
fn load_text(
    display: &Path,
    kind: Option<KindId>,
    text: String,
    config: &Config,
) -> Result<Loaded1, Vec<Diagnostic>> {
    load_file_checked(display, kind, text, config).map_err(|d| vec![d])?
}

/// Loads one file; the outer `Err` is the first fatal problem, the inner holds all the
/// problems of a file whose front matter parsed.
fn load_file_checked(
    display: &Path,
    kind: Option<KindId>,
    text: String,
    config: &Config,
) -> Result<Result<Loaded1, Vec<Diagnostic>>, Diagnostic> {
    let display = &display.to_path_buf();
    let Some(kind) = kind else {
        let file_name = display
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = walk::markdown_stem(&file_name).unwrap_or(&file_name);
        let (_, language) = translation::file_language(display, stem, config)?;
        // The home page: front matter is optional and may only hold a title.
        let (title, body_start) = if text.starts_with("---") {
            let split = frontmatter::split(&text, display)?;
            let fm = frontmatter::parse(&text, split, display)?;
            let mut problems = fm.problems;
            // Anything but a title would be read and never used.
            let written = fm.fixed_keys.iter().map(|(k, s)| (k.as_str(), s));
            let relations = fm.relations.iter().map(|r| (r.key.as_str(), &r.key_span));
            let on_home_page = |key: &str| frontmatter::field(key).is_some_and(|f| f.on_home_page);
            for (key, span) in written.chain(relations).filter(|(k, _)| !on_home_page(k)) {
                problems.push(
                    Diagnostic::error(span.clone(), format!("the home page does not use `{key}`"))
                        .with_help("the front matter of content/_index.md may only have a `title:`; remove this line"),
                );
            }
            if !problems.is_empty() {
                return Ok(Err(problems));
            }
            (fm.title, split.body_start)
        } else {
            (None, 0)
        };
        let scan = markdown::scan(&text[body_start..]);
        let warnings = markup_warnings(display, &text, body_start, &scan, config.raw_html);
        return Ok(Ok(Loaded1::Home(
            Box::new(Home {
                language,
                path: display.clone(),
                text,
                body_start,
                title,
                scan,
            }),
            warnings,
        )));
    };
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(Span::file(display), "this file is empty").with_help(
                "write front matter with `title:` and `summary:` and some text, or delete the file",
            ),
        );
    }
    let split = frontmatter::split(&text, display)?;
    let mut meta = frontmatter::parse(&text, split, display)?;
    let kind_def = &config.kinds[kind];
    let file_name = display
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = walk::markdown_stem(&file_name).unwrap_or(&file_name);
    let (name, language) = translation::file_language(display, stem, config)?;
    let slug = if kind_def.is_plain_pages() {
        page_slug(display, &kind_def.folder, name)
    } else {
        slugify(name)
    };
    let source = translation::source_file(display);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Span::file(display),
            "this file name has no letters or digits to make a web address from",
        )
        .with_help("rename the file, e.g. `whiplash.md`"));
    }
    let open = Span::at(display, &text, 0, 3);
    let mut problems = std::mem::take(&mut meta.problems);
    // A misspelt required key (`titel:`) is reported once, as an unknown key with "did you mean".
    let misspelt = |field: &str| {
        meta.relations
            .iter()
            .any(|r| did_you_mean(&r.key, [field]).is_some())
    };
    let written = |field: &str| meta.fixed_keys.iter().any(|(k, _)| k == field);
    // A required field that is not written. An empty one was reported where it is
    // written, and a misspelt one is reported once, as an unknown key with "did you mean".
    for field in FIELDS.iter().filter(|f| f.is_for(kind_def.builtin)) {
        if field.optional_on_pages && kind_def.is_plain_pages() {
            continue;
        }
        // What a translation does not write is its source's.
        if language != crate::config::DEFAULT_LANGUAGE && !field.in_translations {
            continue;
        }
        if let Some((problem, help)) = field.required
            && !written(field.key)
            && !misspelt(field.key)
        {
            problems.push(Diagnostic::error(open.clone(), problem).with_help(help));
        }
    }
    // Title, summary and relations are moved out of `meta` (not copied): an entry holds
    // them once, in its own fields.
    let title = meta.title.take();
    let summary = meta.summary.take();
    // A fixed key this kind does not use (`course:` on a condition) would be read and
    // never shown: an error like any unknown key, saying which kind it is for.
    let accepted = kind_def.fixed_keys();
    for (key, span) in &meta.fixed_keys {
        let field = frontmatter::field(key);
        let translations_only = field.is_some_and(|f| f.takes == Takes::Translations);
        if accepted.contains(&key.as_str())
            || (translations_only && language != crate::config::DEFAULT_LANGUAGE)
        {
            continue;
        }
        if translations_only {
            problems.push(translation::not_a_translation(key, span.clone()));
            continue;
        }
        let owner = field
            .and_then(|f| match f.takes {
                Takes::Only(kind) => Some(config.builtin(kind)),
                Takes::Every | Takes::Entries | Takes::Translations => None,
            })
            .map(|k| &config.kinds[k]);
        let not_on_pages = field.is_some_and(|f| f.takes == Takes::Entries);
        let (message, help) = match (owner, field.and_then(|f| f.elsewhere_help)) {
            (None, Some(help)) if not_on_pages => (
                format!("`{key}` is for health entries, not for plain pages"),
                help.to_string(),
            ),
            (Some(owner), elsewhere_help) => (
                format!(
                    "`{key}` is only for {}, and this is {}",
                    owner.title.to_lowercase(),
                    a(&kind_def.label)
                ),
                match elsewhere_help {
                    Some(help) => help.to_string(),
                    None => format!(
                        "remove this line; {} may have: {}",
                        a(&kind_def.label),
                        known_keys(kind_def).join(", ")
                    ),
                },
            ),
            (None, _) => (
                format!("unknown front-matter key `{key}`"),
                format!(
                    "{} may have: {}",
                    a(&kind_def.label),
                    known_keys(kind_def).join(", ")
                ),
            ),
        };
        problems.push(Diagnostic::error(span.clone(), message).with_help(help));
    }
    if problems.is_empty() {
        problems.extend(translation::field_problems(&meta, language, &source));
    }
    let mut relations = Vec::new();
    for field in std::mem::take(&mut meta.relations) {
        match kind_def.relations.iter().position(|r| r.key == field.key) {
            Some(_) if language != crate::config::DEFAULT_LANGUAGE => {
                problems.push(translation::its_sources(
                    &field.key,
                    field.key_span,
                    &source,
                ));
            }
            Some(relation) => relations.push(RelationRefs {
                relation,
                references: field.references,
            }),
            None => problems.push(unknown_key(config, kind, &field.key, field.key_span)),
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Ok(Err(problems));
    }
    let scan = markdown::scan(&text[split.body_start..]);
    problems.extend(markup_warnings(
        display,
        &text,
        split.body_start,
        &scan,
        config.raw_html,
    ));
    Ok(Ok(Loaded1::Entry(
        Box::new(Entry {
            kind,
            slug,
            language,
            path: display.clone(),
            body_start: split.body_start,
            title: title.unwrap_or_default(),
            summary: summary.unwrap_or_default(),
            meta,
            relations,
            scan,
            text,
        }),
        problems,
    )))
}

/// The slug of the plain page at `display` (`content/pages/fees/Massage.md`): its path
/// below its folder without the Markdown ending, each part made a slug (`fees/massage`),
/// so that it is published at that path (`fees/massage/index.html`). Empty when a part has
/// no letters or digits.
fn page_slug(display: &Path, folder: &str, name: &str) -> String {
    let below = display
        .strip_prefix(Path::new("content").join(folder))
        .unwrap_or(display);
    let parts: Vec<String> = below
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let Some((_, folders)) = parts.split_last() else {
        return String::new();
    };
    let mut path = folders.to_vec();
    path.push(name.to_string());
    crate::names::path_slug(&path.join("/"))
}

/// "a condition", "an exercise".
fn a(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// The keys an entry of `kind` may have: its fixed keys, then its relations.
fn known_keys(kind: &crate::config::Kind) -> Vec<&str> {
    let mut known = kind.fixed_keys();
    known.extend(kind.relations.iter().map(|r| r.key.as_str()));
    known
}

fn unknown_key(config: &Config, kind: KindId, key: &str, span: Span) -> Diagnostic {
    let kind_def = &config.kinds[kind];
    let known = known_keys(kind_def);
    let elsewhere: Vec<&str> = config
        .kinds
        .iter()
        .filter(|k| k.relations.iter().any(|r| r.key == key))
        .map(|k| k.name.as_str())
        .collect();
    let d = Diagnostic::error(span, format!("unknown front-matter key `{key}`"));
    if !elsewhere.is_empty() {
        return d.with_help(format!(
            "`{key}` is a relation of {}, not of {}; remove this line",
            elsewhere.join(" and "),
            a(&kind_def.name)
        ));
    }
    match did_you_mean(key, known.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "{} may have: {}",
            a(&kind_def.label),
            known.join(", ")
        )),
    }
}

/// Two files of one kind whose slugs are equal ignoring case would overwrite each other's
/// page (and collide on macOS and Windows disks): report every file after the first, and
/// leave all of them out, as failed, so that links to the slug are not reported again
/// against whichever copy came first.
fn report_duplicate_slugs(
    entries: &mut Vec<Entry>,
    diagnostics: &mut Vec<Diagnostic>,
    failed: &mut Vec<(KindId, String)>,
) {
    let mut first: HashMap<(KindId, String, crate::config::LangId), PathBuf> = HashMap::new();
    let mut duplicated = BTreeSet::new();
    for e in entries.iter() {
        let key = (e.kind, e.slug.to_lowercase(), e.language);
        match first.get(&key) {
            Some(other) => {
                diagnostics.push(
                    Diagnostic::error(
                        Span::file(&e.path),
                        format!(
                            "this file has the same web address as {} (`{}`)",
                            other.display(),
                            e.slug
                        ),
                    )
                    .with_help("rename one of the two files; names that differ only in capitals or punctuation count as the same"),
                );
                duplicated.insert(key);
            }
            None => {
                first.insert(key, e.path.clone());
            }
        }
    }
    if duplicated.is_empty() {
        return;
    }
    entries.retain(|e| {
        let key = (e.kind, e.slug.to_lowercase(), e.language);
        if duplicated.contains(&key) {
            failed.push((e.kind, e.slug.clone()));
            false
        } else {
            true
        }
    });
}

/// An edited entry, loaded again on its own for an incremental rebuild (`serve`).
pub struct Reloaded {
    pub entry: Entry,
    /// Its warnings (errors make [`reload_entry`] return `None`).
    pub diagnostics: Vec<Diagnostic>,
    /// The file's stamp as read.
    pub stamp: Stamp,
}

/// Loads the content file `display` (relative to `root`, e.g. `content/conditions/x.md`)
/// of kind `kind` exactly as [`load`] would. `None` when it no longer loads as an entry
/// without errors: the caller then loads the whole site, which reports why.
pub fn reload_entry(
    root: &Path,
    display: &Path,
    kind: KindId,
    config: &Config,
) -> Option<Reloaded> {
    let found = walk::Found {
        path: root.join(display),
        display: display.to_path_buf(),
        kind: Some(kind),
    };
    // Taken before the file is read: a later change shows as another stamp.
    let meta = std::fs::metadata(&found.path);
    let stamp = Stamp::of(meta.as_ref().ok()?);
    let text = read_text(&found, meta).ok()?;
    match load_text(display, Some(kind), text, config) {
        Ok(Loaded1::Entry(entry, diagnostics)) if !diagnostics.iter().any(Diagnostic::is_error) => {
            Some(Reloaded {
                entry: *entry,
                diagnostics,
                stamp,
            })
        }
        _ => None,
    }
}
