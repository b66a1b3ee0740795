//! Pictures (issue 16, part 1): beside their pages or in `static/`, checked like links,
//! published where their kind's pages are, with their sizes from their files, alt text
//! required, captions as figures, and files that are not what their names say refused.

use crate::support::{Site, TINY_PNG, TODAY};

const FIXTURE: &str = "images-site";

/// The warning for the fixture's picture that no page shows.
const UNUSED: &str = "warning: no page shows this picture, so it is not published
 --> content/conditions/unused-sketch.png:1:1
  |
help: show it on the page beside it with `![what it shows](unused-sketch.png)`, or move it out of content/ if it is not for the website

";

#[test]
fn pictures_beside_pages_and_in_static_are_published_with_their_sizes() {
    let site = Site::copy(FIXTURE);
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, UNUSED);
    // Each picture a page shows is published where its kind's pages are (a plain page's
    // at the root): an SVG as it is, a PNG or JPEG made again at its size, with a WebP
    // copy beside it (see tests/cli/pictures.rs); the one no page shows is not.
    for (source, published) in [
        ("content/pages/team.svg", "team.svg"),
        ("static/divider.svg", "divider.svg"),
    ] {
        let written = std::fs::read(site.out().join(published)).unwrap();
        assert_eq!(
            written,
            std::fs::read(site.path().join(source)).unwrap(),
            "{published}"
        );
    }
    for (published, size) in [
        ("conditions/sciatica-nerve.png", (48, 32)),
        ("conditions/sciatica-nerve-48.webp", (48, 32)),
        ("conditions/hands.jpg", (40, 30)),
        ("conditions/hands-40.webp", (40, 30)),
    ] {
        let picture = image::open(site.out().join(published)).unwrap();
        assert_eq!((picture.width(), picture.height()), size, "{published}");
    }
    assert!(!site.out().join("conditions/unused-sketch.png").exists());

    let page = site.read_out("conditions/sciatica/index.html");
    for written in [
        // Alone in its paragraph with a title: a figure, its title the caption. The first
        // picture of the page loads at once.
        "<figure><picture><source type=\"image/webp\" srcset=\"../../conditions/sciatica-nerve-48.webp\"><img src=\"../../conditions/sciatica-nerve.png\" alt=\"The lower back, with the sciatic nerve running down the leg\" width=\"48\" height=\"32\" /></picture><figcaption>Where the sciatic nerve runs</figcaption></figure>\n",
        // Decorative: empty alt; an SVG's size from its viewBox; lazy after the first.
        "<p>Rest is good. <img src=\"../../divider.svg\" alt=\"\" width=\"600\" height=\"8\" loading=\"lazy\" /> Walk a little each day.</p>",
        // A reference-style image; a JPEG's size from its header.
        "<p><picture><source type=\"image/webp\" srcset=\"../../conditions/hands-40.webp\"><img src=\"../../conditions/hands.jpg\" alt=\"A therapist&#39;s hands on the lower back\" width=\"40\" height=\"30\" loading=\"lazy\" /></picture></p>",
        // A link to a picture beside the page reaches it too.
        "<p>See <a href=\"../../conditions/sciatica-nerve.png\">the nerve on its own</a>.</p>",
    ] {
        assert!(page.contains(written), "{written}\nnot in\n{page}");
    }
    assert!(!page.contains(" title=\"Where"), "a caption, not a tooltip");
    // An SVG's own width and height come before its viewBox.
    let about = site.read_out("about/index.html");
    assert!(
        about.contains("<p><img src=\"../team.svg\" alt=\"Our three therapists in the front room of the clinic\" width=\"320\" height=\"200\" /></p>"),
        "{about}"
    );
}

#[test]
fn a_handout_loads_its_chapters_pictures_at_once_for_printing() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/handouts/back.md",
        "---\ntitle: Your back\nsummary: A leaflet.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\nentries: [sciatica]\n---\nRead this.\n",
    );
    site.build().assert_ok();
    let handout = site.read_out("handouts/back/index.html");
    assert!(
        handout.contains("<img src=\"../../divider.svg\" alt=\"\" width=\"600\" height=\"8\" />"),
        "{handout}"
    );
    assert!(!handout.contains("loading=\"lazy\""), "{handout}");
}

