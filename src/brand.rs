//! The clinic's brand colour: one accent colour (`brand: colour:` in site.yaml), the
//! theme's shades made from it for light and dark mode, and the WCAG AA contrast check
//! of every place the default theme puts text or a mark on them.
//!
//! Guarantees: [`check_accent`] returns [`Shades`] only when every pair in [`uses`] meets
//! its WCAG 2.1 AA minimum (4.5:1 for text, 3:1 for the parts of the page a person must
//! see to use it, such as the focus ring), measured on the `#rrggbb` values that are
//! written into the CSS, so what was checked is what is published. A colour that fails is
//! a [`ContrastError`] naming every use that fails with its measured ratio, and the
//! nearest colour that passes everywhere: the same hue and chroma as far as the sRGB
//! gamut allows, with only the lightness moved (nearest in OKLCH). Black passes for every
//! accent's uses, so there is always one.
//!
//! The shades are made in OKLCH (perceptual lightness, chroma, hue), with the steps the
//! default theme's own teal and blue use (see [`derive_shades`]). The theme colours they
//! are measured against are [`LIGHT`] and [`DARK`], the values of
//! `themes/default/static/style.css` (a unit test holds them equal).
//!
//! Pure: no settings, no files. Needs: a colour, from [`parse_colour`] (the lead wires it
//! into config for `brand: colour:`, and the CSS of [`css_custom_properties`] into the
//! rendered pages after the theme's stylesheet).

use std::fmt;

use palette::color_difference::Wcag21RelativeContrast;
use palette::convert::FromColorUnclamped;
use palette::{FromColor, IsWithinBounds, Oklab, Oklch, Srgb};

/// An sRGB colour with 8 bits a channel, as CSS writes it (`#5b2a86`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
}

impl Colour {
    /// The colour of `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Colour {
        Colour {
            red: (rgb >> 16) as u8,
            green: (rgb >> 8) as u8,
            blue: rgb as u8,
        }
    }

    fn srgb(self) -> Srgb<f64> {
        Srgb::new(self.red, self.green, self.blue).into_format()
    }

    fn oklch(self) -> Oklch<f64> {
        Oklch::from_color(self.srgb())
    }

    /// The sRGB colour nearest to OKLCH (`lightness`, `chroma`, `hue`): lightness is
    /// clamped to 0..=1, and chroma lowered until the colour is inside sRGB, so the hue and
    /// lightness are kept (CSS Color 4's gamut mapping by chroma reduction).
    fn from_oklch(lightness: f64, chroma: f64, hue: f64) -> Colour {
        let l = lightness.clamp(0.0, 1.0);
        // Unclamped: `from_color` would clip each channel, which turns the hue.
        let in_gamut = |c: f64| Srgb::from_color_unclamped(Oklch::new(l, c, hue));
        let mut rgb = in_gamut(chroma);
        if !rgb.is_within_bounds() {
            let (mut low, mut high) = (0.0, chroma);
            for _ in 0..24 {
                let mid = (low + high) / 2.0;
                if in_gamut(mid).is_within_bounds() {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            rgb = in_gamut(low);
        }
        let channel = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        Colour {
            red: channel(rgb.red),
            green: channel(rgb.green),
            blue: channel(rgb.blue),
        }
    }

    /// This colour with `alpha` of it painted over `below` (CSS blends in sRGB).
    fn over(self, alpha: f64, below: Colour) -> Colour {
        let mix =
            |a: u8, b: u8| (alpha * f64::from(a) + (1.0 - alpha) * f64::from(b)).round() as u8;
        Colour {
            red: mix(self.red, below.red),
            green: mix(self.green, below.green),
            blue: mix(self.blue, below.blue),
        }
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.red, self.green, self.blue)
    }
}

/// The WCAG 2.1 contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast_ratio(a: Colour, b: Colour) -> f64 {
    a.srgb().relative_contrast(b.srgb())
}

