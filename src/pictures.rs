//! Write stage: the raster pictures of the site (PNG, JPEG, WebP) published in the widths
//! pages name in their `srcset`, in WebP and in their own format, turned upright and with
//! their metadata left behind.
//!
//! Guarantees: every picture [`Image::resized`] that the site publishes (those of
//! `static/`, and those beside pages that a published page shows) is decoded once, with
//! `image::Limits` set ([`crate::content::images::MAX_SIDE`], a memory ceiling), turned
//! and flipped as its EXIF orientation says, then resized (Lanczos3, `fast_image_resize`)
//! to each of [`crate::picture::published_widths`] and encoded: in its own format (JPEG
//! at quality [`JPEG_QUALITY`], PNG losslessly) and as WebP (libwebp): lossy at quality
//! [`WEBP_QUALITY`] for a photo (JPEG, WebP), lossless for a PNG (a diagram's lines and
//! text stay sharp, and lossless WebP is smaller than PNG), so the WebP copy a browser
//! picks is the smaller one; named by [`crate::picture::copy_path`]. The largest copy in
//! its own format is published at the picture's own path: no file is ever copied as it
//! came, so no EXIF, GPS, XMP, ICC profile or text chunk is published. Encoding is
//! deterministic (one thread per picture, fixed settings): two builds give the same
//! bytes. A picture that cannot be decoded (cut short, damaged) is an error at its file;
//! nothing panics and nothing is allocated past the limits.
//!
//! Cache: each copy is kept in `.carebook/cache/pictures/` at the site root, named by a
//! hash of the picture's bytes, the copy's width and format, and [`SETTINGS`]; a build
//! that finds every copy there decodes nothing. After publishing, the files of that folder
//! that this run did not use (and that carebook names: 64 hex digits and an ending) are
//! removed; nothing else is touched. A cache that cannot be written only makes builds
//! slower. Pictures are encoded in parallel, one per core.
//!
//! Warnings: a picture over [`HEAVY_BYTES`] or wider than [`HEAVY_WIDTH`] pixels is an
//! `image-heavy` warning at every image of a published page that shows it, with what its
//! largest published copies weigh. Needs: the resolve stage (which pictures are published).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::images::{Image, ImageFormat};
use crate::diagnostic::{Diagnostic, Span, thousands};
use crate::graph::{LinkTarget, Site};
use crate::output::{OutputError, Sink};
use crate::picture::{ImageSize, PlannedCopy as Copy, planned_copies, published_widths};

/// The quality of the JPEG copies (0–100).
pub const JPEG_QUALITY: u8 = 82;
/// The quality of the lossy WebP copies (0–100).
pub const WEBP_QUALITY: f32 = 78.0;
/// A picture's file over this many bytes is `image-heavy`.
pub const HEAVY_BYTES: u64 = 5_000_000;
/// A picture wider than this (as shown) is `image-heavy`.
pub const HEAVY_WIDTH: u32 = 4_000;
/// Everything that makes a copy's bytes besides the picture's: a change here makes every
/// cached copy stale. Change it with the encoders' versions or settings.
pub const SETTINGS: &str = "carebook-pictures 1; image 0.25; fast_image_resize 6 lanczos3; jpeg q82; png default adaptive; libwebp-sys 0.9.6 q78, png lossless";
/// The most memory one picture's decoding may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// The cache folder, below the site root.
pub const CACHE: &str = ".carebook/cache/pictures";

/// What publishing the pictures did.
#[derive(Debug, Default)]
pub struct Published {
    /// Errors at the pictures that could not be decoded, and `image-heavy` warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// How many copies were encoded, and how many came from the cache.
    pub encoded: usize,
    pub cached: usize,
}

/// What one picture gave: how many copies were encoded and cached, the weight of its
/// largest copies (own format, WebP), or the error at its file.
type Outcome = Result<(usize, usize, (u64, Option<u64>)), Diagnostic>;

