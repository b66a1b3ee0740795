//! Pictures (issue 16, part 2): raster pictures published in their widths, in WebP and
//! their own format, turned upright by their EXIF orientation, without metadata, the same
//! bytes every build, cached between builds; hostile pictures refused; heavy ones warned
//! of. The fixture's pictures are made by `examples/make_pictures.rs`.

use std::path::Path;

use crate::support::{Site, TODAY, fixtures, run_in};

const FIXTURE: &str = "pictures-site";

/// The width and height of the picture at `path`, decoded (not read from its header),
/// and whether its file has EXIF metadata.
fn decoded(path: &Path) -> (u32, u32, bool) {
    use image::ImageDecoder;
    let reader = image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap();
    let mut decoder = reader.into_decoder().unwrap();
    let exif = decoder.exif_metadata().unwrap().is_some();
    let picture = image::DynamicImage::from_decoder(decoder).unwrap();
    (picture.width(), picture.height(), exif)
}

/// Every file of the output below `conditions/` that is not a page, with its bytes.
fn pictures_of(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.join("conditions"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .filter(|(n, _)| !n.ends_with(".html"))
        .collect();
    files.sort();
    files
}

/// `carebook build` with `CAREBOOK_TIMINGS=1`: its stderr says how many copies of
/// pictures were encoded.
fn timed_build(site: &Site) -> String {
    let output = crate::support::carebook(site.path(), &["build", "--today", TODAY])
        .env("CAREBOOK_TIMINGS", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find(|l| l.starts_with("timing: pictures:"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn raster_pictures_are_published_in_their_widths_upright_and_without_metadata() {
    let site = Site::copy(FIXTURE);
    let run = site.build();
    run.assert_ok();
    assert_eq!(run.stderr, "");
    // The photo is stored 1200 × 800 on its side with EXIF orientation 6 and GPS
    // coordinates: published upright, 800 wide and 1200 high, in 480 and 800 px.
    let expected = [
        ("front-room-480.webp", (480, 274)),
        ("front-room.webp", (700, 400)),
        ("sciatica-nerve-1000.webp", (1000, 600)),
        ("sciatica-nerve-480.png", (480, 288)),
        ("sciatica-nerve-480.webp", (480, 288)),
        ("sciatica-nerve-960.png", (960, 576)),
        ("sciatica-nerve-960.webp", (960, 576)),
        ("sciatica-nerve.png", (1000, 600)),
        ("stretch-480.jpg", (480, 720)),
        ("stretch-480.webp", (480, 720)),
        ("stretch-800.webp", (800, 1200)),
        ("stretch.jpg", (800, 1200)),
    ];
    let published = pictures_of(&site.out());
    let names: Vec<&str> = published.iter().map(|(n, _)| n.as_str()).collect();
    let expected_names: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected_names);
    for (name, size) in expected {
        let path = site.out().join("conditions").join(name);
        let (w, h, exif) = decoded(&path);
        assert_eq!((w, h), size, "{name}");
        assert!(!exif, "{name} has EXIF metadata");
        let bytes = std::fs::read(&path).unwrap();
        for leak in [&b"Exif"[..], b"GPS", b"XMP", b"iCCP", b"tEXt"] {
            assert!(
                !bytes.windows(leak.len()).any(|w| w == leak),
                "{name} holds {}",
                String::from_utf8_lossy(leak)
            );
        }
    }
    // Turned, not only measured: the red quarter the camera stored on the left is at the
    // top of the picture published.
    let upright = image::open(site.out().join("conditions/stretch.jpg"))
        .unwrap()
        .to_rgb8();
    let top = upright.get_pixel(400, 50);
    let bottom = upright.get_pixel(400, 1150);
    assert!(top[0] > 180 && top[2] < 100, "{top:?}");
    assert!(bottom[2] > 150, "{bottom:?}");
    // The source's GPS coordinates are in the fixture (so the test can fail).
    let source = std::fs::read(site.path().join("content/conditions/stretch.jpg")).unwrap();
    assert!(source.windows(4).any(|w| w == b"Exif"));

    let page = site.read_out("conditions/sciatica/index.html");
    for written in [
        "<figure><picture><source type=\"image/webp\" srcset=\"../../conditions/sciatica-nerve-480.webp 480w, ../../conditions/sciatica-nerve-960.webp 960w, ../../conditions/sciatica-nerve-1000.webp 1000w\" sizes=\"(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)\"><img src=\"../../conditions/sciatica-nerve.png\" srcset=\"../../conditions/sciatica-nerve-480.png 480w, ../../conditions/sciatica-nerve-960.png 960w, ../../conditions/sciatica-nerve.png 1000w\" sizes=\"(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)\" alt=\"The lower back, with the sciatic nerve running down the leg\" width=\"1000\" height=\"600\" /></picture><figcaption>Where the sciatic nerve runs</figcaption></figure>",
        // Its size as shown (upright), not as stored.
        "<p><picture><source type=\"image/webp\" srcset=\"../../conditions/stretch-480.webp 480w, ../../conditions/stretch-800.webp 800w\" sizes=\"(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)\"><img src=\"../../conditions/stretch.jpg\" srcset=\"../../conditions/stretch-480.jpg 480w, ../../conditions/stretch.jpg 800w\" sizes=\"(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)\" alt=\"A patient lying on their back, one knee pulled gently to the chest\" width=\"800\" height=\"1200\" loading=\"lazy\" /></picture></p>",
        // A WebP's own copies are its WebP ones: one `<img>`.
        "<p><img src=\"../../conditions/front-room.webp\" srcset=\"../../conditions/front-room-480.webp 480w, ../../conditions/front-room.webp 700w\" sizes=\"(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)\" alt=\"Our front room, with two treatment tables\" width=\"700\" height=\"400\" loading=\"lazy\" /></p>",
        // An SVG is copied, with its size.
        "<img src=\"../../divider.svg\" alt=\"\" width=\"600\" height=\"8\" loading=\"lazy\" />",
    ] {
        assert!(page.contains(written), "{written}\nnot in\n{page}");
    }
    assert_eq!(
        std::fs::read(site.out().join("divider.svg")).unwrap(),
        std::fs::read(site.path().join("static/divider.svg")).unwrap()
    );
}

#[test]
fn a_second_build_gives_the_same_bytes_and_encodes_nothing() {
    let site = Site::copy(FIXTURE);
    assert_eq!(
        timed_build(&site),
        "timing: pictures: 12 copies encoded, 0 from the cache"
    );
    let first = pictures_of(&site.out());
    assert_eq!(
        timed_build(&site),
        "timing: pictures: 0 copies encoded, 12 from the cache"
    );
    assert_eq!(pictures_of(&site.out()), first);
    // Without the cache, encoding again gives the same bytes.
    std::fs::remove_dir_all(site.path().join(".carebook")).unwrap();
    assert_eq!(
        timed_build(&site),
        "timing: pictures: 12 copies encoded, 0 from the cache"
    );
    assert_eq!(pictures_of(&site.out()), first);
    // A picture changed is encoded again, alone; the cache keeps only what is used, and
    // never a file of its folder that carebook did not make.
    let cache = site.path().join(".carebook/cache/pictures");
    std::fs::write(cache.join("notes.txt"), "mine").unwrap();
    let photo = site.path().join("content/conditions/front-room.webp");
    let other =
        std::fs::read(fixtures().join("pictures-site/content/conditions/sciatica-nerve.png"))
            .unwrap();
    let room = image::load_from_memory(&other)
        .unwrap()
        .crop_imm(0, 0, 600, 400);
    room.save_with_format(&photo, image::ImageFormat::WebP)
        .unwrap();
    assert_eq!(
        timed_build(&site),
        "timing: pictures: 2 copies encoded, 10 from the cache"
    );
    let kept = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(kept, 12 + 1, "12 copies and the notes");
    assert_eq!(
        std::fs::read_to_string(cache.join("notes.txt")).unwrap(),
        "mine"
    );
}

/// `NAME` of the hostile fixture, shown on the page.
fn with_hostile(name: &str) -> Site {
    let site = Site::copy(FIXTURE);
    site.write_bytes(
        &format!("content/conditions/{name}"),
        &std::fs::read(fixtures().join("pictures-hostile").join(name)).unwrap(),
    );
    site.write(
        "content/conditions/sciatica.md",
        &format!(
            "{}\n![A stretch for the lower back]({name})\n",
            site.read("content/conditions/sciatica.md")
        ),
    );
    site
}

#[test]
fn hostile_pictures_are_errors_naming_the_file() {
    for (name, expected) in [
        (
            "bomb.png",
            "error: content/conditions/bomb.png says it is 100,000 × 100,000 pixels, more than carebook opens (at most 20,000 pixels a side and 50 megapixels in all): it may be damaged or made to exhaust the computer's memory
 --> content/conditions/bomb.png:1:1
  |
help: save the picture again at a sensible size (about 1,600 pixels wide is plenty for a web page), or remove it if you do not know where it came from

error: 1 error in 1 file; nothing was written
",
        ),
        (
            "cut-short.jpg",
            "error: content/conditions/cut-short.jpg is cut short: the file ends before its picture does, so it cannot be published
 --> content/conditions/cut-short.jpg:1:1
  |
help: copy the picture again from where it came from (the camera, the phone, the person who sent it), or open it in a photo program and save it again

error: 1 error in 1 file; nothing was written
",
        ),
        (
            "not-a-picture.png",
            "error: content/conditions/not-a-picture.png is named as a PNG picture, but its contents are not a picture
 --> content/conditions/not-a-picture.png:1:1
  |
help: save the picture again as a PNG picture from a drawing or photo program; a file renamed to `.png` does not become one

error: 1 error in 1 file; nothing was written
",
        ),
    ] {
        let site = with_hostile(name);
        let run = site.build();
        run.assert_code(1);
        assert_eq!(run.stderr, expected, "{name}");
        assert!(!site.out().exists(), "{name}: no half-written site");
        // `check` finds the same.
        let check = site.run(&["check", "--today", TODAY]);
        check.assert_code(1);
        let first = expected.split("\n\n").next().unwrap();
        assert!(check.stderr.starts_with(first), "{name}: {}", check.stderr);
    }
}

#[test]
fn a_heavy_picture_is_a_warning_at_each_image_with_its_weight_once_resized() {
    let site = Site::copy(FIXTURE);
    // 4,200 pixels wide: a tiny file, but wider than a page ever needs.
    let wide = image::RgbImage::from_fn(4200, 60, |x, _| image::Rgb([(x % 256) as u8, 90, 160]));
    wide.save(site.path().join("content/conditions/panorama.png"))
        .unwrap();
    site.write(
        "content/conditions/sciatica.md",
        &format!(
            "{}\nThe clinic's street: ![The street outside the clinic](panorama.png)\n",
            site.read("content/conditions/sciatica.md")
        ),
    );
    let run = site.run(&["check", "--today", TODAY]);
    run.assert_ok();
    let png = decoded_len(&site, "conditions/panorama.png");
    let webp = decoded_len(&site, "conditions/panorama-1600.webp");
    assert_eq!(
        run.stderr,
        format!(
            "warning: content/conditions/panorama.png weighs {} and is 4,200 × 60 pixels; carebook publishes it at most 1,600 pixels wide, where it weighs {} as PNG, {} as WebP
  --> content/conditions/sciatica.md:18:22
   |
18 | The clinic's street: ![The street outside the clinic](panorama.png)
   |                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
help: save a copy about 1,600 pixels wide in its place: the site's folder stays small, and every build and backup is quicker

",
            kb(std::fs::metadata(site.path().join("content/conditions/panorama.png")).unwrap().len()),
            kb(png),
            kb(webp)
        )
    );
    let json = site.run(&["check", "--today", TODAY, "--format", "json"]);
    assert!(
        json.stdout.contains("\"code\": \"image-heavy\""),
        "{}",
        json.stdout
    );
}

/// The size in bytes of the file the build publishes at `path`.
fn decoded_len(site: &Site, path: &str) -> u64 {
    site.build().assert_ok();
    std::fs::metadata(site.out().join(path)).unwrap().len()
}

/// `bytes` as carebook writes a small weight.
fn kb(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1000))
}

#[test]
fn the_cache_stays_out_of_a_new_sites_git() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "clinic"]).assert_ok();
    let ignore = std::fs::read_to_string(dir.path().join("clinic/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/.carebook/"), "{ignore}");
}

