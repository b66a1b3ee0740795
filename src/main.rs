//! The `carebook` command: parses arguments, runs one command, prints diagnostics once,
//! and maps the outcome to an exit code (0 success, 1 content errors — or warnings with
//! `check --strict` — and 2 usage or environment errors).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use carebook::diagnostic::{self, Diagnostic, Severity};
use carebook::{BuildError, BuildOptions, plural};

#[derive(Parser)]
#[command(
    name = "carebook",
    version,
    about = "Turns a folder of Markdown health information into a cross-linked, accessible, printable website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder (public/ inside the site folder by default)
    Build {
        #[command(flatten)]
        site: SiteArg,
        /// Where to write the site (default: public/ inside the site folder)
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        content: ContentArgs,
        /// Also print every handout to handouts/NAME.pdf with the local Chromium
        /// (A4, or the `paper:` of site.yaml)
        #[arg(long)]
        pdf: bool,
        /// The Chromium or Chrome program to print with (default: the first found on PATH)
        #[arg(long, value_name = "PATH", requires = "pdf")]
        chromium: Option<PathBuf>,
    },
    /// Check everything a build checks, plus reviews, reading level, claims and links
    /// between pages; writes nothing
    Check {
        #[command(flatten)]
        site: SiteArg,
        /// human (default) or json (one document, for a clinic's CI)
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Fail (exit code 1) on warnings too
        #[arg(long)]
        strict: bool,
        /// List every page's next review, soonest first
        #[arg(long)]
        due: bool,
        /// List every page with its translation's status in each language: up to date,
        /// outdated or missing
        #[arg(long)]
        translations: bool,
        /// List every page's reading figures (grade, reading ease, words, hard
        /// sentences), hardest first
        #[arg(long)]
        report: bool,
        #[command(flatten)]
        content: ContentArgs,
    },
    /// Build the site into memory and serve it on this computer, rebuilding and reloading
    /// the browser whenever a file changes
    Serve {
        #[command(flatten)]
        site: SiteArg,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 shares the preview on your network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        content: ContentArgs,
    },
    /// Write a new entry with its kind's front matter filled in, as a draft
    #[command(after_help = NEW_HELP)]
    New {
        /// The kind: condition, technique, benefit, safety, handout, or one from site.yaml
        kind: String,
        /// The entry's title; its file name is made from it
        title: String,
        #[command(flatten)]
        site: SiteArg,
    },
    /// Write a new, blank site folder: commented settings, draft starter pages, a
    /// .gitignore and a workflow that publishes on GitHub Pages
    Init {
        /// The folder to create (it must be new or empty)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the example site instead: a remedial-massage clinic's patient information
        #[arg(long)]
        example: bool,
    },
    /// Change how the site looks: copy the theme's templates into the site to edit them
    Theme {
        #[command(subcommand)]
        action: ThemeCommand,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy the default theme's templates (all, or those named) into templates/, where
    /// they replace the theme's; a file already there is never overwritten
    Eject {
        /// The templates to copy, such as `entry` or `entry.html` (default: every one)
        templates: Vec<String>,
        #[command(flatten)]
        site: SiteArg,
    },
}

/// `--root`: every command but `init` works in a site folder.
#[derive(clap::Args)]
struct SiteArg {
    /// The site folder: the one holding site.yaml and content/
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Which entries, and which day: the options of every command that reads the content.
#[derive(clap::Args)]
struct ContentArgs {
    /// Include entries marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Count review dates from this day instead of today (YYYY-MM-DD)
    #[arg(long, value_parser = parse_day)]
    today: Option<jiff::civil::Date>,
}

impl ContentArgs {
    /// The day review dates count from.
    fn today(&self) -> jiff::civil::Date {
        self.today.unwrap_or_else(carebook::today)
    }
}

impl Command {
    /// The site folder the command works in; `init` makes one, so it has none.
    fn site_root(&self) -> Option<&Path> {
        match self {
            Command::Build { site, .. }
            | Command::Check { site, .. }
            | Command::Serve { site, .. }
            | Command::New { site, .. }
            | Command::Theme {
                action: ThemeCommand::Eject { site, .. },
            } => Some(&site.root),
            Command::Init { .. } => None,
        }
    }
}

/// `carebook new --help`, after the options: what the new file holds, and how to add a kind.
const NEW_HELP: &str =
    "The new entry is a draft (`draft: true`) with no review date: it stays out of \
the site until you set `draft: false`. Add `reviewed:` and `reviewed_by:` once a \
clinician has checked it.

A kind of your own is declared in site.yaml first, for example:

  kinds:
    exercise:
      folder: exercises      # content/exercises/ (default: the name + \"s\")
      title: Exercises       # the heading of its A–Z page

then: carebook new exercise \"Shoulder rolls\"";

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    carebook::frontmatter::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Ctrl-C or a termination signal: stop a Chromium printing a handout, remove the print
    // folder and the work folder of a build in progress (never the last good site) and
    // exit with code 130. If the handler cannot be set, the
    // signal ends carebook as before and the next build removes the work folder.
    let _ = ctrlc::set_handler(|| carebook::interrupt());
    // Before anything that depends on it (options, the watcher, the output folder): no site
    // folder is the first thing to say, in the same words for every command.
    if let Some(root) = cli.command.site_root()
        && let Err(err) = carebook::check_site_folder(root)
    {
        return usage_error(&err);
    }
    match cli.command {
        Command::Build {
            site: SiteArg { root },
            out,
            content,
            pdf,
            chromium,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let today = content.today();
            // Before anything is built: a missing Chromium is an environment error.
            let pdf = match pdf.then(|| carebook::pdf::find_chromium(chromium.as_deref())) {
                None => None,
                Some(Ok(chromium)) => Some(carebook::pdf::PdfOptions { chromium }),
                Some(Err(err)) => return usage_error(&err),
            };
            build(BuildOptions {
                root,
                out,
                drafts: content.drafts,
                today,
                pdf,
            })
        }
        Command::Check {
            site,
            format,
            strict,
            due,
            translations,
            report,
            content,
        } => check(
            &site.root,
            format,
            strict,
            Lists {
                due,
                translations,
                reading: report,
            },
            content.drafts,
            content.today(),
        ),
        Command::Serve {
            site,
            port,
            bind,
            open,
            content,
        } => serve(
            carebook::serve::ServeOptions {
                root: site.root,
                port,
                bind,
                drafts: content.drafts,
                today: content.today(),
            },
            open,
        ),
        Command::New { kind, title, site } => new(&site.root, &kind, &title),
        Command::Init { dir, example } => init(&dir, example),
        Command::Theme {
            action: ThemeCommand::Eject { templates, site },
        } => eject(&site.root, &templates),
    }
}

/// `carebook theme eject [TEMPLATE…]`: copies the templates, says which and what next.
fn eject(root: &Path, templates: &[String]) -> ExitCode {
    let done = match carebook::scaffold::eject(root, templates) {
        Ok(done) => done,
        Err(err) => return usage_error(&err),
    };
    for path in &done.written {
        println!(
            "Wrote {}: a copy of the default theme's, used instead of it from now on.",
            path.display()
        );
    }
    for path in &done.skipped {
        println!(
            "Skipped {}: the file is there already, and carebook never overwrites one (to start again from the theme's, rename or delete yours first).",
            path.display()
        );
    }
    if !done.written.is_empty() {
        println!(
            "Next: change the copies in templates/ with a text editor; `carebook serve` shows each change as you save it. carebook's docs/templates.md says what each template shows and every value it gets. Delete a copy to go back to the theme's."
        );
    }
    ExitCode::SUCCESS
}