/// Publishes every resized picture the site publishes into `sink` (see the module doc).
/// `Err` only when the sink fails; a picture that cannot be decoded is an error among the
/// diagnostics.
pub fn publish(root: &Path, site: &Site, sink: &dyn Sink) -> Result<Published, OutputError> {
    let cache = root.join(CACHE);
    let used = Mutex::new(HashSet::new());
    let todo: Vec<(&String, &Image)> = site
        .images
        .by_published
        .iter()
        .filter(|(p, i)| i.resized() && (!i.beside_pages || site.page_images.contains(*p)))
        .collect();
    let outcomes: Vec<(&String, &Image, Outcome)> = todo
        .par_iter()
        .map(|(published, image)| {
            let outcome = publish_one(root, &cache, published, image, sink, &used);
            outcome.map(|o| (*published, *image, o))
        })
        .collect::<Result<_, _>>()?;
    prune(
        &cache,
        &used.into_inner().unwrap_or_else(|e| e.into_inner()),
    );
    let mut published = Published::default();
    let mut heavy: BTreeMap<&str, (&Image, (u64, Option<u64>))> = BTreeMap::new();
    for (path, image, outcome) in outcomes {
        match outcome {
            Ok((encoded, cached, weights)) => {
                published.encoded += encoded;
                published.cached += cached;
                let width = image
                    .size
                    .as_ref()
                    .ok()
                    .copied()
                    .flatten()
                    .map_or(0, |s| s.width);
                if image.bytes > HEAVY_BYTES || width > HEAVY_WIDTH {
                    heavy.insert(path, (image, weights));
                }
            }
            Err(d) => published.diagnostics.push(d),
        }
    }
    published.diagnostics.extend(heavy_warnings(site, &heavy));
    Ok(published)
}

/// Publishes the copies of one picture, from the cache or encoded. The outer `Err` is the
/// sink's.
fn publish_one(
    root: &Path,
    cache: &Path,
    published: &str,
    image: &Image,
    sink: &dyn Sink,
    used: &Mutex<HashSet<String>>,
) -> Result<Outcome, OutputError> {
    let bytes = match std::fs::read(root.join(&image.path)) {
        Ok(b) => b,
        Err(err) => {
            return Ok(Err(Diagnostic::error(
                Span::file(&image.path),
                format!("cannot read {}: {err}", image.path.display()),
            )
            .with_help("check that the file exists and that you may read it")));
        }
    };
    let Ok(Some(size)) = image.size else {
        return Ok(Ok((0, 0, (0, None))));
    };
    let source = blake3::hash(&bytes);
    let own_webp = image.format == ImageFormat::Webp;
    let widths = published_widths(size);
    let copies: Vec<Copy> = planned_copies(published, size, own_webp);
    let names: Vec<String> = copies
        .iter()
        .map(|c| {
            let mut key = blake3::Hasher::new();
            key.update(SETTINGS.as_bytes());
            key.update(source.as_bytes());
            key.update(format!("{}x{} {}", c.size.width, c.size.height, c.webp).as_bytes());
            let ending = if c.webp {
                "webp"
            } else {
                own_ending(image.format)
            };
            format!("{}.{ending}", key.finalize().to_hex())
        })
        .collect();
    let mut found: Vec<Option<Vec<u8>>> = names
        .iter()
        .map(|n| std::fs::read(cache.join(n)).ok())
        .collect();
    let cached = found.iter().filter(|f| f.is_some()).count();
    let mut encoded = 0;
    if cached < copies.len() {
        let decoded = match decode(&bytes, image) {
            Ok(d) => d,
            Err(d) => return Ok(Err(d)),
        };
        for ((copy, name), slot) in copies.iter().zip(&names).zip(found.iter_mut()) {
            if slot.is_some() {
                continue;
            }
            let made = match encode(&decoded, copy, image.format) {
                Ok(b) => b,
                Err(d) => return Ok(Err(d)),
            };
            encoded += 1;
            keep(cache, name, &made);
            *slot = Some(made);
        }
    }
    {
        let mut used = used.lock().unwrap_or_else(|e| e.into_inner());
        used.extend(names.iter().cloned());
    }
    let mut weights = (0, None);
    for (copy, made) in copies.iter().zip(&found) {
        let made = made.as_deref().unwrap_or_default();
        if copy.size == *widths.last().unwrap_or(&size) {
            if copy.webp && !own_webp {
                weights.1 = Some(made.len() as u64);
            } else {
                weights.0 = made.len() as u64;
            }
        }
        sink.put(&copy.path, made)?;
    }
    Ok(Ok((encoded, cached, weights)))
}

/// The ending of a picture's own copies.
fn own_ending(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpg",
        _ => "webp",
    }
}

/// A picture's pixels, turned upright: 3 or 4 bytes a pixel (`alpha`).
struct Decoded {
    pixels: Vec<u8>,
    size: ImageSize,
    alpha: bool,
}

/// The error for a picture that cannot be decoded, at its file.
fn damaged(image: &Image, why: &str) -> Diagnostic {
    let name = image.path.display();
    Diagnostic::error(
        Span::file(&image.path),
        format!("{name} {why}, so it cannot be published"),
    )
    .with_help(
        "copy the picture again from where it came from (the camera, the phone, the person who sent it), or open it in a photo program and save it again",
    )
}

