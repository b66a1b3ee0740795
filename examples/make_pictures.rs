//! Makes the pictures carebook's picture tests and benchmark use, deterministically.
//!
//! ```text
//! cargo run --example make_pictures -- fixtures DIR     # the small test pictures
//! cargo run --example make_pictures -- example content   # the example site's diagram
//! cargo run --release --example make_pictures -- photos DIR N   # N "photos" for bench/
//! ```
//!
//! `fixtures` writes the pictures of `tests/fixtures/pictures-site` and
//! `tests/fixtures/pictures-hostile` (committed; each a few kilobytes): a PNG diagram, a
//! JPEG stored on its side with an EXIF orientation that turns it upright and GPS
//! coordinates, a WebP, a PNG whose header claims 100,000 × 100,000 pixels, a JPEG cut
//! short and a text file named `.png`. `photos` writes N JPEGs of 2,000–3,000 pixels with
//! noise and gradients, as a camera's photos compress (not committed).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["fixtures", dir] => fixtures(Path::new(dir)),
        ["example", dir] => example(Path::new(dir)),
        ["photos", dir, n] => match n.parse() {
            Ok(n) => photos(Path::new(dir), n),
            Err(_) => {
                eprintln!("N must be a whole number");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!(
                "usage: make_pictures fixtures DIR | make_pictures example DIR | make_pictures photos DIR N"
            );
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// A JPEG of `img` at quality 85.
fn jpeg(img: &image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(img)
        .unwrap();
    out
}

/// `jpeg` with an EXIF segment after its start: orientation `orientation`, and GPS
/// coordinates (51° 30′ N) as a phone writes them.
fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    // A big-endian TIFF: IFD0 with Orientation and a pointer to the GPS IFD, which holds
    // GPSLatitudeRef "N" and GPSLatitude (3 rationals).
    let mut tiff: Vec<u8> = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = tag.to_be_bytes().to_vec();
        e.extend(kind.to_be_bytes());
        e.extend(count.to_be_bytes());
        e.extend(value);
        e
    };
    // IFD0 at 8: 2 entries (2 + 24 + 4 bytes), the GPS IFD at 38.
    tiff.extend(2u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    tiff.extend(entry(0x0112, 3, 1, [o[0], o[1], 0, 0]));
    tiff.extend(entry(0x8825, 4, 1, 38u32.to_be_bytes()));
    tiff.extend(0u32.to_be_bytes());
    // GPS IFD at 38: 2 entries (2 + 24 + 4), its rationals at 68.
    tiff.extend(2u16.to_be_bytes());
    tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
    tiff.extend(entry(0x0002, 5, 3, 68u32.to_be_bytes()));
    tiff.extend(0u32.to_be_bytes());
    for (num, den) in [(51u32, 1u32), (30, 1), (1234, 100)] {
        tiff.extend(num.to_be_bytes());
        tiff.extend(den.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// A PNG of `img`.
fn png(img: &image::RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    println!("{} ({} bytes)", path.display(), bytes.len());
}

fn fixtures(dir: &Path) {
    let site = dir.join("pictures-site/content/conditions");
    // A diagram: a pale background, a dark band (the spine) and a red line (the nerve).
    let diagram = image::RgbaImage::from_fn(1000, 600, |x, y| {
        if (480..520).contains(&x) && y < 420 {
            image::Rgba([60, 60, 90, 255])
        } else if (x as i32 - 500 - (y as i32 - 420) / 3).abs() < 6 && y >= 300 {
            image::Rgba([200, 30, 30, 255])
        } else {
            image::Rgba([240, 244, 248, 255])
        }
    });
    write(&site, "sciatica-nerve.png", &png(&diagram));
    // A photo stored on its side (1200 × 800): its left quarter red, as the camera saw it
    // the top of the scene; orientation 6 turns it upright, 800 × 1200, red at the top.
    let photo = image::RgbImage::from_fn(1200, 800, |x, y| {
        if x < 300 {
            image::Rgb([220, 40, 40])
        } else {
            let v = (60 + y * 120 / 800) as u8;
            image::Rgb([v, v, 200])
        }
    });
    write(&site, "stretch.jpg", &with_exif(&jpeg(&photo), 6));
    // A WebP (lossless, as the `image` crate writes them), 700 × 400.
    let room = image::RgbaImage::from_fn(700, 400, |x, y| {
        image::Rgba([(x / 70 * 25) as u8, 120, (y / 40 * 25) as u8, 255])
    });
    let mut webp = Vec::new();
    room.write_to(
        &mut std::io::Cursor::new(&mut webp),
        image::ImageFormat::WebP,
    )
    .unwrap();
    write(&site, "front-room.webp", &webp);

    let hostile = dir.join("pictures-hostile");
    // A PNG's signature and an IHDR chunk claiming 100,000 × 100,000 pixels, then IEND:
    // a "decompression bomb" that would need 40 GB to open.
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    bomb.extend(13u32.to_be_bytes());
    bomb.extend(&ihdr);
    bomb.extend(crc32(&ihdr).to_be_bytes());
    bomb.extend(0u32.to_be_bytes());
    bomb.extend(b"IEND");
    bomb.extend(crc32(b"IEND").to_be_bytes());
    write(&hostile, "bomb.png", &bomb);
    // A JPEG cut off two thirds of the way through its picture.
    let whole = jpeg(&image::RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    }));
    write(&hostile, "cut-short.jpg", &whole[..whole.len() * 2 / 3]);
    write(
        &hostile,
        "not-a-picture.png",
        b"These are the notes for the leaflet, saved with the wrong name.\n",
    );
}

/// The example site's pain scale (`benefits/pain-scale.png` below `dir`): eleven boxes in a
/// row, from green (0, no pain) through yellow to red (10, the worst pain), each a little
/// taller than the one before.
fn example(dir: &Path) {
    const BOX: u32 = 72;
    const GAP: u32 = 8;
    let width = 11 * BOX + 10 * GAP + 2 * GAP;
    let height = 160;
    let scale = image::RgbaImage::from_fn(width, height, |x, y| {
        let white = image::Rgba([255, 255, 255, 255]);
        let Some(inside) = x.checked_sub(GAP) else {
            return white;
        };
        let (n, across) = (inside / (BOX + GAP), inside % (BOX + GAP));
        if n > 10 || across >= BOX {
            return white;
        }
        let top = height - GAP - 60 - n * 7;
        if y < top || y >= height - GAP {
            return white;
        }
        // Green (40, 150, 70) to yellow (235, 190, 40) to red (200, 40, 40).
        let mix = |a: u32, b: u32, t: u32, of: u32| ((a * (of - t) + b * t) / of) as u8;
        let [r, g, b] = if n <= 5 {
            [mix(40, 235, n, 5), mix(150, 190, n, 5), mix(70, 40, n, 5)]
        } else {
            [
                mix(235, 200, n - 5, 5),
                mix(190, 40, n - 5, 5),
                mix(40, 40, n - 5, 5),
            ]
        };
        image::Rgba([r, g, b, 255])
    });
    write(dir, "benefits/pain-scale.png", &png(&scale));
}

/// The CRC-32 of a PNG chunk's type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn photos(dir: &Path, n: usize) {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir).unwrap();
    (0..n).into_par_iter().for_each(|i| {
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1);
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let width = 2000 + (i as u32 * 97) % 1000;
        let height = width * 2 / 3;
        let tint = [next() as u8, next() as u8, next() as u8];
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            let noise = (next() % 24) as u8;
            let g = |c: u8, t: u32| {
                (u32::from(c / 2) + (t * 100) / (width + height) + u32::from(noise)).min(255) as u8
            };
            image::Rgb([g(tint[0], x), g(tint[1], y), g(tint[2], x + y)])
        });
        std::fs::write(dir.join(format!("photo-{i:03}.jpg")), jpeg(&img)).unwrap();
    });
}
