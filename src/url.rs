//! URLs as carebook writes and reads them: percent-encoding (RFC 3986), by the
//! `percent-encoding` crate.
//!
//! Guarantees: every path and fragment carebook writes into an `href` or `src`, the
//! sitemap, canonical links, JSON-LD, QR codes and the search index goes through
//! [`encode`], which writes every byte but the unreserved characters (`A-Z a-z 0-9 - . _
//! ~`) and the `/` between segments as `%XX`. So a file called `prices?2026.pdf`,
//! `neck #1.png`, `100%.pdf`, `a:b.png` or `épaule.svg` is reached as named by any browser
//! or server (`?` never starts a query, `#` a fragment, `%` an escape, `:` a scheme), and
//! decoding the URL gives the name back. Links written in the content are read with
//! [`decode`], which never panics on a broken escape. Pure.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What a path or a fragment carebook writes keeps as it is: RFC 3986's unreserved
/// characters and `/`. Everything else, letters outside ASCII included, is `%XX`.
const KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// [`KEPT`] and `:`, for the path of a `file://` URL (`file:///C:/…`), which has a scheme
/// already, so a `:` in it cannot be read as one.
pub const FILE_PATH: &AsciiSet = &KEPT.remove(b':');

/// `text` (a path below the site root, a path relative to a page, or a fragment without
/// its `#`) percent-encoded to be written in a URL.
pub fn encode(text: &str) -> Cow<'_, str> {
    utf8_percent_encode(text, KEPT).into()
}

/// A URL's path or fragment as written in the content, its `%XX` escapes made bytes again
/// (`deep%20tissue.md` -> `deep tissue.md`); a `%` that does not start an escape is kept
/// as it is. `None` when the bytes the escapes give are not UTF-8 text (`%FF`), which can
/// name no file of the site.
pub fn decode(text: &str) -> Option<Cow<'_, str>> {
    percent_decode_str(text).decode_utf8().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_and_other_characters_are_escaped() {
        assert_eq!(
            encode("static dir/neck #1?2026 100%&a:b+é.png"),
            "static%20dir/neck%20%231%3F2026%20100%25%26a%3Ab%2B%C3%A9.png"
        );
        assert_eq!(
            encode("conditions/whiplash/index.html"),
            "conditions/whiplash/index.html"
        );
        assert!(matches!(encode("a-b_c.d~e/f"), Cow::Borrowed(_)));
    }

    #[test]
    fn decoding_gives_the_name_back() {
        for name in ["neck #1?2026 100%&a:b+é.png", "%", "%a", "%zz%", "😀/%C3"] {
            assert_eq!(decode(&encode(name)).as_deref(), Some(name));
        }
    }

    #[test]
    fn broken_escapes_are_kept_and_never_panic() {
        let decoded = |text| decode(text).map(Cow::into_owned);
        assert_eq!(
            decoded("deep%20tissue.md").as_deref(),
            Some("deep tissue.md")
        );
        assert_eq!(decoded("100%").as_deref(), Some("100%"));
        // A `%` and a hex digit before a letter outside ASCII once sliced it in two.
        assert_eq!(decoded("%aé.md").as_deref(), Some("%aé.md"));
        assert_eq!(decoded("%é%€%").as_deref(), Some("%é%€%"));
        assert_eq!(decoded("%C3%A9paule").as_deref(), Some("épaule"));
        assert_eq!(decoded("%FF.md"), None);
        assert_eq!(decoded("%C3.md"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_survives_encoding(text in "\\PC{0,40}") {
            let encoded = encode(&text);
            proptest::prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)));
            let decoded = decode(&encoded);
            proptest::prop_assert_eq!(decoded.as_deref(), Some(text.as_str()));
        }

        #[test]
        fn any_text_decodes_without_panic(text in "[%a-f0-9é€😀/ ]{0,40}") {
            let _ = decode(&text);
        }
    }
}