#[test]
fn images_without_a_useful_alt_text_are_warnings_at_their_place() {
    let site = Site::copy(FIXTURE);
    site.write_bytes(
        "content/conditions/IMG_2041.jpg",
        &std::fs::read(site.path().join("content/conditions/hands.jpg")).unwrap(),
    );
    site.write(
        "content/conditions/sciatica.md",
        "---\ntitle: Sciatica\nsummary: Pain that runs from the lower back down one leg.\ntechniques: [gentle-stroking]\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\nThe nerve: ![](sciatica-nerve.png)\n\n![IMG_2041.jpg](IMG_2041.jpg) and ![DSC_0001](hands.jpg)\n\n![Image of the lower back](sciatica-nerve.png \"The back\")\n\n![Decorative](../../static/divider.svg) ![unused-sketch][s]\n\n[s]: unused-sketch.png\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    assert_eq!(
        run.stderr,
        "warning: this image has no alt text: a screen reader can only say that a picture is here
 --> content/conditions/sciatica.md:8:12
  |
8 | The nerve: ![](sciatica-nerve.png)
  |            ^^^^^^^^^^^^^^^^^^^^^^^
  |
help: write it inside the brackets: say in a few words what the picture shows, as you would to a patient on the phone: `![The lower back, with the sciatic nerve running down the leg](sciatica.png)`; a picture that is only decoration is marked `![decorative](line.svg)`

warning: the alt text `IMG_2041.jpg` is a file name, which tells a screen-reader user nothing about the picture
  --> content/conditions/sciatica.md:10:3
   |
10 | ![IMG_2041.jpg](IMG_2041.jpg) and ![DSC_0001](hands.jpg)
   |   ^^^^^^^^^^^^
   |
help: describe the picture instead: say in a few words what the picture shows, as you would to a patient on the phone: `![The lower back, with the sciatic nerve running down the leg](sciatica.png)`; a picture that is only decoration is marked `![decorative](line.svg)`

warning: the alt text `DSC_0001` is a file name, which tells a screen-reader user nothing about the picture
  --> content/conditions/sciatica.md:10:37
   |
10 | ![IMG_2041.jpg](IMG_2041.jpg) and ![DSC_0001](hands.jpg)
   |                                     ^^^^^^^^
   |
help: describe the picture instead: say in a few words what the picture shows, as you would to a patient on the phone: `![The lower back, with the sciatic nerve running down the leg](sciatica.png)`; a picture that is only decoration is marked `![decorative](line.svg)`

warning: the alt text starts with \"Image of\", which a screen reader says already (it announces a picture)
  --> content/conditions/sciatica.md:12:3
   |
12 | ![Image of the lower back](sciatica-nerve.png \"The back\")
   |   ^^^^^^^^^^^^^^^^^^^^^^^
   |
help: leave out \"Image of\" and start with what it shows: say in a few words what the picture shows, as you would to a patient on the phone: `![The lower back, with the sciatic nerve running down the leg](sciatica.png)`; a picture that is only decoration is marked `![decorative](line.svg)`

warning: the alt text `unused-sketch` is a file name, which tells a screen-reader user nothing about the picture
  --> content/conditions/sciatica.md:14:43
   |
14 | ![Decorative](../../static/divider.svg) ![unused-sketch][s]
   |                                           ^^^^^^^^^^^^^
   |
help: describe the picture instead: say in a few words what the picture shows, as you would to a patient on the phone: `![The lower back, with the sciatic nerve running down the leg](sciatica.png)`; a picture that is only decoration is marked `![decorative](line.svg)`

"
    );
    // A clinic's CI fails on them.
    site.run(&["check", "--today", TODAY, "--strict"])
        .assert_code(1);
    let json = site.run(&["check", "--today", TODAY, "--format", "json"]);
    let codes = json.stdout.matches("\"code\": \"image-alt\"").count();
    assert_eq!(codes, 5, "{}", json.stdout);
}

#[test]
fn an_image_that_names_no_picture_is_an_error_with_the_nearest_name() {
    let site = Site::copy(FIXTURE);
    site.write("static/intake.pdf", "%PDF-1.4");
    site.write(
        "content/conditions/sciatica.md",
        "---\ntitle: Sciatica\nsummary: Pain that runs from the lower back down one leg.\ntechniques: [gentle-stroking]\n---\n![The nerve](sciatica-nerv.png) and ![The nerve](img/sciatica-nerv.png)\n\n![The divider](../../static/dividr.svg \"dividr.svg\")\n\n![The about page](../pages/about.md), ![The form](../../static/intake.pdf)\n\n![A photo](../../../photo.jpg) ![The top](#top) ![A map](data:image/png;base64,AAAA)\n\n![Hands][h]\n\n[h]: hand.jpg\n",
    );
    site.assert_build_refused(
        "error: there is no picture content/conditions/sciatica-nerv.png
 --> content/conditions/sciatica.md:6:14
  |
6 | ![The nerve](sciatica-nerv.png) and ![The nerve](img/sciatica-nerv.png)
  |              ^^^^^^^^^^^^^^^^^
  |
help: did you mean `sciatica-nerve.png`?

error: there is no picture content/conditions/img/sciatica-nerv.png
 --> content/conditions/sciatica.md:6:50
  |
6 | ![The nerve](sciatica-nerv.png) and ![The nerve](img/sciatica-nerv.png)
  |                                                  ^^^^^^^^^^^^^^^^^^^^^
  |
help: put the picture in content/conditions/img/, or fix its name

error: there is no picture static/dividr.svg
 --> content/conditions/sciatica.md:8:16
  |
8 | ![The divider](../../static/dividr.svg \"dividr.svg\")
  |                ^^^^^^^^^^^^^^^^^^^^^^^
  |
help: did you mean `../../static/divider.svg`?

error: `../pages/about.md` is a page, so an image cannot show it
  --> content/conditions/sciatica.md:10:19
   |
10 | ![The about page](../pages/about.md), ![The form](../../static/intake.pdf)
   |                   ^^^^^^^^^^^^^^^^^
   |
help: pictures are PNG, JPEG, GIF, WebP, AVIF or SVG files, beside the page (`![…](spine.png)`) or in static/ (`![…](../../static/spine.png)`); to link to a page or a document, write `[text](../pages/about.md)` without the `!`

error: `../../static/intake.pdf` is not a picture, so an image cannot show it
  --> content/conditions/sciatica.md:10:51
   |
10 | ![The about page](../pages/about.md), ![The form](../../static/intake.pdf)
   |                                                   ^^^^^^^^^^^^^^^^^^^^^^^
   |
help: pictures are PNG, JPEG, GIF, WebP, AVIF or SVG files, beside the page (`![…](spine.png)`) or in static/ (`![…](../../static/spine.png)`); to link to a page or a document, write `[text](../../static/intake.pdf)` without the `!`

error: this link points outside the site folder
  --> content/conditions/sciatica.md:12:12
   |
12 | ![A photo](../../../photo.jpg) ![The top](#top) ![A map](data:image/png;base64,AAAA)
   |            ^^^^^^^^^^^^^^^^^^
   |
help: link only to entries and to files in static/; copy the file into the site if it belongs to it

error: an image shows a picture file, not a place on a page (`#top`)
  --> content/conditions/sciatica.md:12:43
   |
12 | ![A photo](../../../photo.jpg) ![The top](#top) ![A map](data:image/png;base64,AAAA)
   |                                           ^^^^
   |
help: pictures are PNG, JPEG, GIF, WebP, AVIF or SVG files, beside the page (`![…](spine.png)`) or in static/ (`![…](../../static/spine.png)`)

error: `data:` links are not allowed as an image's picture
  --> content/conditions/sciatica.md:12:58
   |
12 | ![A photo](../../../photo.jpg) ![The top](#top) ![A map](data:image/png;base64,AAAA)
   |                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: pictures are PNG, JPEG, GIF, WebP, AVIF or SVG files, beside the page (`![…](spine.png)`) or in static/ (`![…](../../static/spine.png)`)

error: there is no picture content/conditions/hand.jpg
  --> content/conditions/sciatica.md:16:6
   |
16 | [h]: hand.jpg
   |      ^^^^^^^^
   |
help: did you mean `hands.jpg`?

error: 9 errors in 1 file; nothing was written
",
    );
}

#[test]
fn a_picture_that_is_not_what_its_name_says_is_an_error_naming_it() {
    let site = Site::copy(FIXTURE);
    // Text saved as a PNG, a PNG named as a JPEG, an SVG that is not XML, a cut-off PNG.
    site.write(
        "content/conditions/notes.png",
        "Remember to buy more towels.",
    );
    site.write_bytes("content/conditions/really-a-png.jpg", TINY_PNG);
    site.write(
        "static/broken.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n</svg>\n",
    );
    site.write_bytes("static/cut.png", &TINY_PNG[..20]);
    // Not shown by any page: only the warning that it is not published.
    site.write("static/unused.png", "not a picture either");
    site.replace(
        "content/conditions/sciatica.md",
        "Rest is good.",
        "![Notes](notes.png) ![A stretch](really-a-png.jpg) ![A map](../../static/broken.svg) ![A chart](../../static/cut.png)\n\nRest is good.",
    );
    site.assert_build_refused(
        "error: content/conditions/notes.png is named as a PNG picture, but its contents are not a picture
 --> content/conditions/notes.png:1:1
  |
help: save the picture again as a PNG picture from a drawing or photo program; a file renamed to `.png` does not become one

error: content/conditions/really-a-png.jpg is named as a JPEG photo, but its contents are a PNG picture
 --> content/conditions/really-a-png.jpg:1:1
  |
help: rename it to end in `.png` (and change the pages that show it), or save it again as a JPEG photo

error: static/broken.svg is named as an SVG drawing, but it is not well-formed XML (expected 'g' tag, not 'svg')
 --> static/broken.svg:3:1
  |
3 | </svg>
  | ^
  |
help: save it again as SVG from a drawing program (an SVG file is XML text that starts with `<svg`)

error: static/cut.png is damaged or cut short: its size cannot be read
 --> static/cut.png:1:1
  |
help: copy the picture again from where it came from, or save it again from a photo program

error: 4 errors in 4 files; nothing was written
",
    );
}

#[test]
fn two_pictures_published_at_one_path_are_an_error_naming_both() {
    let site = Site::copy(FIXTURE);
    // A plain page's pictures are published at the root, where static/'s are.
    site.write(
        "content/pages/Divider.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.assert_build_refused(
        "error: this picture and static/divider.svg would both be published as `Divider.svg`
 --> content/pages/Divider.svg:1:1
  |
help: rename one of the two files (or move it to another folder), so that every published path has one file

error: 1 error in 1 file; nothing was written
",
    );
}

#[test]
fn a_picture_only_a_draft_shows_is_neither_published_nor_reported() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/conditions/lumbago.md",
        "---\ntitle: Lumbago\nsummary: A sore lower back.\ndraft: true\n---\n![A sketch of the lower back](unused-sketch.png)\n",
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    assert!(!site.out().join("conditions/unused-sketch.png").exists());
    // Published with --drafts, and shown.
    let run = site.run(&["build", "--today", TODAY, "--drafts"]);
    run.assert_ok();
    assert!(site.out().join("conditions/unused-sketch.png").exists());
}

#[test]
fn serve_publishes_a_picture_once_a_page_shows_it_and_an_edited_one_after_a_reload() {
    use crate::serve::{get, serve};
    let site = Site::copy(FIXTURE);
    let svg =
        |w: u32| format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} 10\"/>");
    site.write("content/conditions/curve.svg", &svg(100));
    let server = serve(&site);
    assert_eq!(
        get(server.port, "/conditions/curve.svg").0,
        404,
        "no page shows it"
    );
    site.replace(
        "content/conditions/sciatica.md",
        "Rest is good.",
        "![The curve of the lower back](curve.svg)\n\nRest is good.",
    );
    server.next_line("Rebuilt");
    let (status, _, body) = get(server.port, "/conditions/curve.svg");
    assert_eq!((status, body), (200, svg(100)));
    let (_, _, page) = get(server.port, "/conditions/sciatica/");
    assert!(
        page.contains("alt=\"The curve of the lower back\" width=\"100\" height=\"10\""),
        "{page}"
    );
    // The picture edited: its new size on the page, its new text served.
    site.write("content/conditions/curve.svg", &svg(200));
    server.next_line("Built");
    let (_, _, page) = get(server.port, "/conditions/sciatica/");
    assert!(
        page.contains("alt=\"The curve of the lower back\" width=\"200\" height=\"10\""),
        "{page}"
    );
    assert_eq!(get(server.port, "/conditions/curve.svg").2, svg(200));
}

#[test]
fn printed_pictures_are_limited_in_height_and_kept_with_their_captions() {
    let site = Site::copy(FIXTURE);
    site.build().assert_ok();
    let css = site.read_out("style.css");
    let print = &css[css.find("@media print {").unwrap()..];
    for rule in [
        "main img { max-height: 90mm; width: auto; max-width: 100%; object-fit: contain; }",
        "figcaption { margin-top: 1.5mm; font-size: 9.5pt; color: #333; break-before: avoid; }",
    ] {
        assert!(print.contains(rule), "{rule} not in the print styles");
    }
    let keep_whole = print
        .lines()
        .find(|l| l.contains("break-inside: avoid"))
        .unwrap();
    assert!(keep_whole.contains(" figure,"), "{keep_whole}");
}

#[test]
fn a_plain_page_in_a_folder_shows_the_picture_beside_it() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/pages/fees/massage.md",
        "---\ntitle: Massage prices\nfooter: true\n---\n![A table of prices: 30 minutes for £35, an hour for £60](price-chart.svg)\n",
    );
    site.write(
        "content/pages/fees/price-chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 120\"/>",
    );
    site.build().assert_ok();
    // Published where the page's folder is published: fees/ at the root.
    assert!(site.out().join("fees/price-chart.svg").exists());
    let page = site.read_out("fees/massage/index.html");
    assert!(
        page.contains("<img src=\"../../fees/price-chart.svg\" alt=\"A table of prices: 30 minutes for £35, an hour for £60\" width=\"300\" height=\"120\" />"),
        "{page}"
    );
}