/// `carebook init [DIR] [--example]`: writes the site, then says what to do next.
fn init(dir: &Path, example: bool) -> ExitCode {
    use carebook::scaffold::{self, Starter};
    let starter = if example {
        Starter::Example
    } else {
        Starter::Blank
    };
    let done = match scaffold::init(dir, starter) {
        Ok(done) => done,
        Err(err) => return usage_error(&err),
    };
    let shown = dir.display().to_string();
    let cd = if shown.contains(char::is_whitespace) {
        format!("\"{shown}\"")
    } else {
        shown.clone()
    };
    match starter {
        Starter::Blank => {
            println!("Wrote a new site with {} files in {shown}.", done.files);
            println!(
                "Next: cd {cd} && carebook serve --drafts   (shows it at http://127.0.0.1:1111/, starter drafts included)"
            );
            println!(
                "Then write your own words in content/: each starter page stays off the site until you set `draft: false`."
            );
            if done.workflow_needs_repository {
                println!(
                    "To publish on GitHub Pages: in {}, set CAREBOOK_GIT to the address of carebook's source repository (see carebook's docs/publishing.md).",
                    scaffold::WORKFLOW_PATH
                );
            }
        }
        Starter::Example => {
            println!(
                "Wrote the remedial-massage example site with {} files in {shown}.",
                done.files
            );
            println!(
                "Next: cd {cd} && carebook serve   (shows it at http://127.0.0.1:1111/), then change its pages into your own."
            );
        }
    }
    ExitCode::SUCCESS
}

fn usage_error(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(2)
}

fn print_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostic::sort_and_dedup(diagnostics);
    print_in_order(diagnostics);
}

fn print_in_order(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = stderr.lock();
    let _ = err.write_all(diagnostic::render_all(diagnostics, color).as_bytes());
}