/// Why a colour setting could not be read. `offset` and `len` are the bytes of the
/// setting's text that are wrong (the whole text when nothing smaller is), for the
/// diagnostic's span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColourError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: String,
}

const COLOUR_HELP: &str = "write the colour as # and six hex digits, in quotes: colour: \"#5b2a86\" (a colour picker shows this code, often called the hex or HTML colour)";

/// Reads a colour written `#rrggbb` or `#rgb` (hex digits in either case; spaces around
/// it are ignored).
pub fn parse_colour(text: &str) -> Result<Colour, ColourError> {
    let start = text.len() - text.trim_start().len();
    let written = text.trim();
    let whole = |message: String, help: &str| ColourError {
        offset: start,
        len: written.len(),
        message,
        help: help.to_string(),
    };
    if written.is_empty() {
        return Err(whole(
            "the colour is empty".to_string(),
            "write it as # and six hex digits, in quotes: colour: \"#5b2a86\" (without the quotes, YAML reads everything after # as a note)",
        ));
    }
    let Some(digits) = written.strip_prefix('#') else {
        if matches!(written.len(), 3 | 6) && written.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(whole(
                format!("the colour `{written}` needs a # in front"),
                &format!(
                    "write colour: \"#{written}\", in quotes: YAML reads a # without quotes as the start of a note"
                ),
            ));
        }
        return Err(whole(
            format!("`{written}` is not a colour carebook can read"),
            COLOUR_HELP,
        ));
    };
    if let Some((at, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(ColourError {
            offset: start + 1 + at,
            len: c.len_utf8(),
            message: format!(
                "the colour `{written}` has `{c}`, which is not a hex digit (0 to 9 and a to f)"
            ),
            help: COLOUR_HELP.to_string(),
        });
    }
    let value = match digits.len() {
        // #rgb is #rrggbb with each digit written twice.
        3 => digits.chars().fold(0, |v, c| {
            let d = c.to_digit(16).unwrap_or(0);
            (v << 8) | (d << 4) | d
        }),
        6 => u32::from_str_radix(digits, 16).unwrap_or(0),
        n => {
            return Err(whole(
                format!(
                    "the colour `{written}` has {n} hex digits; a colour has 6 (#rrggbb) or 3 (#rgb)"
                ),
                COLOUR_HELP,
            ));
        }
    };
    Ok(Colour::hex(value))
}

/// The default theme's colours that the accent's shades are seen with, in one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeColours {
    /// The page background (`--bg`).
    pub bg: Colour,
    /// Body text (`--fg`).
    pub fg: Colour,
    /// Grey text: summaries, the footer (`--muted`).
    pub muted: Colour,
    /// Headings, also on cards (`--heading`).
    pub heading: Colour,
    /// The header's text and logo (`--header-fg`).
    pub header_fg: Colour,
    /// The current page's mark and the focus ring in the header (`--current`,
    /// `--focus-on-dark`; the same yellow).
    pub on_header: Colour,
    /// The keyboard focus ring elsewhere (`--focus`).
    pub focus: Colour,
}

/// The default theme in light mode (style.css's `:root`).
pub const LIGHT: ThemeColours = ThemeColours {
    bg: Colour::hex(0xffffff),
    fg: Colour::hex(0x1c2427),
    muted: Colour::hex(0x4b585e),
    heading: Colour::hex(0x0c4a45),
    header_fg: Colour::hex(0xffffff),
    on_header: Colour::hex(0xffd23f),
    focus: Colour::hex(0xb93c0a),
};

/// The default theme in dark mode (style.css's `prefers-color-scheme: dark` block).
pub const DARK: ThemeColours = ThemeColours {
    bg: Colour::hex(0x111719),
    fg: Colour::hex(0xe5ecee),
    muted: Colour::hex(0xb0bdc2),
    heading: Colour::hex(0x93dbd0),
    header_fg: Colour::hex(0xf1f8f7),
    on_header: Colour::hex(0xffd23f),
    focus: Colour::hex(0xffb46b),
};

