//! Names (issue 13): a name means one thing however it is stored or typed.
//!
//! A Markdown file is a page in every ending the walk reads (`.md`, `.markdown`, in any
//! case), for links to it too. Names stored decomposed (NFD: macOS writes `é` as `e` and a
//! combining accent) are published composed (NFC) and reached by links typed either way:
//! static files, headings and their anchors, a theme's folder. Two static files that would
//! be one published file are an error naming both. A folder of `content/` with accents is
//! never a kind (kind folders are plain ASCII); below a kind's folder, folders may have
//! any name.
//!
//! Each test starts from `names-site` (which builds without a word) and makes the files
//! of its case at test time, decomposed names as Rust escapes (`e\u{301}`): git and many
//! editors would compose them.

use std::path::Path;

use crate::links::assert_every_url_reaches_a_file;
use crate::support::{Site, attrs, percent_decoded};

fn site() -> Site {
    Site::copy("names-site")
}

/// The fixture's `whiplash.md` with `body` at its end.
fn whiplash_with(body: &str) -> String {
    format!(
        "---\ntitle: Whiplash\nsummary: Neck pain and stiffness after a sudden jolt.\ntechniques: [deep-tissue]\nbenefits: [range-of-motion]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n## What it feels like\n\nYour neck may feel stiff. See [[deep-tissue#what-happens]].\n\n{body}\n"
    )
}

/// The fixture's `deep-tissue.md` with `body` at its end.
fn deep_tissue_with(body: &str) -> String {
    format!(
        "---\ntitle: Deep tissue massage\nsummary: Firm, slow pressure on deeper muscle layers.\nbenefits: [range-of-motion]\nsafety: [not-a-diagnosis]\nreviewed: 2026-08-01\nreviewed_by: Senior therapist\n---\n## What happens\n\n{body}\n"
    )
}

/// An entry's text: its `title`, a review, and `body`.
fn entry(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: A short summary of {title}.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n{body}\n"
    )
}

/// Builds `site`, which must succeed without a word.
#[track_caller]
fn assert_builds_quietly(site: &Site) {
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
}

/// The names of the files and folders in `dir`, exactly as stored, sorted.
fn stored_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|item| item.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Every value of `name` attributes in `html` that starts with `prefix`.
fn attrs_starting(html: &str, name: &str, prefix: &str) -> Vec<String> {
    attrs(html, name)
        .into_iter()
        .filter(|v| v.starts_with(prefix))
        .collect()
}

// ---- 1. a Markdown file is a page in every ending, for links too -------------------------

#[test]
fn links_to_markdown_files_in_every_ending_reach_their_pages() {
    let site = site();
    site.write(
        "content/conditions/Frozen-Shoulder.MD",
        &entry("Frozen shoulder", "## Easing it\n\nMove gently."),
    );
    site.write(
        "content/benefits/easier-sleep.markdown",
        &entry(
            "Easier sleep",
            "## Sleeping well\n\nRest comes more easily.",
        ),
    );
    // The home page's text in another ending.
    std::fs::remove_file(site.path().join("content/_index.md")).unwrap();
    site.write(
        "content/_index.markdown",
        "Start with [[whiplash]] or [frozen shoulder](conditions/Frozen-Shoulder.MD).\n",
    );
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "See [frozen shoulder](Frozen-Shoulder.MD), [easing it](frozen-shoulder.md#easing-it),\n[better sleep](../benefits/easier-sleep.markdown#sleeping-well), [sleep](../benefits/Easier-Sleep.MARKDOWN)\nand [the home page](../_index.markdown).",
        ),
    );
    assert_builds_quietly(&site);
    let page = site.read_out("conditions/whiplash/index.html");
    let hrefs: Vec<String> = attrs(&page, "href")
        .into_iter()
        .filter(|h| h.contains("frozen") || h.contains("sleep"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../../conditions/frozen-shoulder/index.html",
            "../../conditions/frozen-shoulder/index.html#easing-it",
            "../../benefits/easier-sleep/index.html#sleeping-well",
            "../../benefits/easier-sleep/index.html",
        ]
    );
    assert!(page.contains(r#"<a href="../../index.html" data-print-url="https://example.org/info/">the home page</a>"#), "{page}");
    assert!(
        attrs(&site.read_out("index.html"), "href")
            .contains(&"conditions/frozen-shoulder/index.html".to_string())
    );
    assert!(assert_every_url_reaches_a_file(&site.out()) > 50);

    // A misspelt link to such a file is told the name the way it was written.
    std::fs::remove_dir_all(site.out()).unwrap();
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with("See [better sleep](../benefits/easier-slep.markdown)."),
    );
    site.assert_build_refused(
        "error: no benefit called `easier-slep`
  --> content/conditions/whiplash.md:13:20
   |
13 | See [better sleep](../benefits/easier-slep.markdown).
   |                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `../benefits/easier-sleep.markdown`?

error: 1 error in 1 file; nothing was written
",
    );
}

// ---- 2. static files: published composed, reached either way, one name one file -----------

