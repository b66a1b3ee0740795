//! The shape of the code, checked: the modules of `src/` import one way, down the pipeline
//! (a stage never imports from a stage that runs after it, so the import drawing has no
//! cycle), and no module grows past what one reader can hold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The top-level modules of `src/`, lowest first. A module may use the modules of the
/// layers below its own, never its own layer's or one above: that is the pipeline's order
/// (config -> load -> resolve -> check/render -> write), with the shared floor at the bottom
/// and the commands at the top.
const LAYERS: &[&[&str]] = &[
    // The floor: what every stage shares.
    &["diagnostic", "names", "url", "dates", "brand"],
    &["spans", "yaml_tree", "picture"],
    &["markdown"],
    // The content model: front-matter fields, then site.yaml's kinds and settings.
    &["frontmatter"],
    &["config"],
    // Load, then resolve.
    &["content"],
    &["graph"],
    // Check, render, index for search: each reads the resolved site.
    &["checks", "render", "search"],
    // Write.
    &["output"],
    &["statics", "pdf", "pictures"],
    // Orchestration, then the commands.
    &["pipeline"],
    &["incremental"],
    &["serve", "scaffold"],
];

/// Lines of code (tests, comments and blank lines aside) a module may have.
const MAX_LINES: usize = 1_000;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` with its top-level module (`graph/links.rs` -> `graph`).
fn modules() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(src()) {
        let entry = entry.unwrap();
        let path = entry.path();
        // A module's unit tests (`mod tests;` in a file of its own) may use any stage.
        if path.extension().is_some_and(|e| e == "rs")
            && path.file_name() != Some("tests.rs".as_ref())
        {
            let rel = path.strip_prefix(src()).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            files.push((path.to_path_buf(), top));
        }
    }
    files.sort();
    files
}

/// The code of a file without its unit tests, comments and blank lines.
fn code_lines(text: &str) -> Vec<&str> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect()
}

/// The top-level modules a file's code names as `crate::NAME`, in `use crate::{…}` lists
/// included.
fn uses(code: &[&str]) -> Vec<String> {
    let text = code.join("\n");
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d}`: the first name of each item, at any nesting depth 0.
            let mut depth = 0;
            let mut item = String::new();
            for c in list.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(first_name(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            found.push(first_name(&item));
        } else {
            found.push(first_name(rest));
        }
    }
    found.retain(|n| !n.is_empty());
    found
}

fn first_name(text: &str) -> String {
    text.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn every_module_is_in_a_layer() {
    for (path, module) in modules() {
        if module == "main" || module == "lib" {
            continue;
        }
        assert!(
            layer_of(&module).is_some(),
            "{} is module `{module}`, which LAYERS in tests/cli/architecture.rs does not place: add it to the layer of the stage it belongs to",
            path.display()
        );
    }
}

#[test]
fn stages_import_only_from_the_stages_below_them() {
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, module) in modules() {
        let Some(own) = layer_of(&module) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for used in uses(&code_lines(&text)) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(layer) if layer < own => {}
                // Items of lib.rs itself (re-exports) are not a stage.
                None => wrong
                    .entry(path.display().to_string())
                    .or_default()
                    .push(format!(
                        "crate::{used} (lib.rs: name the module it comes from)"
                    )),
                Some(_) => wrong
                    .entry(path.display().to_string())
                    .or_default()
                    .push(format!("crate::{used}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "these files use modules of their own layer or a later stage (see LAYERS): {wrong:#?}"
    );
}

#[test]
fn no_module_is_over_a_thousand_lines_of_code() {
    let mut long = Vec::new();
    for (path, _) in modules() {
        let text = std::fs::read_to_string(&path).unwrap();
        let n = code_lines(&text).len();
        if n > MAX_LINES {
            long.push(format!("{}: {n} lines of code", path.display()));
        }
    }
    assert!(
        long.is_empty(),
        "split these by what their parts do: {long:#?}"
    );
}

#[test]
fn the_import_scan_reads_lists_and_paths() {
    let code = [
        "use crate::{config, graph::Site, diagnostic::{Diagnostic, Span}};",
        "let x = crate::names::slugify(t);",
    ];
    assert_eq!(
        uses(&code),
        ["config", "graph", "diagnostic", "names"].map(String::from)
    );
}