/// The accent's shades in one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModeShades {
    /// Links and card borders (`--accent`; the theme's `--link`).
    pub accent: Colour,
    /// Links and buttons under the pointer (`--accent-hover`; `--link-hover`).
    pub hover: Colour,
    /// The header and button background (`--accent-header`; `--header-bg`).
    pub header: Colour,
    /// The thin line inside the header (`--accent-header-line`; `--header-line`).
    /// Decoration only: no contrast is asked of it.
    pub header_line: Colour,
    /// Card, chip and footer backgrounds (`--accent-tint`; `--surface`).
    pub tint: Colour,
}

/// The accent's shades in light and dark mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shades {
    pub light: ModeShades,
    pub dark: ModeShades,
}

/// Makes the theme's shades from the accent, in OKLCH, keeping its hue and chroma
/// (lowered only where sRGB has no such colour). The steps are those between the default
/// theme's own shades (its link blue #0a559e and header teal #0c5a53):
///
/// - light mode: the accent itself for links and the header; hover 0.09 darker; the
///   header line 0.22 lighter; a tint at lightness 0.97 (chroma at most 0.015);
/// - dark mode: links as light as the accent is dark (lightness 1.26 − L, so #0a559e
///   gives the theme's #8ec5ff), hover 0.09 lighter still; the header a quarter darker
///   than the accent, its line 0.15 lighter than that; a tint at lightness 0.25 (chroma at
///   most 0.02).
pub fn derive_shades(accent: Colour) -> Shades {
    let Oklch { l, chroma, hue } = accent.oklch();
    let hue = hue.into_degrees();
    let at = |lightness: f64| Colour::from_oklch(lightness, chroma, hue);
    let tint = |lightness: f64, most: f64| Colour::from_oklch(lightness, chroma.min(most), hue);
    let dark_link = (1.26 - l).clamp(0.0, 1.0);
    let dark_header = l * 0.75;
    Shades {
        light: ModeShades {
            accent,
            hover: at(l - 0.09),
            header: accent,
            header_line: at(l + 0.22),
            tint: tint(0.97, 0.015),
        },
        dark: ModeShades {
            accent: at(dark_link),
            hover: at(dark_link + 0.09),
            header: at(dark_header),
            header_line: at(dark_header + 0.15),
            tint: tint(0.25, 0.02),
        },
    }
}

/// Light or dark mode (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Light,
    Dark,
}

/// Text is 4.5:1 (WCAG 2.1 AA, 1.4.3); marks a person must see to use the page, 3:1 (1.4.11).
pub const TEXT: f64 = 4.5;
/// See [`TEXT`].
pub const MARK: f64 = 3.0;

/// One place the theme puts a colour on another.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub mode: Mode,
    /// What it is, in a clinic's words, with the mode: "links on the white page
    /// background in light mode".
    pub what: String,
    pub foreground: Colour,
    pub background: Colour,
    /// [`TEXT`] or [`MARK`].
    pub minimum: f64,
}