/// Decodes `bytes` (the file of `image`) within the limits, turned as its EXIF says.
fn decode(bytes: &[u8], image: &Image) -> Result<Decoded, Diagnostic> {
    use image::ImageDecoder;
    let format = match image.format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        _ => image::ImageFormat::WebP,
    };
    if image.format == ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err(damaged(
            image,
            "is cut short: the file ends before its picture does",
        ));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(crate::content::images::MAX_SIDE);
    limits.max_image_height = Some(crate::content::images::MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits);
    let words = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => {
            "is larger than carebook opens (at most 20,000 pixels a side)".to_string()
        }
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "is cut short: the file ends before its picture does".to_string()
        }
        _ => "is damaged: its picture cannot be read".to_string(),
    };
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| damaged(image, &words(e)))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture =
        image::DynamicImage::from_decoder(decoder).map_err(|e| damaged(image, &words(e)))?;
    picture.apply_orientation(orientation);
    let alpha = picture.color().has_alpha();
    let size = ImageSize {
        width: picture.width(),
        height: picture.height(),
    };
    let pixels = if alpha {
        picture.into_rgba8().into_raw()
    } else {
        picture.into_rgb8().into_raw()
    };
    Ok(Decoded {
        pixels,
        size,
        alpha,
    })
}

/// Does a JPEG's file hold its whole picture: an end marker (`FF D9`) after the start of
/// its last scan (`FF DA`)? Inside a scan every `FF` byte is followed by `00`, so neither
/// marker can appear there by chance; a file cut short in its scan has no end marker
/// after it.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xFF, marker]);
    match (last(0xDA), last(0xD9)) {
        (Some(scan), Some(end)) => end > scan,
        _ => false,
    }
}

/// One copy of `decoded`: resized to `copy.size` and encoded as `copy` says.
fn encode(decoded: &Decoded, copy: &Copy, format: ImageFormat) -> Result<Vec<u8>, Diagnostic> {
    use fast_image_resize as fr;
    let pixel = if decoded.alpha {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    };
    let ImageSize { width, height } = copy.size;
    let resized;
    let pixels: &[u8] = if copy.size == decoded.size {
        &decoded.pixels
    } else {
        let src = fr::images::ImageRef::new(
            decoded.size.width,
            decoded.size.height,
            &decoded.pixels,
            pixel,
        )
        .map_err(|e| internal(&e.to_string()))?;
        let mut dst = fr::images::Image::new(width, height, pixel);
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        fr::Resizer::new()
            .resize(&src, &mut dst, &options)
            .map_err(|e| internal(&e.to_string()))?;
        resized = dst.into_vec();
        &resized
    };
    if copy.webp {
        let encoder = if decoded.alpha {
            webp::Encoder::from_rgba(pixels, width, height)
        } else {
            webp::Encoder::from_rgb(pixels, width, height)
        };
        let lossless = format == ImageFormat::Png;
        let made = encoder
            .encode_simple(lossless, WEBP_QUALITY)
            .map_err(|e| internal(&format!("{e:?}")))?;
        return Ok(made.to_vec());
    }
    let color = if decoded.alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => {
            let rgb;
            let pixels = if decoded.alpha {
                rgb = pixels
                    .chunks_exact(4)
                    .flat_map(|p| [p[0], p[1], p[2]])
                    .collect::<Vec<u8>>();
                &rgb[..]
            } else {
                pixels
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode(
                pixels,
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
        }
        _ => {
            use image::ImageEncoder;
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            )
            .write_image(pixels, width, height, color)
        }
    };
    written.map_err(|e| internal(&e.to_string()))?;
    Ok(out)
}

/// A failure of an encoder on pixels carebook decoded itself: not the writer's doing.
fn internal(what: &str) -> Diagnostic {
    Diagnostic::error(
        Span::file(Path::new(CACHE)),
        format!("carebook could not make a copy of a picture ({what})"),
    )
    .with_help("this is a fault in carebook: please report it, with the picture")
}

/// Keeps `bytes` in the cache as `name`, written beside and renamed into place so that a
/// build stopped half way never leaves half a file there. A cache that cannot be written
/// is no error.
fn keep(cache: &Path, name: &str, bytes: &[u8]) {
    if std::fs::create_dir_all(cache).is_err() {
        return;
    }
    let part = cache.join(format!("{name}.part{}", std::process::id()));
    if std::fs::write(&part, bytes).is_ok() && std::fs::rename(&part, cache.join(name)).is_err() {
        let _ = std::fs::remove_file(&part);
    }
}