#[test]
fn a_decomposed_static_file_is_published_composed_and_reached_typed_either_way() {
    let site = site();
    // As a Mac stores them: the folder and the file names decomposed.
    site.write_bytes(
        "static/E\u{301}paule gele\u{301}e.png",
        crate::support::TINY_PNG,
    );
    site.write("static/Fiches/Re\u{301}sume\u{301}.pdf", "%PDF-1.4");
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "![Frozen shoulder](<../../static/Épaule gelée.png>)\n![The same](<../../static/E\u{301}paule gele\u{301}e.png>)\n[The summary](../../static/Fiches/R%C3%A9sum%C3%A9.pdf) and [again](../../static/Fiches/Re%CC%81sume%CC%81.pdf).",
        ),
    );
    assert_builds_quietly(&site);

    // One form on disk, the composed one, so the written URL matches the file.
    let out = site.out();
    assert!(stored_names(&out).contains(&"Épaule gelée.png".to_string()));
    assert!(!stored_names(&out).contains(&"E\u{301}paule gele\u{301}e.png".to_string()));
    assert_eq!(stored_names(&out.join("Fiches")), ["Résumé.pdf"]);
    // Made again from its pixels, as every PNG is (see tests/cli/pictures.rs).
    assert_eq!(
        image::open(out.join("Épaule gelée.png"))
            .unwrap()
            .to_rgba8(),
        image::load_from_memory(crate::support::TINY_PNG)
            .unwrap()
            .to_rgba8()
    );

    let page = site.read_out("conditions/whiplash/index.html");
    assert_eq!(
        attrs_starting(&page, "src", "../../%C3%89"),
        ["../../%C3%89paule%20gel%C3%A9e.png"; 2]
    );
    assert_eq!(
        attrs_starting(&page, "href", "../../Fiches/"),
        ["../../Fiches/R%C3%A9sum%C3%A9.pdf"; 2]
    );
    assert_eq!(
        percent_decoded("../../%C3%89paule%20gel%C3%A9e.png"),
        "../../Épaule gelée.png"
    );
    assert!(assert_every_url_reaches_a_file(&out) > 50);

    // Served: the address as written, and one pasted from a Mac (decomposed), are found.
    let server = crate::serve::serve(&site);
    for path in [
        "/%C3%89paule%20gel%C3%A9e.png",
        "/E%CC%81paule%20gele%CC%81e.png",
        "/Fiches/R%C3%A9sum%C3%A9.pdf",
    ] {
        let (status, _, body) = crate::serve::get(server.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(!body.is_empty(), "{path}");
    }
}

#[test]
fn two_static_files_published_as_one_are_an_error_naming_both() {
    let site = site();
    // The same name stored composed and decomposed (one from a Mac, one from Windows),
    // and two names that differ only in case: one file on Windows and macOS.
    site.write("static/Épaule.png", "composed");
    site.write("static/E\u{301}paule.png", "decomposed");
    site.write("static/Diagram.svg", "<svg/>");
    site.assert_build_refused(
        "error: this file has the same name as static/Épaule.png, but with its accents stored as separate characters (as macOS writes them), so both would be published as `Épaule.png`
 --> static/E\u{301}paule.png:1:1
  |
help: keep one of the two files and delete the other, or rename one, so that every published path has one file

error: this file and static/Diagram.svg would be published as `diagram.svg` and `Diagram.svg`, which are one file on Windows and macOS (they do not tell upper from lower case)
 --> static/diagram.svg:1:1
  |
help: keep one of the two files and delete the other, or rename one, so that every published path has one file

error: 2 errors in 2 files; nothing was written
",
    );
}

// ---- 3. headings and anchors ----------------------------------------------------------

