//! The pictures pages can show: where each is stored, where it is published, and the size
//! its file says it has.
//!
//! Guarantees: [`Images`] holds every picture of the site's `static/` folder and every
//! picture beside the pages in a kind's folder ([`is_image`]: PNG, JPEG, GIF, WebP, AVIF,
//! SVG), each once, by the composed (NFC) path it is published at below the site root
//! ([`published_path`]: a picture beside a page is published where its kind's pages are,
//! `content/conditions/spine.png` at `conditions/spine.png`; one beside a plain page at
//! the root; one of `static/` at its path below `static/`). Each is [`measure`]d from its
//! file's header alone — nothing is decoded: a PNG, JPEG, GIF, WebP or AVIF by the
//! `imagesize` crate, an SVG by its `width` and `height` or `viewBox`, read by a real XML
//! parser (`roxmltree`, with DTDs refused) — and a file whose contents are not the picture
//! its name says is kept with the [`ImageProblem`], for the resolve stage to report when
//! a page shows it. A PNG, JPEG or WebP is measured as it is shown: turned as its EXIF
//! orientation says (a photo taken with the phone on its side is as tall as it is shown),
//! and one that claims more than [`MAX_SIDE`] pixels a side or [`MAX_PIXELS`] in all (a
//! "decompression bomb") is refused from its header, before anything is decoded. Reads
//! only the headers of the files. Needs: the walk (its lists of the files beside pages
//! and of `static/`).
//!
//! The later stages that need more of a picture (its published widths, say) start from
//! [`Image`]: its file, its format and its size.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Span, thousands};
use crate::markdown::ImageSize;

/// The endings of pictures a page may show, compared ignoring case.
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// Is `name` a picture a page may show ([`IMAGE_EXTENSIONS`])?
pub fn is_image(name: &str) -> bool {
    ImageFormat::of_name(name).is_some()
}

/// A picture's format, as its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Avif,
    Svg,
}

impl ImageFormat {
    /// The format a file name's ending names, in any case (`x.JPG`).
    pub fn of_name(name: &str) -> Option<ImageFormat> {
        let ending = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        Some(match ending.as_str() {
            "png" => ImageFormat::Png,
            "jpg" | "jpeg" => ImageFormat::Jpeg,
            "gif" => ImageFormat::Gif,
            "webp" => ImageFormat::Webp,
            "avif" => ImageFormat::Avif,
            "svg" => ImageFormat::Svg,
            _ => return None,
        })
    }

    /// Its name in a sentence: "a PNG picture".
    pub fn described(self) -> &'static str {
        match self {
            ImageFormat::Png => "a PNG picture",
            ImageFormat::Jpeg => "a JPEG photo",
            ImageFormat::Gif => "a GIF picture",
            ImageFormat::Webp => "a WebP picture",
            ImageFormat::Avif => "an AVIF picture",
            ImageFormat::Svg => "an SVG drawing",
        }
    }

    /// The ending a file of this format is given.
    fn ending(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Avif => "avif",
            ImageFormat::Svg => "svg",
        }
    }

    /// The format of a raster header as `imagesize` recognised it.
    fn of_type(found: imagesize::ImageType) -> Option<ImageFormat> {
        Some(match found {
            imagesize::ImageType::Png => ImageFormat::Png,
            imagesize::ImageType::Jpeg => ImageFormat::Jpeg,
            imagesize::ImageType::Gif => ImageFormat::Gif,
            imagesize::ImageType::Webp => ImageFormat::Webp,
            imagesize::ImageType::Heif(imagesize::Compression::Av1) => ImageFormat::Avif,
            _ => return None,
        })
    }
}

/// Why a picture's size could not be read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// The contents are of another picture format than the name says.
    OtherFormat(ImageFormat),
    /// The contents are no picture carebook knows (text, a document, another format).
    NotAPicture,
    /// The header is there but cut short or damaged.
    Damaged,
    /// An SVG that is not well-formed XML, or whose top element is not `<svg>`: the
    /// parser's words, with the line and column it stopped at.
    NotSvg(String, Option<Span>),
    /// The file could not be read.
    Unreadable(String),
    /// The header claims more pixels than carebook decodes ([`MAX_SIDE`], [`MAX_PIXELS`]).
    TooLarge(ImageSize),
}

/// A raster picture may be this many pixels wide or high at most to be published.
pub const MAX_SIDE: u32 = 20_000;
/// A raster picture may have this many pixels at most (50 megapixels) to be published.
pub const MAX_PIXELS: u64 = 50_000_000;

