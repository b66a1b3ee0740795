//! Typed reading of a front matter with serde_yaml: key by key, in the order written, each
//! value read as its field's type ([`RawFrontMatterSeed`]).
//!
//! Guarantees: every text and list item read is counted against a [`Budget`], so YAML
//! aliases cannot make the values outgrow the front matter by more than
//! [`super::ALIAS_ALLOWANCE`]; a date is a real calendar date written `YYYY-MM-DD`; a list of
//! text also takes one text, numbers and booleans (as their text) and an empty value. A
//! type error is raised inside the value's own visitor, so serde_yaml marks it with the
//! value's line and column; carebook's own messages carry their help line ([`own_error`]).
//! Pure.

use std::cell::Cell;
use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::fields::RawValue;

/// Starts a message made by carebook's own deserializers, with its help after a second
/// [`OWN`]: `{OWN}message{OWN}help`. serde_yaml may put the path of keys before it.
pub const OWN: char = '\u{1f}';

/// A message of carebook's own for a `de::Error::custom`, with its help line.
pub fn own_error<E: de::Error>(message: impl fmt::Display, help: impl fmt::Display) -> E {
    E::custom(format!("{OWN}{message}{OWN}{help}"))
}

/// What the values of one front matter may still add up to, in bytes (see
/// [`ALIAS_ALLOWANCE`]). Each string read, and each list item, takes from it.
pub(super) struct Budget(pub(super) Cell<usize>);

impl Budget {
    fn take<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        match self.0.get().checked_sub(bytes) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(own_error(
                "the YAML aliases (`*name`) here repeat values to far more text than is written; carebook does not expand aliases this far",
                "YAML anchors and aliases (`&name`, `*name`) repeat a value each time they are used; write the values out plainly",
            )),
        }
    }
}

/// Text, counted against the [`Budget`].
pub(super) struct Text<'b>(pub(super) &'b Budget);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        let s = String::deserialize(d)?;
        self.0.take(s.len() + 1)?;
        Ok(s)
    }
}

/// A list of strings that may also be written as one string (`tags: neck`), or left
/// empty (`tags:`). Every item is counted against the [`Budget`].
#[derive(Debug, Default)]
pub(super) struct StringList(pub(super) Vec<String>);

pub(super) struct StringListSeed<'b>(pub(super) &'b Budget);

impl<'de> DeserializeSeed<'de> for StringListSeed<'_> {
    type Value = StringList;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<StringList, D::Error> {
        struct V<'b>(&'b Budget);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = StringList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of text items, like [one, two]")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<StringList, E> {
                self.0.take(s.len() + 1)?;
                Ok(StringList(vec![s.to_string()]))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<StringList, E> {
                self.visit_str(if b { "true" } else { "false" })
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<StringList, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<StringList, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<StringList, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<StringList, E> {
                Ok(StringList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StringList, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element_seed(Text(self.0))? {
                    items.push(item);
                }
                Ok(StringList(items))
            }
        }
        d.deserialize_any(V(self.0))
    }
}

/// The items of `sources:`: each a text, or a text with the key a body cites it by
/// (`- nhs: NHS, Massage (2024)`, a mapping of one key); one text alone, or nothing, as
/// for a [`StringList`]. `(key, text)`, counted against the [`Budget`].
#[derive(Debug, Default)]
pub(super) struct SourceItems(pub(super) Vec<(Option<String>, String)>);

pub(super) struct SourceItemsSeed<'b>(pub(super) &'b Budget);

/// One item of `sources:` ([`SourceItems`]).
struct SourceItemSeed<'b>(&'b Budget);

/// Reads the entries of a mapping of keyed sources, each `(key, text)`.
fn keyed_sources<'de, A: MapAccess<'de>>(
    mut map: A,
    budget: &Budget,
) -> Result<Vec<(Option<String>, String)>, A::Error> {
    let mut items = Vec::new();
    while let Some(key) = map.next_key_seed(Text(budget))? {
        let text = map.next_value_seed(Text(budget))?;
        items.push((Some(key), text));
    }
    Ok(items)
}