/// Is `name` a file carebook keeps in the cache (64 hex digits, a dot and an ending, or
/// such a name being written)?
fn is_cache_name(name: &str) -> bool {
    let Some((hash, ending)) = name.split_once('.') else {
        return false;
    };
    hash.len() == 64
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && (matches!(ending, "png" | "jpg" | "webp")
            || ending
                .split_once(".part")
                .is_some_and(|(e, _)| matches!(e, "png" | "jpg" | "webp")))
}

/// Removes the cache's files that this run did not use (carebook's names only).
fn prune(cache: &Path, used: &HashSet<String>) {
    let Ok(items) = std::fs::read_dir(cache) else {
        return;
    };
    let stale: Vec<PathBuf> = items
        .filter_map(Result::ok)
        .filter(|i| i.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|i| {
            let name = i.file_name().to_string_lossy().into_owned();
            (is_cache_name(&name) && !used.contains(&name)).then(|| i.path())
        })
        .collect();
    for path in stale {
        let _ = std::fs::remove_file(path);
    }
}

/// `bytes` in a clinic's units: `7.3 MB`, `412 KB`.
fn weight(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// The `image-heavy` warnings: at every image of a published page (and of the home page)
/// that shows one of the `heavy` pictures.
fn heavy_warnings(
    site: &Site,
    heavy: &BTreeMap<&str, (&Image, (u64, Option<u64>))>,
) -> Vec<Diagnostic> {
    if heavy.is_empty() {
        return Vec::new();
    }
    let bodies = site
        .entries
        .iter()
        .zip(&site.links)
        .map(|(e, links)| (&e.path, &e.text, e.body_start, &e.scan, links))
        .chain(
            site.home
                .iter()
                .map(|h| (&h.path, &h.text, h.body_start, &h.scan, &site.home_links)),
        );
    let mut found = Vec::new();
    for (path, text, body_start, scan, links) in bodies {
        for shown in &scan.images {
            let Some(Some(LinkTarget::Static(published))) = links.get(shown.link) else {
                continue;
            };
            let Some((image, (own, webp))) = heavy.get(published.as_str()) else {
                continue;
            };
            let size = image.size.as_ref().ok().copied().flatten();
            let (w, h) = size.map_or((0, 0), |s| (s.width, s.height));
            let largest = size
                .and_then(|s| published_widths(s).last().copied())
                .map_or(0, |s| s.width);
            let own_name = match image.format {
                ImageFormat::Png => "PNG",
                ImageFormat::Jpeg => "JPEG",
                _ => "WebP",
            };
            let resized = match webp {
                Some(webp) => format!("{} as {own_name}, {} as WebP", weight(*own), weight(*webp)),
                None => format!("{} as WebP", weight(*own)),
            };
            found.push(
                Diagnostic::warning(
                    Span::at(path, text, body_start + shown.start, shown.len),
                    format!(
                        "{} weighs {} and is {} × {} pixels; carebook publishes it at most {} pixels wide, where it weighs {resized}",
                        image.path.display(),
                        weight(image.bytes),
                        thousands(w),
                        thousands(h),
                        thousands(largest),
                    ),
                )
                .with_code("image-heavy")
                .with_help(format!(
                    "save a copy about {} pixels wide in its place: the site's folder stays small, and every build and backup is quicker",
                    thousands(largest)
                )),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_is_complete_when_it_ends_after_its_last_scan() {
        assert!(jpeg_complete(&[
            0xFF, 0xD8, 0xFF, 0xDA, 1, 0xFF, 0, 2, 0xFF, 0xD9
        ]));
        assert!(!jpeg_complete(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 0xFF, 0, 2]));
        // An end marker of a thumbnail before the scan does not count.
        assert!(!jpeg_complete(&[0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 1, 2]));
        assert!(!jpeg_complete(b"not a jpeg"));
    }

    #[test]
    fn only_carebooks_names_are_pruned() {
        let hash = "a".repeat(64);
        assert!(is_cache_name(&format!("{hash}.webp")));
        assert!(is_cache_name(&format!("{hash}.jpg.part123")));
        for name in ["notes.txt", &format!("{hash}.txt"), "abc.png", &hash] {
            assert!(!is_cache_name(name), "{name}");
        }
        assert_eq!(weight(7_340_000), "7.3 MB");
        assert_eq!(weight(411_200), "412 KB");
    }
}
