//! The one integration-test binary: runs the built `carebook` on fixture sites under
//! `tests/fixtures/` and asserts on exit codes, exact diagnostics and output files.

// Test helpers are `pub` for the sibling modules; there is no public API here.
#![allow(unreachable_pub)]
mod architecture;
mod brand;
mod browser;
mod build;
mod check;
mod claims_languages;
mod declared_once;
mod errors;
mod evidence;
mod graph_defects;
mod handout;
mod hostile;
mod images;
mod incremental_reads;
mod init;
mod languages;
mod links;
mod load_defects;
mod names;
mod output_defects;
mod pages;
mod pictures;
mod reading_languages;
mod render_defects;
mod search;
mod sentences;
mod serve;
mod serve_defects;
mod site_settings;
mod spans;
mod strings;
mod support;
mod textstat;
mod theme;
