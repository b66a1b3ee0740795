//! What every page shows of the clinic's settings ([`crate::config::Clinic`]): the logo,
//! the favicon, the extra stylesheet, the disclaimer and the contact details, as templates
//! see them in `page.site`.
//!
//! Guarantees: every address here is a path below the site root, percent-encoded by
//! [`crate::url`], for a template to put after `page.root`; there is always a favicon (the
//! site's `brand.favicon`, else its logo when that is an SVG or a PNG, else the default
//! theme's `favicon.svg`, which every site publishes), so no browser asks for a missing
//! `/favicon.ico`; the contact's texts are plain strings (tera escapes them). Needs: the
//! site's settings. Pure.

use serde::Serialize;

use crate::config::{Clinic, ImageKind};
use crate::url;

/// The default theme's icon (its `static/favicon.svg`), for a site without one.
pub const THEME_FAVICON: &str = "favicon.svg";

/// `page.site`'s clinic parts, made once per build.
#[derive(Serialize)]
pub(super) struct ClinicView {
    logo: Option<LogoView>,
    favicon: FaviconView,
    /// The extra stylesheet's address.
    extra_css: Option<String>,
    /// The footer's sentence; absent with `disclaimer: false`. Templates get it in
    /// `page.site.disclaimer`, in the page's language when the site keeps the theme's.
    #[serde(skip)]
    disclaimer: Option<String>,
    contact: Option<ContactView>,
}

#[derive(Serialize)]
struct LogoView {
    src: String,
    width: Option<u32>,
    height: Option<u32>,
}

#[derive(Serialize)]
struct FaviconView {
    href: String,
    /// Its media type, for `type=`.
    mime: &'static str,
}

#[derive(Serialize)]
struct ContactView {
    phone: Option<String>,
    /// The number for `href="tel:…"`: digits, and `+` in front when written.
    tel: Option<String>,
    email: Option<String>,
    /// The address for `href=`: `mailto:` and the address, percent-encoded.
    mailto: Option<String>,
    address: Option<String>,
    hours: Option<String>,
}

impl ClinicView {
    pub(super) fn new(clinic: &Clinic) -> Self {
        let encoded = |path: &str| url::encode(path).into_owned();
        let icon = clinic.favicon.as_ref().or(clinic
            .logo
            .as_ref()
            .filter(|l| matches!(l.kind, ImageKind::Svg | ImageKind::Png)));
        ClinicView {
            logo: clinic.logo.as_ref().map(|logo| LogoView {
                src: encoded(&logo.path),
                width: logo.size.map(|(w, _)| w),
                height: logo.size.map(|(_, h)| h),
            }),
            favicon: match icon {
                Some(icon) => FaviconView {
                    href: encoded(&icon.path),
                    mime: icon.kind.mime(),
                },
                None => FaviconView {
                    href: THEME_FAVICON.to_string(),
                    mime: ImageKind::Svg.mime(),
                },
            },
            extra_css: clinic.extra_css.as_deref().map(encoded),
            disclaimer: clinic.disclaimer.clone(),
            contact: clinic.contact.as_ref().map(|c| ContactView {
                phone: c.phone.clone(),
                tel: c.tel.clone(),
                email: c.email.clone(),
                mailto: c.email.as_deref().map(mailto),
                address: c.address.clone(),
                hours: c.hours.clone(),
            }),
        }
    }
}

impl ClinicView {
    /// The footer's sentence as `site.yaml` has it (the default one when not set).
    pub(super) fn disclaimer(&self) -> Option<&str> {
        self.disclaimer.as_deref()
    }
}

/// `mailto:` and `email` (an address, checked by the settings), each side of its `@`
/// percent-encoded, so a `?`, `%` or `#` in it stays part of the address.
fn mailto(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!("mailto:{}@{}", url::encode(local), url::encode(domain)),
        None => format!("mailto:{}", url::encode(email)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mailto_keeps_the_address_whole() {
        assert_eq!(
            super::mailto("reception@example.org"),
            "mailto:reception@example.org"
        );
        assert_eq!(
            super::mailto("a?b%c@example.org"),
            "mailto:a%3Fb%25c@example.org"
        );
    }
}
