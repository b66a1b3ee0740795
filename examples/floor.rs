//! The benchmark floor: the least work a static-site generator can do for a carebook site.
//!
//! ```text
//! cargo run --release --example floor -- SITE_DIR OUT_DIR
//! ```
//!
//! Walks SITE_DIR/content, reads every `.md` file in parallel (rayon), strips the front
//! matter (between the first two `---` lines), takes `title` and `tags` with a plain line
//! scan, renders the body with pulldown-cmark (tables and wikilinks on) and writes
//! OUT_DIR/<kind>/<slug>/index.html in a minimal HTML wrapper, one OUT_DIR/<kind>/index.html
//! list page per kind and one OUT_DIR/tags/<tag>/index.html page per tag. No templates, no
//! link checks, no relations. Files are overwritten in place; nothing is deleted.
//!
//! carebook's `build` time on the same site, divided by this program's, says how much its
//! checks, relations and templates cost over reading, rendering and writing.

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use walkdir::WalkDir;

struct Page {
    kind: String,
    slug: String,
    title: String,
    tags: Vec<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("floor: usage: floor SITE_DIR OUT_DIR");
        return ExitCode::from(2);
    }
    match run(Path::new(&args[0]), Path::new(&args[1])) {
        Ok(n) => {
            println!("floor: {n} pages");
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("floor: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(site: &Path, out: &Path) -> Result<usize, String> {
    let content = site.join("content");
    if !content.is_dir() {
        return Err(format!("{} is not a folder", content.display()));
    }
    // content/<kind>/<slug>.md, one level of kind folders.
    let mut files: Vec<PathBuf> = Vec::new();
    for e in WalkDir::new(&content).min_depth(2).max_depth(2) {
        let e = e.map_err(|e| format!("cannot walk {}: {e}", content.display()))?;
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") {
            files.push(e.into_path());
        }
    }
    files.sort();

    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_WIKILINKS);

    let pages: Vec<Page> = files
        .par_iter()
        .map(|path| page(path, out, opts))
        .collect::<Result<_, _>>()?;

    // List pages per kind and tag pages, from the collected titles.
    let mut kinds: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    let mut tags: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for p in &pages {
        kinds.entry(&p.kind).or_default().push(p);
        for t in &p.tags {
            tags.entry(t).or_default().push(p);
        }
    }
    kinds.par_iter().try_for_each(|(kind, list)| {
        let mut body = format!("<h1>{}</h1>\n<ul>\n", esc(kind));
        for p in list {
            body += &format!(
                "<li><a href=\"{}/index.html\">{}</a></li>\n",
                p.slug,
                esc(&p.title)
            );
        }
        body += "</ul>\n";
        write(&out.join(kind).join("index.html"), kind, &body)
    })?;
    tags.par_iter().try_for_each(|(tag, list)| {
        let mut body = format!("<h1>Tag: {}</h1>\n<ul>\n", esc(tag));
        for p in list {
            body += &format!(
                "<li><a href=\"../../{}/{}/index.html\">{}</a></li>\n",
                p.kind,
                p.slug,
                esc(&p.title)
            );
        }
        body += "</ul>\n";
        write(
            &out.join("tags").join(safe(tag)).join("index.html"),
            tag,
            &body,
        )
    })?;
    Ok(pages.len())
}

/// Reads, renders and writes one entry; returns what the list and tag pages need.
fn page(path: &Path, out: &Path, opts: Options) -> Result<Page, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let kind = path
        .parent()
        .and_then(|p| p.file_name())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let slug = path.file_stem().unwrap().to_string_lossy().to_lowercase();
    let (front, body) = split_front_matter(&text);
    let mut title = slug.clone();
    let mut tags = Vec::new();
    for line in front.lines() {
        if let Some(v) = line.strip_prefix("title:") {
            title = unquote(v.trim()).to_string();
        } else if let Some(v) = line.strip_prefix("tags:") {
            let v = v.trim().trim_start_matches('[').trim_end_matches(']');
            tags = v
                .split(',')
                .map(|t| unquote(t.trim()).to_string())
                .filter(|t| !t.is_empty())
                .collect();
        }
    }
    let mut html_body = String::with_capacity(body.len() * 3 / 2 + 256);
    html_body += &format!("<h1>{}</h1>\n", esc(&title));
    html::push_html(&mut html_body, Parser::new_ext(body, opts));
    write(
        &out.join(&kind).join(&slug).join("index.html"),
        &title,
        &html_body,
    )?;
    Ok(Page {
        kind,
        slug,
        title,
        tags,
    })
}

/// (front matter, body): the front matter is what lies between the first two `---` lines.
fn split_front_matter(text: &str) -> (&str, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return ("", text);
    };
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (&rest[..pos], &rest[pos + line.len()..]);
        }
        pos += line.len();
    }
    ("", text)
}

fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(v)
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// A tag as a folder name: lower case letters, digits and hyphens.
fn safe(tag: &str) -> String {
    tag.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn write(path: &Path, title: &str, body: &str) -> Result<(), String> {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    );
    let dir = path.parent().unwrap();
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(path, page).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
