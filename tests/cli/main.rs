//! The one integration-test binary: runs the built `carebook` on fixture sites under
//! `tests/fixtures/` and asserts on exit codes, exact diagnostics and output files.

mod build;
mod errors;
mod support;