impl<'de> DeserializeSeed<'de> for SourceItemSeed<'_> {
    type Value = (Option<String>, String);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V<'b>(&'b Budget);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = (Option<String>, String);
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a source, as text or as `key: text`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                self.0.take(s.len() + 1)?;
                Ok((None, s.to_string()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let mut items = keyed_sources(map, self.0)?;
                if items.len() != 1 {
                    return Err(own_error(
                        "a source is one line: its text, or the key a footnote cites it by and its text",
                        "write each source as its own item, `- nhs: \"NHS: Massage (2024)\"`, cited in the text as `[^nhs]`",
                    ));
                }
                Ok(items.remove(0))
            }
        }
        d.deserialize_any(V(self.0))
    }
}

impl<'de> DeserializeSeed<'de> for SourceItemsSeed<'_> {
    type Value = SourceItems;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<SourceItems, D::Error> {
        struct V<'b>(&'b Budget);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = SourceItems;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of sources, each its text or `key: text`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<SourceItems, E> {
                self.0.take(s.len() + 1)?;
                Ok(SourceItems(vec![(None, s.to_string())]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<SourceItems, E> {
                Ok(SourceItems::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<SourceItems, E> {
                Ok(SourceItems::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SourceItems, A::Error> {
                Ok(SourceItems(keyed_sources(map, self.0)?))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SourceItems, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element_seed(SourceItemSeed(self.0))? {
                    items.push(item);
                }
                Ok(SourceItems(items))
            }
        }
        d.deserialize_any(V(self.0))
    }
}

/// A calendar date written `YYYY-MM-DD`; `None` when the value is what YAML reads as
/// nothing (`reviewed:` left empty, `~`): not set.
pub(super) struct IsoDate(pub(super) Option<Date>);

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The check runs inside the visitor, so serde_yaml marks the error with the
        // value's line and column.
        struct V;
        impl Visitor<'_> for V {
            type Value = IsoDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written as YYYY-MM-DD")
            }
            fn visit_unit<E: de::Error>(self) -> Result<IsoDate, E> {
                Ok(IsoDate(None))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<IsoDate, E> {
                parse_date(s).map(|d| IsoDate(Some(d))).ok_or_else(|| {
                    own_error(
                        format!("`{s}` is not a date; write it as YYYY-MM-DD, for example 2026-10-01"),
                        "write the date as year-month-day with two-digit month and day, for example 2026-10-01, and check that the day exists",
                    )
                })
            }
        }
        // Any, not str: an empty value is then `visit_unit`, and a number (`20261001`)
        // an error that says so.
        d.deserialize_any(V)
    }
}

/// Parses a strict ISO 8601 calendar date (`2026-10-01`).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i16>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y, m as i8, d as i8).ok()
}

/// Keys in the order written, each with its typed value. Deserialized key by key from the
/// YAML stream, so a type error carries the place of the value at fault; every text is
/// counted against the [`Budget`].
pub(super) struct RawFrontMatter(pub(super) Vec<(String, RawValue)>);

pub(super) struct RawFrontMatterSeed<'b>(pub(super) &'b Budget);

impl<'de> DeserializeSeed<'de> for RawFrontMatterSeed<'_> {
    type Value = RawFrontMatter;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawFrontMatter, D::Error> {
        struct V<'b>(&'b Budget);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = RawFrontMatter;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("front matter written as `key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let budget = self.0;
                let mut out = Vec::new();
                while let Some(key) = map.next_key_seed(Text(budget))? {
                    let value = RawValue::read(&key, &mut map, budget)?;
                    out.push((key, value));
                }
                Ok(RawFrontMatter(out))
            }
        }
        d.deserialize_map(V(self.0))
    }
}