#[test]
fn serve_shows_an_edited_picture_and_finds_an_added_one() {
    let site = Site::copy(FIXTURE);
    // A build first, so that serve starts from the cache and within the tests' wait.
    site.build().assert_ok();
    let server = crate::serve::serve(&site);
    let page = || crate::serve::get(server.port, "/conditions/sciatica/").2;
    assert!(page().contains("front-room.webp 700w"), "{}", page());
    // The picture replaced by a wider one: its new widths, and its copies served.
    let wider = image::RgbImage::from_fn(900, 300, |x, _| image::Rgb([(x % 256) as u8, 80, 40]));
    wider
        .save_with_format(
            site.path().join("content/conditions/front-room.webp"),
            image::ImageFormat::WebP,
        )
        .unwrap();
    let wide = "front-room-480.webp 480w, ../../conditions/front-room.webp 900w\" sizes";
    crate::support::wait_until("the wider picture", || page().contains(wide));
    let now = page();
    assert!(
        now.contains("front-room-480.webp 480w, ../../conditions/front-room.webp 900w\" sizes=\"(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)\" alt=\"Our front room, with two treatment tables\" width=\"900\" height=\"300\""),
        "{now}"
    );
    assert_eq!(
        crate::serve::get(server.port, "/conditions/front-room-480.webp").0,
        200
    );
    // A picture added, and shown: found and served with its copies.
    let door = image::RgbImage::from_fn(600, 400, |_, y| image::Rgb([90, (y % 256) as u8, 90]));
    door.save(site.path().join("content/conditions/door.png"))
        .unwrap();
    server.next_line("Built");
    site.write(
        "content/conditions/sciatica.md",
        &format!(
            "{}\n![The clinic's green front door](door.png)\n",
            site.read("content/conditions/sciatica.md")
        ),
    );
    crate::support::wait_until("the added picture", || {
        page().contains("door-480.webp 480w")
    });
    for path in [
        "/conditions/door.png",
        "/conditions/door-480.png",
        "/conditions/door-600.webp",
    ] {
        assert_eq!(crate::serve::get(server.port, path).0, 200, "{path}");
    }
}

