//! schema.org JSON-LD of an entry page: a `MedicalWebPage` about a `MedicalCondition` or
//! `MedicalTherapy`, with its review; and of the home page, when `contact:` is set: the
//! clinic as a `MedicalClinic` (its name, address, telephone, email, opening hours, and
//! with a `base_url` its address and logo).
//!
//! Guarantees: the JSON is safe inside `<script>` (no raw `<`), its keys are in the byte
//! order serde_json writes a map's keys in, and its URLs are relative to the page, or
//! absolute when the site has a `base_url`. Needs: a [`Reader`] of a resolved site. Pure.

use serde::Serialize;

use crate::config::{BuiltinKind, Config};
use crate::frontmatter::Audience;
use crate::graph::EntryId;

use super::Renderer;
use super::reads::Reader;

// Fields in byte order of their names (`@…` first), as serde_json writes the keys of a map.

#[derive(Serialize)]
struct JsonLdPage<'s> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<JsonLdAbout<'s>>,
    audience: JsonLdAudience,
    description: &'s str,
    #[serde(rename = "inLanguage")]
    in_language: &'s str,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    name: &'s str,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<JsonLdOrganization<'s>>,
    url: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonLdAbout<'s> {
    Condition(JsonLdCondition<'s>),
    Therapy(JsonLdTherapy<'s>),
}

#[derive(Serialize)]
struct JsonLdCondition<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'s [String],
    name: &'s str,
    #[serde(rename = "possibleTreatment")]
    possible_treatment: Vec<JsonLdLink<'s>>,
}

#[derive(Serialize)]
struct JsonLdTherapy<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    contraindication: Vec<JsonLdLink<'s>>,
    name: &'s str,
}

#[derive(Serialize)]
struct JsonLdLink<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'s str,
    url: String,
}

#[derive(Serialize)]
struct JsonLdAudience {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "audienceType")]
    audience_type: &'static str,
}

#[derive(Serialize)]
struct JsonLdOrganization<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'s str,
    name: &'s str,
}

#[derive(Serialize)]
struct JsonLdClinic<'s> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<JsonLdAddress<'s>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'s str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<String>,
    name: &'s str,
    #[serde(rename = "openingHours", skip_serializing_if = "Option::is_none")]
    opening_hours: Option<&'s str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<&'s str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'s str>,
}

#[derive(Serialize)]
struct JsonLdAddress<'s> {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The address as the clinic writes it, on one line.
    #[serde(rename = "streetAddress")]
    street_address: &'s str,
}

/// `json` made safe inside `<script>`: `<` never appears raw, so no `</script>` can end
/// the block early.
fn script_safe(json: &impl Serialize) -> String {
    serde_json::to_string(json)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

impl<'a> Renderer<'a> {
    /// The clinic's `MedicalClinic` JSON-LD for the home page, when `contact:` is set,
    /// made safe to put inside `<script>`.
    pub(super) fn clinic_jsonld(&self, config: &Config) -> Option<String> {
        let contact = config.clinic.contact.as_ref()?;
        let base = Some(config.base_url.as_str()).filter(|b| !b.is_empty());
        let clinic = JsonLdClinic {
            context: "https://schema.org",
            kind: "MedicalClinic",
            address: contact.address.as_deref().map(|a| JsonLdAddress {
                kind: "PostalAddress",
                street_address: a,
            }),
            email: contact.email.as_deref(),
            logo: base
                .zip(config.clinic.logo.as_ref())
                .map(|(base, logo)| format!("{base}{}", crate::url::encode(&logo.path))),
            name: &config.title,
            opening_hours: contact.hours.as_deref(),
            telephone: contact.phone.as_deref(),
            url: base,
        };
        Some(script_safe(&clinic))
    }

    /// schema.org JSON-LD for entry `id`'s page, whose way to the site root is `root`,
    /// made safe to put inside `<script>`.
    pub(super) fn jsonld(
        &self,
        reader: &Reader<'_>,
        id: EntryId,
        root: &str,
        t: &super::strings::Table,
    ) -> String {
        let config = reader.config();
        let entry = reader.full(id);
        let e = entry.meta();
        let front = e.front();
        let kind = config.kinds[e.kind()].builtin;
        let language = t.tag().to_string();
        let url = |i: EntryId| {
            let path = reader.url(i);
            if config.base_url.is_empty() {
                format!("{root}{path}")
            } else {
                format!("{}{}", config.base_url, path.trim_end_matches("index.html"))
            }
        };
        let listed = |kind: BuiltinKind| -> Vec<EntryId> {
            entry
                .outgoing()
                .iter()
                .flat_map(|o| o.targets.iter().copied())
                .filter(|&t| reader.meta(t).kind() == config.builtin(kind))
                .collect()
        };
        let about = match kind {
            Some(BuiltinKind::Condition) => Some(JsonLdAbout::Condition(JsonLdCondition {
                kind: "MedicalCondition",
                alternate_name: &front.aliases,
                name: e.title(),
                possible_treatment: listed(BuiltinKind::Technique)
                    .iter()
                    .map(|&t| JsonLdLink {
                        kind: "MedicalTherapy",
                        name: reader.meta(t).title(),
                        url: url(t),
                    })
                    .collect(),
            })),
            Some(BuiltinKind::Technique) => Some(JsonLdAbout::Therapy(JsonLdTherapy {
                kind: "MedicalTherapy",
                contraindication: entry
                    .safety()
                    .iter()
                    .map(|a| JsonLdLink {
                        kind: "MedicalContraindication",
                        name: reader.meta(a.note).title(),
                        url: url(a.note),
                    })
                    .collect(),
                name: e.title(),
            })),
            _ => None,
        };
        let audience = match front.audience {
            Audience::Patient => "Patient",
            Audience::Trainee => "MedicalAudience",
            Audience::Clinician => "Clinician",
        };
        let page = JsonLdPage {
            context: "https://schema.org",
            kind: "MedicalWebPage",
            about,
            audience: JsonLdAudience {
                kind: "MedicalAudience",
                audience_type: audience,
            },
            description: e.summary(),
            in_language: &language,
            last_reviewed: front.reviewed.map(|d| d.to_string()),
            name: e.title(),
            reviewed_by: front.reviewed_by.as_deref().map(|by| JsonLdOrganization {
                kind: "Organization",
                description: by,
                name: &config.title,
            }),
            url: url(id),
        };
        script_safe(&page)
    }
}