/// One picture of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The file as the user sees it, below the site root: `content/conditions/spine.png`,
    /// `static/diagram.svg` (as stored on disk).
    pub path: PathBuf,
    pub format: ImageFormat,
    /// Whether it sits beside pages (in a kind's folder) rather than in `static/`: only
    /// those a page shows are published (see [`crate::graph::Site::page_images`]).
    pub beside_pages: bool,
    /// Its width and height in pixels as its file gives them (`None`: an SVG that gives
    /// none), or why they could not be read.
    pub size: Result<Option<ImageSize>, ImageProblem>,
    /// How many bytes its file has (0 when it cannot be read).
    pub bytes: u64,
}

impl Image {
    /// Is it published in several widths ([`crate::picture::published_widths`]): a PNG,
    /// JPEG or WebP whose size is known? GIF, AVIF and SVG pictures are copied as they are.
    pub fn resized(&self) -> bool {
        matches!(
            self.format,
            ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Webp
        ) && matches!(self.size, Ok(Some(_)))
    }
}

/// Every picture of the site by the path it is published at (see the module doc), and
/// the pictures beside pages by their path below the site root as a link names them
/// (`content/conditions/spine.png`, composed).
#[derive(Debug, Clone, Default)]
pub struct Images {
    pub by_published: BTreeMap<String, Image>,
    pub beside_pages: HashMap<String, String>,
}

impl Images {
    pub fn get(&self, published: &str) -> Option<&Image> {
        self.by_published.get(published)
    }
}

/// Where a picture beside the pages of a kind is published: below `kind_out` (the kind's
/// folder in the site, or nothing for plain pages, which are published at the root), at
/// the path it has below the kind's folder in `content/` (`below`, `/`-separated),
/// composed (NFC).
pub fn published_path(kind_out: Option<&str>, below: &str) -> String {
    let below = crate::names::nfc(below);
    match kind_out {
        Some(folder) => format!("{folder}/{below}"),
        None => below.into_owned(),
    }
}

/// A picture found beside pages by the walk: its path as the user sees it
/// (`content/conditions/spine.png`), the path it is published at, and where it is on
/// disk.
#[derive(Debug, Clone)]
pub struct Beside {
    pub display: PathBuf,
    pub published: String,
    pub disk: PathBuf,
}

/// The site's pictures: those of `static/` (`static_files`, below `static_dir`) and those
/// `beside` pages, each measured (in parallel). Two pictures published at the same path
/// (compared ignoring case, as Windows and macOS do), or a picture beside pages at the
/// path of a file of `static/`, are an error at the later one naming both; the first is
/// kept.
pub fn collect(
    static_dir: &Path,
    static_files: &super::walk::StaticFiles,
    beside: Vec<Beside>,
) -> (Images, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut found: Vec<(String, PathBuf, PathBuf, bool)> = Vec::new();
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for (published, stored) in static_files {
        let shown = Path::new("static").join(stored);
        taken.insert(published.to_lowercase(), shown.clone());
        if is_image(published) {
            found.push((published.clone(), shown, static_dir.join(stored), false));
        }
    }
    let mut beside_pages = HashMap::new();
    for b in beside {
        match taken.get(&b.published.to_lowercase()) {
            Some(other) => diagnostics.push(
                Diagnostic::error(
                    Span::file(&b.display),
                    format!(
                        "this picture and {} would both be published as `{}`",
                        other.display(),
                        b.published
                    ),
                )
                .with_help(
                    "rename one of the two files (or move it to another folder), so that every published path has one file",
                ),
            ),
            None => {
                taken.insert(b.published.to_lowercase(), b.display.clone());
                let key = crate::names::nfc(&slashed(&b.display)).into_owned();
                beside_pages.insert(key, b.published.clone());
                found.push((b.published, b.display, b.disk, true));
            }
        }
    }
    let by_published = found
        .into_par_iter()
        .filter_map(|(published, path, disk, beside_pages)| {
            let format = ImageFormat::of_name(&published)?;
            let size = measure(&disk, &path, format);
            let bytes = std::fs::metadata(&disk).map_or(0, |m| m.len());
            Some((
                published,
                Image {
                    path,
                    format,
                    beside_pages,
                    size,
                    bytes,
                },
            ))
        })
        .collect();
    (
        Images {
            by_published,
            beside_pages,
        },
        diagnostics,
    )
}

/// `path` with `/` between its parts, as links write it.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// An SVG may be this large at most to be read for its size: its `<svg>` element comes
/// first, and a drawing is rarely more than a few hundred kilobytes.
const MAX_SVG_BYTES: u64 = 10 * 1024 * 1024;