/// Every place the default theme puts text or a mark on the accent's shades, or the
/// shades on its backgrounds. Card borders are the accent on the page background, so the
/// links' 4.5:1 there covers their 3:1; the header line is decoration.
pub fn uses(shades: &Shades) -> Vec<Use> {
    let mut all = Vec::new();
    for (mode, s, theme, page, name) in [
        (Mode::Light, &shades.light, &LIGHT, "white", "light"),
        (Mode::Dark, &shades.dark, &DARK, "dark", "dark"),
    ] {
        // The search box in the header: 8% white over the header, its hint text the
        // header's text at 85% (style.css, `.search input`).
        let search_box = Colour::hex(0xffffff).over(0.08, s.header);
        let hint = theme.header_fg.over(0.85, search_box);
        let mut add = |what: &str, foreground: Colour, background: Colour, minimum: f64| {
            all.push(Use {
                mode,
                what: format!("{what} in {name} mode"),
                foreground,
                background,
                minimum,
            });
        };
        add(
            &format!("links on the {page} page background"),
            s.accent,
            theme.bg,
            TEXT,
        );
        add(
            "links on card and footer backgrounds",
            s.accent,
            s.tint,
            TEXT,
        );
        add(
            "links under the pointer, on card backgrounds",
            s.hover,
            s.tint,
            TEXT,
        );
        add(
            "the header's text on the header colour",
            theme.header_fg,
            s.header,
            TEXT,
        );
        add(
            "the search box's hint text in the header",
            hint,
            search_box,
            TEXT,
        );
        add(
            "the yellow mark of the current page and the focus ring in the header",
            theme.on_header,
            s.header,
            MARK,
        );
        add(
            "body text on card and footer backgrounds",
            theme.fg,
            s.tint,
            TEXT,
        );
        add(
            "grey text (summaries, the footer) on card and footer backgrounds",
            theme.muted,
            s.tint,
            TEXT,
        );
        add("headings on card backgrounds", theme.heading, s.tint, TEXT);
        add(
            "the keyboard focus ring on card backgrounds",
            theme.focus,
            s.tint,
            MARK,
        );
    }
    all
}

/// One use whose contrast is below its minimum.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastProblem {
    pub usage: Use,
    /// The ratio measured.
    pub ratio: f64,
}

impl fmt::Display for ContrastProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: contrast {}:1, needs at least {}:1",
            self.usage.what,
            shown_ratio(self.ratio, self.usage.minimum),
            self.usage.minimum
        )
    }
}

/// A ratio to two decimals, never rounded up to the minimum it fails (4.499 is "4.49").
pub fn shown_ratio(ratio: f64, minimum: f64) -> String {
    let rounded = (ratio * 100.0).round() / 100.0;
    let shown = if ratio < minimum && rounded >= minimum {
        (ratio * 100.0).floor() / 100.0
    } else {
        rounded
    };
    format!("{shown:.2}")
}

/// An accent colour that puts some text or mark below WCAG AA.
#[derive(Debug, Clone, PartialEq)]
pub struct ContrastError {
    pub accent: Colour,
    /// Every failing use, light mode first, in the order of [`uses`].
    pub problems: Vec<ContrastProblem>,
    /// The nearest colour that passes everywhere (see the module docs).
    pub nearest: Colour,
}

impl ContrastError {
    /// The diagnostic's message: the colour, the first use it fails with its ratio, and
    /// how many more fail ([`ContrastError::problems`] has them all).
    pub fn message(&self) -> String {
        let more = match self.problems.len() {
            0 | 1 => String::new(),
            2 => " (and 1 more place)".to_string(),
            n => format!(" (and {} more places)", n - 1),
        };
        let first = self
            .problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        format!(
            "the brand colour {} makes text too hard to read (WCAG AA): {first}{more}",
            self.accent
        )
    }

    /// The diagnostic's help: the nearest colour that passes, ready to paste.
    pub fn help(&self) -> String {
        let (from, to) = (self.accent.oklch(), self.nearest.oklch());
        let way = if to.l < from.l { "darker" } else { "lighter" };
        // A grey has no hue to keep.
        let how = if from.chroma > 0.02 {
            format!("the same hue, {way}")
        } else {
            way.to_string()
        };
        format!(
            "the nearest colour that passes in light and dark mode is {} ({how}): colour: \"{}\"",
            self.nearest, self.nearest
        )
    }
}

impl fmt::Display for ContrastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for ContrastError {}

