//! The content model's kinds: the six built into every site ([`BuiltinKind`], each
//! declared once, here) and those `site.yaml` adds, with their relations.
//!
//! Guarantees: the built-in kinds are the first six of [`super::Config::kinds`], in the
//! order of [`BuiltinKind::ALL`], so [`BuiltinKind::id`] is each one's [`KindId`] in every
//! [`super::Config`]; code that means a built-in kind names it by this type, never by a
//! string. Pure data: [`super::parse`] builds the list.

use crate::frontmatter::FIELDS;

/// Index of a kind in [`super::Config::kinds`].
pub type KindId = usize;

/// What a relation may point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Kind(KindId),
    /// A handout's `entries`: any kind, in the order written.
    Any,
}

/// A relation declared once, from one kind to another; its inverse is computed.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The front-matter key on the source kind, e.g. `techniques`.
    pub key: String,
    pub target: Target,
    /// Heading of the computed inverse list on the target's page, e.g. "Used for".
    /// `None`: the inverse is not shown (a handout's entries).
    pub inverse: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Kind {
    pub name: String,
    pub folder: String,
    /// What one entry of the kind is called in messages: "safety note", "exercise".
    pub label: String,
    /// Heading of the kind's A–Z page and its navigation label, e.g. "Conditions".
    pub title: String,
    pub relations: Vec<Relation>,
    /// Which built-in kind it is; `None` for a kind `site.yaml` adds.
    pub builtin: Option<BuiltinKind>,
}

pub use crate::frontmatter::BuiltinKind;

impl BuiltinKind {
    /// Every built-in kind, in the order (and so with the ids) every site has them.
    pub const ALL: [BuiltinKind; 6] = [
        BuiltinKind::Condition,
        BuiltinKind::Technique,
        BuiltinKind::Benefit,
        BuiltinKind::Safety,
        BuiltinKind::Handout,
        BuiltinKind::Page,
    ];

    /// Its id in every [`Config`] (see [`super::Config::builtin`]).
    pub fn id(self) -> KindId {
        self as KindId
    }

    /// The kind as every site has it, with DESIGN.md's relations and inverse labels.
    pub fn kind(self) -> Kind {
        use BuiltinKind::*;
        let rel = |key: &str, target: BuiltinKind, inverse: &str| Relation {
            key: key.into(),
            target: Target::Kind(target.id()),
            inverse: Some(inverse.into()),
        };
        let (name, folder, label, title, relations) = match self {
            Condition => (
                "condition",
                "conditions",
                "condition",
                "Conditions",
                vec![
                    rel("techniques", Technique, "Used for"),
                    rel("benefits", Benefit, "Helps with"),
                    rel("safety", Safety, "Applies to"),
                ],
            ),
            Technique => (
                "technique",
                "techniques",
                "technique",
                "Techniques",
                vec![
                    rel("benefits", Benefit, "Delivered by"),
                    rel("safety", Safety, "Applies to"),
                ],
            ),
            Benefit => ("benefit", "benefits", "benefit", "Benefits", vec![]),
            Safety => ("safety", "safety", "safety note", "Safety notes", vec![]),
            Handout => (
                "handout",
                "handouts",
                "handout",
                "Handouts",
                vec![Relation {
                    key: "entries".into(),
                    target: Target::Any,
                    inverse: None,
                }],
            ),
            Page => ("page", "pages", "page", "Pages", vec![]),
        };
        Kind {
            name: name.into(),
            folder: folder.into(),
            label: label.into(),
            title: title.into(),
            relations,
            builtin: Some(self),
        }
    }
}

impl Kind {
    /// Is it the plain pages (`content/pages/`: About, Contact), published at the site's
    /// root, with no A–Z page and no relations?
    pub fn is_plain_pages(&self) -> bool {
        self.builtin == Some(BuiltinKind::Page)
    }

    /// The fixed front-matter keys an entry of this kind may have, in the order of
    /// [`FIELDS`].
    pub fn fixed_keys(&self) -> Vec<&'static str> {
        FIELDS
            .iter()
            .filter(|f| f.is_for(self.builtin))
            .map(|f| f.key)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_kind_is_at_its_id() {
        let config = super::super::parse("title: C\n", std::path::Path::new("site.yaml")).unwrap();
        for kind in BuiltinKind::ALL {
            let id = config.builtin(kind);
            assert_eq!(config.kinds[id].builtin, Some(kind));
            assert_eq!(config.kinds[id].name, kind.kind().name);
        }
        assert_eq!(config.kinds.len(), BuiltinKind::ALL.len());
    }
}
