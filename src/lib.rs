//! carebook: a folder of Markdown health information -> a cross-linked, accessible,
//! printable static site.
//!
//! The pipeline runs one way, each stage taking the last one's value:
//! [`config`] (site.yaml) -> [`content`] (load) -> [`graph`] (resolve) -> [`checks`] ->
//! [`render`] -> [`output`] (write). Every stage reports problems as
//! [`diagnostic::Diagnostic`]s and goes on, so one run shows every problem; [`pipeline`]
//! runs the stages, the same way for every command, and [`build`] stops before writing
//! anything if any problem is an error.

pub mod brand;
pub mod checks;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod frontmatter;
pub mod graph;
pub mod incremental;
pub mod markdown;
pub mod names;
pub mod output;
pub mod pdf;
pub mod picture;
pub mod pictures;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod spans;
mod statics;
pub mod url;
pub mod yaml_tree;

pub use diagnostic::plural;
pub use output::Sink;
pub use pipeline::{
    BuildError, BuildOptions, Built, CheckReport, Prepared, Progress, build, check,
    check_site_folder, check_with, interrupt, today, wait_if_interrupted,
};
