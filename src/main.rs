//! The `carebook` command: parses arguments, runs one command, prints diagnostics once,
//! and maps the outcome to an exit code (0 success, 1 content errors, 2 usage or
//! environment errors).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use carebook::diagnostic::{self, Diagnostic, Severity};
use carebook::{BuildError, BuildOptions};

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
    /// Build the site into a folder (public/ by default)
    Build {
        /// The site folder: the one holding site.yaml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: public/ inside the site folder)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include entries marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, drafts } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            build(BuildOptions { root, out, drafts })
        }
    }
}

fn print_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostic::sort_and_dedup(diagnostics);
    let stderr = std::io::stderr();
    let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = stderr.lock();
    let _ = err.write_all(diagnostic::render_all(diagnostics, color).as_bytes());
}

fn build(options: BuildOptions) -> ExitCode {
    match carebook::build(&options) {
        Ok(mut built) => {
            print_diagnostics(&mut built.diagnostics);
            let warnings = built
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            println!(
                "Built {} pages in {:.1} s ({} warning{})",
                group_thousands(built.pages),
                built.seconds,
                warnings,
                if warnings == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(mut diagnostics)) => {
            print_diagnostics(&mut diagnostics);
            let errors = diagnostic::summary(&diagnostics, Severity::Error)
                .unwrap_or_else(|| "errors".into());
            eprintln!("error: {errors}; nothing was written (the last good site is untouched)");
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// 10000 -> "10,000".
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