/// The uses of `shades` that fail, with their ratios.
fn problems(shades: &Shades) -> Vec<ContrastProblem> {
    uses(shades)
        .into_iter()
        .filter_map(|usage| {
            let ratio = contrast_ratio(usage.foreground, usage.background);
            (ratio < usage.minimum).then_some(ContrastProblem { usage, ratio })
        })
        .collect()
}

/// The accent's shades when every use passes WCAG AA; else every failing use and the
/// nearest colour that passes.
pub fn check_accent(accent: Colour) -> Result<Shades, ContrastError> {
    let shades = derive_shades(accent);
    let problems = problems(&shades);
    if problems.is_empty() {
        return Ok(shades);
    }
    Err(ContrastError {
        accent,
        problems,
        nearest: nearest_passing(accent),
    })
}

/// The colour nearest to `accent` whose every use passes: its hue and chroma, with the
/// lightness moved in steps of 0.001 both ways until a colour passes; of the first that
/// pass (one darker, one lighter), the one nearer in OKLab. `accent` itself when it
/// passes; black when nothing else does.
pub fn nearest_passing(accent: Colour) -> Colour {
    let passes = |c: Colour| problems(&derive_shades(c)).is_empty();
    if passes(accent) {
        return accent;
    }
    let Oklch { l, chroma, hue } = accent.oklch();
    let hue = hue.into_degrees();
    let distance = |c: Colour| {
        let (a, b) = (
            Oklab::from_color(accent.srgb()),
            Oklab::from_color(c.srgb()),
        );
        ((a.l - b.l).powi(2) + (a.a - b.a).powi(2) + (a.b - b.b).powi(2)).sqrt()
    };
    for step in 1..=1000 {
        let moved = f64::from(step) / 1000.0;
        let found: Vec<Colour> = [l - moved, l + moved]
            .into_iter()
            .filter(|lightness| (0.0..=1.0).contains(lightness))
            .map(|lightness| Colour::from_oklch(lightness, chroma, hue))
            .filter(|&c| passes(c))
            .collect();
        if let Some(best) = found
            .into_iter()
            .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
        {
            return best;
        }
    }
    Colour::hex(0x000000)
}