/// The width and height of the picture at `disk` (shown as `shown`), which its name says
/// is of `format`, from its header (raster formats) or its `<svg>` element.
pub fn measure(
    disk: &Path,
    shown: &Path,
    format: ImageFormat,
) -> Result<Option<ImageSize>, ImageProblem> {
    let unreadable = |e: std::io::Error| ImageProblem::Unreadable(e.to_string());
    if format == ImageFormat::Svg {
        let mut text = String::new();
        let file = std::fs::File::open(disk).map_err(unreadable)?;
        if file
            .take(MAX_SVG_BYTES + 1)
            .read_to_string(&mut text)
            .is_err()
        {
            return Err(ImageProblem::NotSvg(
                "it is not text (UTF-8)".to_string(),
                None,
            ));
        }
        if text.len() as u64 > MAX_SVG_BYTES {
            return Err(ImageProblem::NotSvg(
                "it is larger than 10 MB".to_string(),
                None,
            ));
        }
        return svg_size(&text, shown);
    }
    let file = std::fs::File::open(disk).map_err(unreadable)?;
    let mut reader = std::io::BufReader::new(file);
    let found = imagesize::reader_type(&mut reader).map_err(|_| ImageProblem::NotAPicture)?;
    match ImageFormat::of_type(found) {
        Some(f) if f == format => {}
        Some(other) => return Err(ImageProblem::OtherFormat(other)),
        None => return Err(ImageProblem::NotAPicture),
    }
    use std::io::Seek;
    reader
        .seek(std::io::SeekFrom::Start(0))
        .map_err(unreadable)?;
    let size = imagesize::reader_size(reader).map_err(|_| ImageProblem::Damaged)?;
    let side = |n: usize| u32::try_from(n).ok().filter(|&n| n > 0);
    let (Some(width), Some(height)) = (side(size.width), side(size.height)) else {
        return Err(ImageProblem::Damaged);
    };
    let size = ImageSize { width, height };
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Webp
    ) {
        return Ok(Some(size));
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageProblem::TooLarge(size));
    }
    Ok(Some(if turned(disk, format)? {
        ImageSize {
            width: height,
            height: width,
        }
    } else {
        size
    }))
}

/// Does the EXIF orientation of the picture at `disk` turn it a quarter (so that it is
/// shown as tall as its header says it is wide)? Read from its metadata, not its pixels;
/// `false` when there is none, or the metadata cannot be read.
fn turned(disk: &Path, format: ImageFormat) -> Result<bool, ImageProblem> {
    use image::ImageDecoder;
    use image::metadata::Orientation;
    let format = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        _ => image::ImageFormat::WebP,
    };
    let file = std::fs::File::open(disk).map_err(|e| ImageProblem::Unreadable(e.to_string()))?;
    let reader = image::ImageReader::with_format(std::io::BufReader::new(file), format);
    // A file whose decoder cannot start is damaged past its header: the write stage,
    // which decodes it, says so.
    let Ok(mut decoder) = reader.into_decoder() else {
        return Ok(false);
    };
    Ok(matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    ))
}

/// [`crate::picture::svg_size`], its problem as an [`ImageProblem`].
fn svg_size(text: &str, shown: &Path) -> Result<Option<ImageSize>, ImageProblem> {
    crate::picture::svg_size(text, shown).map_err(|(words, span)| ImageProblem::NotSvg(words, span))
}