#[test]
fn two_pictures_whose_copies_would_share_a_name_are_an_error_naming_both() {
    let site = Site::copy("pictures-site");
    // `sciatica-nerve.png` and `sciatica-nerve.jpg` would both make
    // `sciatica-nerve-480.webp`: neither may silently replace the other.
    std::fs::copy(
        site.path().join("content/conditions/stretch.jpg"),
        site.path().join("content/conditions/sciatica-nerve.jpg"),
    )
    .unwrap();
    site.replace(
        "content/conditions/sciatica.md",
        "The sciatic nerve runs",
        "![The sciatic nerve, photographed](sciatica-nerve.jpg)\n\nThe sciatic nerve runs",
    );
    site.assert_build_refused(
        "error: this picture and content/conditions/sciatica-nerve.jpg would both be published with a copy at `conditions/sciatica-nerve-480.webp`
 --> content/conditions/sciatica-nerve.png:1:1
  |
help: carebook publishes each picture in several widths, named after it (`NAME-480.webp`): give the two pictures names that differ by more than their ending

error: 1 error in 1 file; nothing was written
",
    );
    // A file in static/ where carebook writes a copy is an error too.
    let site = Site::copy("pictures-site");
    std::fs::create_dir_all(site.path().join("static/conditions")).unwrap();
    std::fs::copy(
        site.path().join("content/conditions/front-room.webp"),
        site.path().join("static/conditions/stretch-480.webp"),
    )
    .unwrap();
    let stderr = site.refused_build();
    assert!(
        stderr.contains("static/conditions/stretch-480.webp")
            && stderr.contains("a 480 px copy of content/conditions/stretch.jpg"),
        "{stderr}"
    );
}