/// The CSS that puts the shades in place of the default theme's colours: custom
/// properties (`--accent`, `--accent-hover`, `--accent-header`, `--accent-header-line`,
/// `--accent-tint`) for light mode and for `prefers-color-scheme: dark`, and the theme's
/// own properties set from them. Screen only, so the print stylesheet's black and white
/// stays. It goes after the theme's stylesheet.
pub fn css_custom_properties(shades: &Shades) -> String {
    let block = |s: &ModeShades| {
        format!(
            "--accent: {}; --accent-hover: {}; --accent-header: {}; --accent-header-line: {}; --accent-tint: {};",
            s.accent, s.hover, s.header, s.header_line, s.tint
        )
    };
    format!(
        "@media screen {{\n  :root {{\n    {}\n    --link: var(--accent); --link-hover: var(--accent-hover); --header-bg: var(--accent-header); --header-line: var(--accent-header-line); --surface: var(--accent-tint);\n  }}\n}}\n@media screen and (prefers-color-scheme: dark) {{\n  :root {{\n    {}\n  }}\n}}\n",
        block(&shades.light),
        block(&shades.dark)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn contrast_ratios_are_wcags() {
        let white = Colour::hex(0xffffff);
        let black = Colour::hex(0x000000);
        assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
        let grey = parse_colour("#777").unwrap();
        let ratio = contrast_ratio(grey, white);
        assert_eq!(shown_ratio(ratio, TEXT), "4.48");
        assert!(ratio < TEXT, "#777 on white fails AA text ({ratio})");
        // #767676 is the lightest grey that passes on white (4.54:1).
        assert_eq!(
            shown_ratio(contrast_ratio(Colour::hex(0x767676), white), TEXT),
            "4.54"
        );
        // The theme's own link blue on white.
        assert_eq!(
            shown_ratio(contrast_ratio(Colour::hex(0x0a559e), white), TEXT),
            "7.48"
        );
    }

    #[test]
    fn a_failing_ratio_is_never_shown_as_its_minimum() {
        assert_eq!(shown_ratio(4.4999, TEXT), "4.49");
        assert_eq!(shown_ratio(4.5, TEXT), "4.50");
        assert_eq!(shown_ratio(2.996, MARK), "2.99");
        assert_eq!(shown_ratio(12.345, TEXT), "12.35");
    }

    #[test]
    fn colours_are_read_as_css_writes_them() {
        assert_eq!(parse_colour("#5b2a86"), Ok(Colour::hex(0x5b2a86)));
        assert_eq!(parse_colour(" #5B2A86 "), Ok(Colour::hex(0x5b2a86)));
        assert_eq!(parse_colour("#52a"), Ok(Colour::hex(0x5522aa)));
        assert_eq!(Colour::hex(0x5b2a86).to_string(), "#5b2a86");
    }

    #[test]
    fn colour_errors_say_what_is_wrong_and_where() {
        let err = parse_colour("#5b2g86").unwrap_err();
        assert_eq!((err.offset, err.len), (4, 1));
        assert_eq!(
            err.message,
            "the colour `#5b2g86` has `g`, which is not a hex digit (0 to 9 and a to f)"
        );
        assert_eq!(err.help, COLOUR_HELP);

        let err = parse_colour("  5b2a86").unwrap_err();
        assert_eq!((err.offset, err.len), (2, 6));
        assert_eq!(err.message, "the colour `5b2a86` needs a # in front");
        assert_eq!(
            err.help,
            "write colour: \"#5b2a86\", in quotes: YAML reads a # without quotes as the start of a note"
        );

        let err = parse_colour("#5b2a8").unwrap_err();
        assert_eq!((err.offset, err.len), (0, 6));
        assert_eq!(
            err.message,
            "the colour `#5b2a8` has 5 hex digits; a colour has 6 (#rrggbb) or 3 (#rgb)"
        );

        let err = parse_colour("purple").unwrap_err();
        assert_eq!(err.message, "`purple` is not a colour carebook can read");

        let err = parse_colour("").unwrap_err();
        assert_eq!(
            (err.offset, err.len, err.message.as_str()),
            (0, 0, "the colour is empty")
        );

        // A character of several bytes is one character wide.
        let err = parse_colour("#5b2é86").unwrap_err();
        assert_eq!((err.offset, err.len), (4, 2));
    }

    #[test]
    fn the_issues_purple_passes_with_its_shades() {
        let shades = check_accent(Colour::hex(0x5b2a86)).expect("#5b2a86 passes");
        assert_eq!(shades.light.accent, Colour::hex(0x5b2a86));
        assert_eq!(shades.light.header, Colour::hex(0x5b2a86));
        // Dark mode's links are light, the header dark; the hue stays purple.
        let hue = |c: Colour| c.oklch().hue.into_positive_degrees();
        assert!(shades.dark.accent.oklch().l > 0.8);
        assert!(shades.dark.header.oklch().l < 0.35);
        for c in [
            shades.light.hover,
            shades.dark.accent,
            shades.dark.hover,
            shades.dark.header,
        ] {
            assert!((hue(c) - 305.0).abs() < 3.0, "{c} keeps the hue");
        }
    }

    #[test]
    fn the_default_themes_blue_makes_the_themes_own_dark_link() {
        let shades = derive_shades(Colour::hex(0x0a559e));
        let near = |a: Colour, b: Colour| contrast_ratio(a, b) < 1.1;
        assert!(
            near(shades.dark.accent, Colour::hex(0x8ec5ff)),
            "{}",
            shades.dark.accent
        );
        assert!(
            near(shades.light.hover, Colour::hex(0x063d73)),
            "{}",
            shades.light.hover
        );
        assert!(check_accent(Colour::hex(0x0a559e)).is_ok());
    }

    #[test]
    fn a_light_colour_fails_with_its_uses_ratios_and_a_darker_colour_that_passes() {
        let err = check_accent(Colour::hex(0xffcc00)).unwrap_err();
        let first = &err.problems[0];
        assert_eq!(
            first.usage.what,
            "links on the white page background in light mode"
        );
        assert_eq!(first.usage.mode, Mode::Light);
        assert_eq!(shown_ratio(first.ratio, TEXT), "1.51");
        assert_eq!(
            first.to_string(),
            "links on the white page background in light mode: contrast 1.51:1, needs at least 4.5:1"
        );
        // Too light in light mode makes its dark-mode links too dark.
        assert!(
            err.problems.iter().any(|p| p.usage.mode == Mode::Dark),
            "{err}"
        );
        assert_eq!(
            err.message(),
            format!(
                "the brand colour #ffcc00 makes text too hard to read (WCAG AA): links on the white page background in light mode: contrast 1.51:1, needs at least 4.5:1 (and {} more places)",
                err.problems.len() - 1
            )
        );
        assert!(check_accent(err.nearest).is_ok());
        assert!(err.nearest.oklch().l < Colour::hex(0xffcc00).oklch().l);
        assert_eq!(
            err.help(),
            format!(
                "the nearest colour that passes in light and dark mode is {0} (the same hue, darker): colour: \"{0}\"",
                err.nearest
            )
        );
        // Nearest: a step lighter than it fails.
        let Oklch { l, chroma, hue } = err.nearest.oklch();
        let lighter = Colour::from_oklch(l + 0.002, chroma, hue.into_degrees());
        assert!(
            check_accent(lighter).is_err(),
            "{lighter} is lighter and still passes"
        );
    }

    #[test]
    fn a_white_header_fails_on_the_headers_text() {
        let err = check_accent(Colour::hex(0xffffff)).unwrap_err();
        let failed: Vec<&str> = err.problems.iter().map(|p| p.usage.what.as_str()).collect();
        assert!(
            failed.contains(&"the header's text on the header colour in light mode"),
            "{failed:?}"
        );
        assert_eq!(check_accent(err.nearest).map(|_| ()), Ok(()));
    }

    #[test]
    fn a_grey_that_fails_names_a_darker_grey() {
        let err = check_accent(Colour::hex(0x777777)).unwrap_err();
        assert_eq!(
            err.message(),
            format!(
                "the brand colour #777777 makes text too hard to read (WCAG AA): links on the white page background in light mode: contrast 4.48:1, needs at least 4.5:1 (and {} more places)",
                err.problems.len() - 1
            )
        );
        let Colour { red, green, blue } = err.nearest;
        assert!(
            red == green && green == blue && red < 0x77,
            "{}",
            err.nearest
        );
        assert_eq!(
            err.help(),
            format!(
                "the nearest colour that passes in light and dark mode is {0} (darker): colour: \"{0}\"",
                err.nearest
            )
        );
    }

    #[test]
    fn black_passes_everywhere() {
        assert!(check_accent(Colour::hex(0x000000)).is_ok());
    }

    #[test]
    fn css_sets_the_accent_and_the_themes_properties_for_screens() {
        let shades = derive_shades(Colour::hex(0x5b2a86));
        let css = css_custom_properties(&shades);
        let light = format!(
            "--accent: #5b2a86; --accent-hover: {}; --accent-header: #5b2a86; --accent-header-line: {}; --accent-tint: {};",
            shades.light.hover, shades.light.header_line, shades.light.tint
        );
        let dark = format!(
            "--accent: {}; --accent-hover: {}; --accent-header: {}; --accent-header-line: {}; --accent-tint: {};",
            shades.dark.accent,
            shades.dark.hover,
            shades.dark.header,
            shades.dark.header_line,
            shades.dark.tint
        );
        assert_eq!(
            css,
            format!(
                "@media screen {{\n  :root {{\n    {light}\n    --link: var(--accent); --link-hover: var(--accent-hover); --header-bg: var(--accent-header); --header-line: var(--accent-header-line); --surface: var(--accent-tint);\n  }}\n}}\n@media screen and (prefers-color-scheme: dark) {{\n  :root {{\n    {dark}\n  }}\n}}\n"
            )
        );
    }

    /// The custom properties of one block of the theme's stylesheet.
    fn properties(css: &str) -> std::collections::HashMap<String, Colour> {
        css.split([';', '{', '}'])
            .filter_map(|decl| {
                let (name, value) = decl.trim().strip_prefix("--")?.split_once(':')?;
                Some((format!("--{name}"), parse_colour(value.trim()).ok()?))
            })
            .collect()
    }

    #[test]
    fn theme_colours_are_the_stylesheets() {
        let css = include_str!("../themes/default/static/style.css");
        let light_start = css.find(":root {").unwrap();
        let dark_start = css.find("@media (prefers-color-scheme: dark)").unwrap();
        let light = properties(&css[light_start..dark_start]);
        let dark_end = dark_start + css[dark_start..].find("\n}\n").unwrap();
        let mut dark = light.clone();
        dark.extend(properties(&css[dark_start..dark_end]));
        for (theme, vars) in [(&LIGHT, &light), (&DARK, &dark)] {
            assert_eq!(theme.bg, vars["--bg"]);
            assert_eq!(theme.fg, vars["--fg"]);
            assert_eq!(theme.muted, vars["--muted"]);
            assert_eq!(theme.heading, vars["--heading"]);
            assert_eq!(theme.header_fg, vars["--header-fg"]);
            assert_eq!(theme.on_header, vars["--current"]);
            assert_eq!(theme.on_header, vars["--focus-on-dark"]);
            assert_eq!(theme.focus, vars["--focus"]);
        }
        // The search box's see-through white and hint text are what `uses` assumes.
        assert!(css.contains("background: rgb(255 255 255 / 0.08);"));
        assert!(
            css.contains(".search input::placeholder { color: var(--header-fg); opacity: 0.85; }")
        );
    }

    fn any_colour() -> impl Strategy<Value = Colour> {
        any::<[u8; 3]>().prop_map(|[red, green, blue]| Colour { red, green, blue })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn every_colour_passes_or_names_a_nearest_colour_that_passes(accent in any_colour()) {
            match check_accent(accent) {
                Ok(shades) => {
                    for usage in uses(&shades) {
                        let ratio = contrast_ratio(usage.foreground, usage.background);
                        prop_assert!(ratio >= usage.minimum, "{}: {ratio}", usage.what);
                    }
                }
                Err(err) => {
                    prop_assert!(!err.problems.is_empty());
                    for p in &err.problems {
                        prop_assert!(p.ratio < p.usage.minimum);
                    }
                    let shades = check_accent(err.nearest);
                    prop_assert!(shades.is_ok(), "{} suggested for {accent} fails", err.nearest);
                    // Only the lightness moved: a colourful accent keeps its hue.
                    let (from, to) = (accent.oklch(), err.nearest.oklch());
                    if from.chroma > 0.05 && to.chroma > 0.05 {
                        let turn = (from.hue.into_degrees() - to.hue.into_degrees()).rem_euclid(360.0);
                        prop_assert!(turn.min(360.0 - turn) < 12.0, "{accent} -> {}", err.nearest);
                    }
                }
            }
        }

        #[test]
        fn every_shade_of_a_passing_colour_passes(accent in any_colour()) {
            let nearest = nearest_passing(accent);
            let shades = derive_shades(nearest);
            for usage in uses(&shades) {
                let ratio = contrast_ratio(usage.foreground, usage.background);
                prop_assert!(ratio >= usage.minimum, "{nearest}: {}: {ratio}", usage.what);
            }
        }
    }
}