/// The error for a picture a page shows whose file is not what its name says, at the
/// file (`image.path`), naming it.
pub fn problem_diagnostic(image: &Image, problem: &ImageProblem) -> Diagnostic {
    let name = image.path.display();
    let said = image.format.described();
    let span = match problem {
        ImageProblem::NotSvg(_, Some(span)) => span.clone(),
        _ => Span::file(&image.path),
    };
    let (message, help) = match problem {
        ImageProblem::OtherFormat(other) => (
            format!(
                "{name} is named as {said}, but its contents are {}",
                other.described()
            ),
            format!(
                "rename it to end in `.{}` (and change the pages that show it), or save it again as {said}",
                other.ending()
            ),
        ),
        ImageProblem::NotAPicture => (
            format!("{name} is named as {said}, but its contents are not a picture"),
            format!(
                "save the picture again as {said} from a drawing or photo program; a file renamed to `.{}` does not become one",
                image.format.ending()
            ),
        ),
        ImageProblem::Damaged => (
            format!("{name} is damaged or cut short: its size cannot be read"),
            "copy the picture again from where it came from, or save it again from a photo program".to_string(),
        ),
        ImageProblem::NotSvg(why, _) => (
            format!("{name} is named as {said}, but {why}"),
            "save it again as SVG from a drawing program (an SVG file is XML text that starts with `<svg`)".to_string(),
        ),
        ImageProblem::Unreadable(err) => (
            format!("cannot read {name}: {err}"),
            "check that the file exists and that you may read it".to_string(),
        ),
        ImageProblem::TooLarge(size) => (
            format!(
                "{name} says it is {} × {} pixels, more than carebook opens (at most {} pixels a side and {} megapixels in all): it may be damaged or made to exhaust the computer's memory",
                thousands(size.width),
                thousands(size.height),
                thousands(MAX_SIDE),
                MAX_PIXELS / 1_000_000
            ),
            "save the picture again at a sensible size (about 1,600 pixels wide is plenty for a web page), or remove it if you do not know where it came from".to_string(),
        ),
    };
    Diagnostic::error(span, message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(text: &str) -> Result<Option<(u32, u32)>, ImageProblem> {
        svg_size(text, Path::new("x.svg")).map(|s| s.map(|s| (s.width, s.height)))
    }

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        let ns = "xmlns=\"http://www.w3.org/2000/svg\"";
        for (text, expected) in [
            (
                format!("<svg {ns} width=\"120\" height=\"80px\"/>"),
                Some((120, 80)),
            ),
            (
                format!("<svg {ns} viewBox=\"0 0 640 400\"/>"),
                Some((640, 400)),
            ),
            (
                format!("<svg {ns} viewBox=\"0,0,10.6,5.2\"/>"),
                Some((11, 5)),
            ),
            // A width in another unit than pixels: the viewBox gives the shape.
            (
                format!("<svg {ns} width=\"10cm\" height=\"5cm\" viewBox=\"0 0 200 100\"/>"),
                Some((200, 100)),
            ),
            (format!("<svg {ns} width=\"100%\"/>"), None),
            (
                format!(
                    "<?xml version=\"1.0\"?>\n<!-- a note -->\n<svg {ns} viewBox=\"0 0 1 -1\"/>"
                ),
                None,
            ),
            // A `width` word inside another attribute's value is not the width.
            (
                format!("<svg {ns} data-x='width=\"9\"' viewBox=\"0 0 3 4\"/>"),
                Some((3, 4)),
            ),
        ] {
            assert_eq!(svg(&text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn what_is_not_an_svg_is_refused_with_the_parsers_place() {
        assert!(matches!(
            svg("This is not a drawing."),
            Err(ImageProblem::NotSvg(
                _,
                Some(Span {
                    line: 1,
                    column: 1,
                    ..
                })
            ))
        ));
        assert!(
            matches!(svg("<html><body/></html>"), Err(ImageProblem::NotSvg(w, None)) if w.contains("`<html>`"))
        );
        assert!(matches!(
            svg("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>"),
            Err(ImageProblem::NotSvg(_, Some(_)))
        ));
        // Entities of a DTD (a "billion laughs") are never expanded.
        let laughs =
            "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><svg>&b;</svg>";
        assert!(matches!(svg(laughs), Err(ImageProblem::NotSvg(w, _)) if w.contains("DTD")));
    }

    #[test]
    fn raster_headers_give_the_size_and_the_format_must_be_the_names() {
        let dir = tempfile::tempdir().unwrap();
        // A PNG's signature and IHDR chunk: 3 × 2 pixels.
        let png: &[u8] = &[
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0, 0, 0, 0, 0,
        ];
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let size = measure(&write("a.png", png), Path::new("a.png"), ImageFormat::Png);
        assert_eq!(
            size,
            Ok(Some(ImageSize {
                width: 3,
                height: 2
            }))
        );
        assert_eq!(
            measure(&write("a.jpg", png), Path::new("a.jpg"), ImageFormat::Jpeg),
            Err(ImageProblem::OtherFormat(ImageFormat::Png))
        );
        assert_eq!(
            measure(
                &write("b.png", b"just some text, not a picture"),
                Path::new("b.png"),
                ImageFormat::Png
            ),
            Err(ImageProblem::NotAPicture)
        );
        assert_eq!(
            measure(
                &write("c.png", &png[..18]),
                Path::new("c.png"),
                ImageFormat::Png
            ),
            Err(ImageProblem::Damaged)
        );
    }

    #[test]
    fn pictures_are_named_by_their_ending_in_any_case() {
        for name in [
            "a.png", "B.JPG", "c.jpeg", "d.Gif", "e.webp", "f.avif", "g.SVG",
        ] {
            assert!(is_image(name), "{name}");
        }
        for name in ["a.pdf", "png", "a.png.txt", "a.mp4"] {
            assert!(!is_image(name), "{name}");
        }
        assert_eq!(
            published_path(Some("conditions"), "img/spine.png"),
            "conditions/img/spine.png"
        );
        assert_eq!(published_path(None, "team.jpg"), "team.jpg");
    }
}