#[test]
fn headings_and_anchors_match_however_accents_are_stored() {
    let site = site();
    // Headings and a custom id decomposed; links to them typed both ways.
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with(
            "## Raideur de l'e\u{301}paule\n\n## E\u{301}tirements {#e\u{301}tirements-doux}\n\nBack to [the stiffness](#raideur-de-l-e\u{301}paule) and [the stretches](#%C3%A9tirements-doux).",
        ),
    );
    site.write(
        "content/techniques/deep-tissue.md",
        &deep_tissue_with(
            "The therapist works slowly. See [[whiplash#raideur-de-l-épaule]],\n[stretches](../conditions/whiplash.md#%C3%A9tirements-doux) and [[whiplash#e\u{301}tirements-doux|stretching]].",
        ),
    );
    assert_builds_quietly(&site);
    let whiplash = site.read_out("conditions/whiplash/index.html");
    // The ids are composed, as the links that reach them are.
    for id in ["raideur-de-l-épaule", "étirements-doux"] {
        assert!(whiplash.contains(&format!(" id=\"{id}\"")), "{id}");
    }
    assert!(
        attrs(&whiplash, "id")
            .iter()
            .all(|id| !id.contains('\u{301}')),
        "{whiplash}"
    );
    assert_eq!(
        attrs_starting(&whiplash, "href", "#%C3%A9").len()
            + attrs_starting(&whiplash, "href", "#raideur").len(),
        2
    );
    assert!(
        attrs(&whiplash, "href").contains(&"#raideur-de-l-%C3%A9paule".to_string())
            && attrs(&whiplash, "href").contains(&"#%C3%A9tirements-doux".to_string())
    );
    let technique = site.read_out("techniques/deep-tissue/index.html");
    assert_eq!(
        attrs_starting(&technique, "href", "../../conditions/whiplash/index.html#"),
        [
            "../../conditions/whiplash/index.html#raideur-de-l-%C3%A9paule",
            "../../conditions/whiplash/index.html#%C3%A9tirements-doux",
            "../../conditions/whiplash/index.html#%C3%A9tirements-doux",
        ]
    );
    // Each fragment, decoded as a browser decodes it, is an id of the page.
    for href in attrs_starting(&technique, "href", "../../conditions/whiplash/index.html#") {
        let id = percent_decoded(href.split_once('#').unwrap().1);
        assert!(whiplash.contains(&format!(" id=\"{id}\"")), "{href}");
    }

    // A heading that is not there, typed decomposed, is named as written.
    std::fs::remove_dir_all(site.out()).unwrap();
    site.write(
        "content/techniques/deep-tissue.md",
        &deep_tissue_with("See [[whiplash#raideur-de-le\u{301}paule]]."),
    );
    site.assert_build_refused(
        "error: `conditions/whiplash` has no heading `#raideur-de-le\u{301}paule`
  --> content/techniques/deep-tissue.md:11:7
   |
11 | See [[whiplash#raideur-de-le\u{301}paule]].
   |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: did you mean `#raideur-de-l-épaule`?

error: 1 error in 1 file; nothing was written
",
    );
}

// ---- 4. folders: kinds, folders below them, themes ----------------------------------------

#[test]
fn folders_with_accents_below_a_kind_are_read_and_in_content_are_never_kinds() {
    let site = site();
    // Below a kind's folder, a folder's name is the writer's: only the file names a page.
    site.write(
        "content/conditions/E\u{301}paules/frozen-shoulder.md",
        &entry(
            "Frozen shoulder",
            "See [[whiplash]] and [the diagram](../../../static/diagram.svg).",
        ),
    );
    site.write(
        "content/conditions/whiplash.md",
        &whiplash_with("See [frozen shoulder](Épaules/frozen-shoulder.md)."),
    );
    assert_builds_quietly(&site);
    assert!(
        attrs(&site.read_out("conditions/whiplash/index.html"), "href")
            .contains(&"../../conditions/frozen-shoulder/index.html".to_string())
    );
    assert!(assert_every_url_reaches_a_file(&site.out()) > 50);

    // A kind's folder is plain ASCII (`a` to `z`, digits, `-`, `_`): a folder of content/
    // with accents, stored either way, is never a kind.
    std::fs::remove_dir_all(site.out()).unwrap();
    site.write(
        "content/E\u{301}tirements/neck-rolls.md",
        &entry("Neck rolls", "Roll slowly."),
    );
    site.assert_build_refused(
        "error: the folder `E\u{301}tirements` is not a kind of entry
 --> content/E\u{301}tirements:1:1
  |
help: content folders name kinds (conditions, techniques, benefits, safety, handouts, pages); declare a new kind in site.yaml under `kinds:`

error: 1 error in 1 file; nothing was written
",
    );
}

#[test]
fn a_theme_folder_stored_decomposed_is_the_theme_named_composed() {
    let site = site();
    // `theme: Clínica` typed on a keyboard; the folder copied from a Mac.
    let theme = "themes/Cli\u{301}nica";
    let home = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/home.html"),
    )
    .unwrap();
    site.write(
        &format!("{theme}/templates/home.html"),
        &home.replacen(
            "{% endblock content %}",
            "<!-- the Clínica theme -->{% endblock content %}",
            1,
        ),
    );
    site.write(&format!("{theme}/static/Logo de\u{301}tail.svg"), "<svg/>");
    let settings = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{settings}theme: Clínica\n"));
    assert_builds_quietly(&site);
    assert!(
        site.read_out("index.html")
            .contains("<!-- the Clínica theme -->")
    );
    assert!(stored_names(&site.out()).contains(&"Logo détail.svg".to_string()));

    // Two of the theme's files published as one: an error naming both.
    std::fs::remove_dir_all(site.out()).unwrap();
    site.write(&format!("{theme}/static/Logo détail.svg"), "<svg/>");
    site.assert_build_refused(
        "error: this file has the same name as themes/Cli\u{301}nica/static/Logo détail.svg, but with its accents stored as separate characters (as macOS writes them), so both would be published as `Logo détail.svg`
 --> themes/Cli\u{301}nica/static/Logo de\u{301}tail.svg:1:1
  |
help: keep one of the two files and delete the other, or rename one, so that every published path has one file

error: 1 error in 1 file; nothing was written
",
    );
}