/// What a build prints of its diagnostics: the first few of each finding code in full
/// ([`diagnostic::shortened`]), then a line for each code cut short, with how many more
/// there are and the command that lists them. `check` prints every one.
fn print_build_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostic::sort_and_dedup(diagnostics);
    let (shown, left_out) = diagnostic::shortened(diagnostics);
    let shown: Vec<Diagnostic> = shown.into_iter().cloned().collect();
    print_in_order(&shown);
    for (code, more) in left_out {
        eprintln!(
            "note: {} more `{code}` {} not shown here: `carebook check` lists every finding (`carebook check --format json` as data for a spreadsheet or a script)",
            diagnostic::thousands(more as u64),
            if more == 1 {
                "warning is"
            } else {
                "warnings are"
            },
        );
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

fn build(options: BuildOptions) -> ExitCode {
    // A progress bar for builds that take more than a second, on a terminal only.
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let shown = std::sync::atomic::AtomicBool::new(false);
    let interactive = std::io::stderr().is_terminal();
    let progress = |event: carebook::Progress| {
        let (done, total) = match event {
            carebook::Progress::Waiting => {
                eprintln!("waiting for another build of this site to finish…");
                return;
            }
            carebook::Progress::Written(done, total) => (done, total),
        };
        if !interactive {
            return;
        }
        if !shown.load(std::sync::atomic::Ordering::Relaxed)
            && started.elapsed() > std::time::Duration::from_secs(1)
            && !shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let options_pdf = options.pdf.is_some();
    let result = carebook::build(&options, &progress);
    carebook::wait_if_interrupted();
    bar.finish_and_clear();
    match result {
        Ok(mut built) => {
            print_build_diagnostics(&mut built.diagnostics);
            let pdfs = if options_pdf {
                format!(" and {}", plural(built.pdfs, "PDF"))
            } else {
                String::new()
            };
            println!(
                "Built {}{pdfs} in {:.1} s ({})",
                plural(built.pages, "page"),
                built.seconds,
                plural(count(&built.diagnostics, Severity::Warning), "warning")
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(mut diagnostics)) => {
            print_build_diagnostics(&mut diagnostics);
            let errors = diagnostic::summary(&diagnostics, Severity::Error)
                .unwrap_or_else(|| "errors".into());
            // Only a folder that holds an earlier build has a last good site to speak of.
            let untouched = if carebook::output::is_ours(&options.out) {
                " (the last good site is untouched)"
            } else {
                ""
            };
            eprintln!("error: {errors}; nothing was written{untouched}");
            ExitCode::from(1)
        }
        Err(err) => usage_error(&err),
    }
}

/// The lists `check` prints after its findings when asked.
#[derive(Clone, Copy)]
struct Lists {
    /// `--due`: every page's next review.
    due: bool,
    /// `--translations`: every page's translations.
    translations: bool,
    /// `--report`: every page's reading figures.
    reading: bool,
}

fn check(
    root: &Path,
    format: Format,
    strict: bool,
    Lists {
        due,
        translations,
        reading,
    }: Lists,
    drafts: bool,
    today: jiff::civil::Date,
) -> ExitCode {
    let mut report = match carebook::check_with(root, drafts, today, reading) {
        Ok(report) => report,
        Err(err) => return usage_error(&err),
    };
    diagnostic::sort_and_dedup(&mut report.diagnostics);
    // Grouped by file, files with errors first, and errors first within a file.
    let with_errors: std::collections::HashSet<PathBuf> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.span.path.clone())
        .collect();
    report.diagnostics.sort_by_key(|d| {
        (
            !with_errors.contains(&d.span.path),
            d.span.path.clone(),
            d.severity,
            d.span.line,
            d.span.column,
        )
    });
    let errors = count(&report.diagnostics, Severity::Error);
    let warnings = count(&report.diagnostics, Severity::Warning);
    let failed = errors > 0 || (strict && warnings > 0);
    match format {
        Format::Json => {
            let doc = carebook::pipeline::JsonReport::new(&report, today, !failed, due, reading)
                .with_translations(&report, translations);
            let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            text.push('\n');
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        Format::Human => {
            print_in_order(&report.diagnostics);
            if due {
                print_due(&report.due);
            }
            if translations {
                print_translations(&report.translations);
            }
            if reading {
                print_reading(&report.reading);
            }
            let verdict = if failed { "failed" } else { "passed" };
            if let Some(checked) = &report.entries {
                print_unmeasured(&checked.unmeasured);
            }
            let checked = report
                .entries
                .as_ref()
                .map(|n| {
                    let entries = match n.entries {
                        1 => "1 entry".to_string(),
                        n => format!("{} entries", diagnostic::thousands(n as u64)),
                    };
                    match n.translations {
                        0 => format!("{entries} checked, "),
                        1 => format!("{entries} and 1 translation checked, "),
                        t => format!(
                            "{entries} and {} translations checked, ",
                            diagnostic::thousands(t as u64)
                        ),
                    }
                })
                .unwrap_or_default();
            let found = match (
                diagnostic::summary(&report.diagnostics, Severity::Error),
                diagnostic::summary(&report.diagnostics, Severity::Warning),
            ) {
                (None, None) => "no errors or warnings".to_string(),
                (Some(one), None) | (None, Some(one)) => one,
                (Some(_), Some(_)) => format!(
                    "{} and {} in {}",
                    plural(errors, "error"),
                    plural(warnings, "warning"),
                    plural(files_of(&report.diagnostics), "file")
                ),
            };
            println!(
                "Check {verdict}: {checked}{found}{}",
                if strict {
                    " (--strict: warnings fail)"
                } else {
                    ""
                }
            );
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The note that pages in a language other than English were not given the English
/// sentence and word checks, and, in a language carebook has no formula for, no reading
/// level either.
fn print_unmeasured(unmeasured: &[carebook::checks::Unmeasured]) {
    for u in unmeasured {
        let pages = plural(u.pages, "page");
        let (they, were) = if u.pages == 1 {
            ("it", "was")
        } else {
            ("they", "were")
        };
        // A language without claim words (none shipped, none in site.yaml) says so too.
        let claims = if u.claim_words {
            String::new()
        } else {
            format!(
                ", nor for claim words, as carebook has none in {} (list them under `checks.claims`)",
                u.name
            )
        };
        match u.formula {
            Some(formula) => eprintln!(
                "note: {pages} in {} ({}) {were} given a reading level by the {formula}, but not checked for hard sentences, long paragraphs and plain words, which carebook checks in English only{claims}: ask someone who reads {} well to look at {} sentences and words",
                u.name,
                u.tag,
                u.name,
                if u.pages == 1 { "its" } else { "their" },
            ),
            None => eprintln!(
                "note: carebook has no reading formula for {} ({}), so {pages} in it got no reading level and no check of hard sentences, long paragraphs and plain words{claims}: ask someone who reads {} well to check that {they} {} easy to read",
                u.name,
                u.tag,
                u.name,
                if u.pages == 1 { "is" } else { "are" },
            ),
        }
    }
}

/// How many files the diagnostics are in.
fn files_of(diagnostics: &[Diagnostic]) -> usize {
    let mut files: Vec<&Path> = diagnostics.iter().map(|d| d.span.path.as_path()).collect();
    files.sort();
    files.dedup();
    files.len()
}

fn serve(options: carebook::serve::ServeOptions, open: bool) -> ExitCode {
    use carebook::serve::{Rebuilt, Server, listen, watch};
    // Warnings are printed once: a rebuild prints only those it did not print last time
    // (a writer fixing one page is not shown the whole site's warnings on every save).
    let shown = std::cell::RefCell::new(std::collections::HashSet::<Diagnostic>::new());
    let report = |rebuilt: &Rebuilt| {
        let diagnostics = &rebuilt.diagnostics;
        let mut new: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| !rebuilt.ok || !shown.borrow().contains(*d))
            .cloned()
            .collect();
        print_diagnostics(&mut new);
        if rebuilt.ok {
            *shown.borrow_mut() = diagnostics.iter().cloned().collect();
            let pages = if rebuilt.rendered == rebuilt.pages {
                format!("Built {}", plural(rebuilt.pages, "page"))
            } else if rebuilt.rendered == 0 {
                "No page changed; checked".to_string()
            } else {
                format!(
                    "Rebuilt {} of {} pages",
                    diagnostic::thousands(rebuilt.rendered as u64),
                    diagnostic::thousands(rebuilt.pages as u64)
                )
            };
            println!(
                "{pages} in {} ms ({})",
                rebuilt.millis,
                plural(count(diagnostics, Severity::Warning), "warning")
            );
        } else {
            let errors = diagnostic::summary(diagnostics, Severity::Error)
                .unwrap_or_else(|| "errors".into());
            // Before the first good build there are no pages to keep serving.
            if rebuilt.pages == 0 {
                eprintln!(
                    "error: {errors}; the preview shows them until they are fixed, then the site"
                );
            } else {
                eprintln!(
                    "error: {errors}; still serving the last good pages, with the errors shown over them"
                );
            }
        }
    };
    let (bind, drafts) = (options.bind, options.drafts);
    let server = Server::new(options);
    // Listen and watch first: a port in use is said before a long build, a page asked for
    // during the first build is answered when it is done, and no edit made meanwhile is
    // missed.
    let address = match listen(&server) {
        Ok(address) => address,
        Err(err) => return usage_error(&err),
    };
    let watching = match watch(&server) {
        Ok(watching) => watching,
        Err(err) => return usage_error(&err),
    };
    match server.rebuild() {
        Ok(rebuilt) => report(&rebuilt),
        Err(err) => return usage_error(&err),
    }
    if !bind.is_loopback() {
        let drafts = if drafts { ", drafts included" } else { "" };
        eprintln!(
            "warning: serving on {bind}: anyone on your network can read this preview{drafts}"
        );
    }
    let url = format!("http://{address}/");
    println!("Serving the site at {url} (press Ctrl-C to stop)");
    if open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if std::process::Command::new(opener)
            .arg(&url)
            .spawn()
            .is_err()
        {
            eprintln!("note: could not open a browser; open {url} yourself");
        }
    }
    watching.run(report);
    ExitCode::SUCCESS
}

/// `check --report`: every page's reading figures, hardest first, as a table.
fn print_reading(pages: &[carebook::checks::PageReading]) {
    // The English pages first, by grade; then each other language's, by its own figure.
    let (english, others): (Vec<_>, Vec<_>) = pages.iter().partition(|p| p.grade.is_some());
    if !english.is_empty() || others.is_empty() {
        println!("Reading, hardest first:");
        println!(
            "  {:>5}  {:>7}  {:>6}  {:>4}  page",
            "grade", "ease", "words", "hard"
        );
    }
    for p in &english {
        println!(
            "  {:>5.1}  {:>7.1}  {:>6}  {:>4}  {} ({}, {})",
            p.grade.unwrap_or_default(),
            p.reading_ease,
            p.words,
            p.hard_sentences.unwrap_or_default(),
            p.file,
            p.title,
            p.audience
        );
    }
    let mut language = None;
    for p in &others {
        if language != Some(&p.language) {
            language = Some(&p.language);
            println!(
                "Reading of the pages in `{}`, by the {}, hardest first:",
                p.language, p.formula
            );
            println!("  {:>7}  {:>6}  page", "figure", "words");
        }
        println!(
            "  {:>7.1}  {:>6}  {} ({}, {})",
            p.score, p.words, p.file, p.title, p.audience
        );
    }
}

fn print_due(due: &[carebook::checks::Due]) {
    println!("Reviews, soonest first:");
    for d in due {
        let when = match d.days {
            n if n < 0 => format!("overdue by {}", plural((-n) as usize, "day")),
            0 => "due today".to_string(),
            n => format!("in {}", plural(n as usize, "day")),
        };
        let who = if d.reviewer.is_empty() {
            String::new()
        } else {
            format!(" — {}", d.reviewer)
        };
        println!("  {}  {:<18} {} ({}){who}", d.due, when, d.title, d.file);
    }
}

/// `check --translations`: a table of every page and its status in each language, for a
/// clinic to see what to send to its translator.
fn print_translations(rows: &[carebook::checks::TranslationRow]) {
    let Some(first) = rows.first() else {
        println!(
            "Translations: the site is in one language (add `languages:` to site.yaml to translate it)"
        );
        return;
    };
    let width = rows
        .iter()
        .map(|r| r.title.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 40);
    println!("Translations, by page:");
    let mut header = format!("  {:<width$}", "Page");
    let file_column = "File";
    for (tag, _) in &first.languages {
        header.push_str(&format!("  {tag:<10}  "));
    }
    println!("{header}{file_column}");
    for row in rows {
        let title: String = if row.title.chars().count() > width {
            let mut short: String = row.title.chars().take(width - 1).collect();
            short.push('…');
            short
        } else {
            row.title.clone()
        };
        let mut line = format!("  {title:<width$}");
        for (_, status) in &row.languages {
            line.push_str(&format!("  {:<10}  ", status.as_str()));
        }
        println!("{line}{}", row.file);
    }
}

fn new(root: &Path, kind: &str, title: &str) -> ExitCode {
    let config = match carebook::config::load(&root.join("site.yaml"), Path::new("site.yaml")) {
        Ok(config) => config,
        Err(mut diagnostics) => {
            print_diagnostics(&mut diagnostics);
            return ExitCode::from(1);
        }
    };
    let pages = &config.kinds[config.builtin(carebook::config::BuiltinKind::Page)].folder;
    match carebook::scaffold::new_entry(root, &config, kind, title) {
        Ok(path) if path.starts_with(Path::new("content").join(pages)) => {
            println!(
                "Wrote {} as a draft: write its text, and set `draft: false` when it is ready to publish",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Ok(path) => {
            println!(
                "Wrote {} as a draft: add its summary and text, and set `draft: false` once a clinician has reviewed it",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => usage_error(&err),
    }
}
