//! The names of the site's entries — slugs, aliases, paths, by kind — and what a name
//! written in a link or a relation means: one entry, a draft, two entries (an ambiguous
//! alias), or nothing (with the nearest name for "did you mean"). Built once per resolve;
//! also reports aliases that two pages claim. Needs: the load stage's entries.

use super::*;

/// Lookup tables over the published entries, and over the drafts left out of them.
pub(super) struct Index<'a> {
    pub(super) config: &'a Config,
    pub(super) entries: &'a [Entry],
    by_kind: HashMap<(KindId, String), EntryId>,
    by_slug: HashMap<String, Vec<EntryId>>,
    /// Each alias (as a slug) with the entries that claim it, each entry once.
    by_alias: HashMap<String, Vec<EntryId>>,
    pub(super) drafts: &'a [Entry],
    /// Each slug and alias of a draft with the drafts that have it (indexes in `drafts`).
    draft_names: HashMap<String, Vec<usize>>,
    failed: &'a [(KindId, String)],
    pub(super) static_files: &'a StaticFiles,
    /// The pictures of `static/` and those beside pages.
    pub(super) images: &'a crate::content::images::Images,
}

pub(super) enum Lookup {
    Found(EntryId),
    /// A draft (its index in [`Index::drafts`]): not published, so the link or reference
    /// is left out with a warning ([`draft_warning`]), never refused.
    Draft(usize),
    Missing(Diagnostic),
    /// Names a file that failed to load, whose own error says all there is to say.
    Unreported,
}

/// Where a name of an entry is written, for the words of a message about it.
#[derive(Clone, Copy)]
pub(super) enum Naming<'r> {
    /// A link in a body.
    Link,
    /// A relation of front matter, by its key (`techniques`).
    Relation(&'r str),
    /// A handout's `entries`.
    Chapter,
}

/// The aliases of `e` as slugs, each once, without its own slug: the names an alias adds.
pub(super) fn alias_slugs(e: &Entry) -> Vec<String> {
    let mut slugs: Vec<String> = e
        .meta
        .aliases
        .iter()
        .map(|a| slugify(a))
        .filter(|a| !a.is_empty() && *a != e.slug)
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

impl<'a> Index<'a> {
    pub(super) fn new(
        config: &'a Config,
        entries: &'a [Entry],
        drafts: &'a [Entry],
        failed: &'a [(KindId, String)],
        static_files: &'a StaticFiles,
        images: &'a crate::content::images::Images,
    ) -> Self {
        let mut by_kind = HashMap::new();
        let mut by_slug: HashMap<String, Vec<EntryId>> = HashMap::new();
        let mut by_alias: HashMap<String, Vec<EntryId>> = HashMap::new();
        // Links name the entries of the default language; a page shows a link to one in
        // its own language when there is a translation (the render stage's to choose).
        let sources = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.language == crate::config::DEFAULT_LANGUAGE);
        for (id, e) in sources {
            by_kind.insert((e.kind, e.slug.clone()), id);
            by_slug.entry(e.slug.clone()).or_default().push(id);
            for alias in alias_slugs(e) {
                by_alias.entry(alias).or_default().push(id);
            }
        }
        let mut draft_names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in drafts.iter().enumerate() {
            for name in std::iter::once(d.slug.clone()).chain(alias_slugs(d)) {
                draft_names.entry(name).or_default().push(i);
            }
        }
        Index {
            config,
            entries,
            by_kind,
            by_slug,
            by_alias,
            drafts,
            draft_names,
            failed,
            static_files,
            images,
        }
    }

    pub(super) fn describe(&self, id: EntryId) -> String {
        let e = &self.entries[id];
        format!("{}/{}", self.config.kinds[e.kind].folder, e.slug)
    }

    /// The files of `ids`, for a message: "content/a.md and content/b.md".
    pub(super) fn files(&self, ids: &[EntryId]) -> String {
        let files: Vec<String> = ids
            .iter()
            .map(|&id| self.entries[id].path.display().to_string())
            .collect();
        match files.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// Finds `written` (`slug`, `kind/slug` or `folder/slug`, or an alias), which must be
    /// of kind `want` when given. A slug comes before an alias: a slug is the address of
    /// its page, unique within its kind. `span` makes the place where it is written (only
    /// called when there is a problem to report); `file_link` is the destination of a
    /// Markdown link to a file (`../conditions/x.md`), so that a suggestion is written
    /// the same way.
    pub(super) fn find(
        &self,
        written: &str,
        want: Option<KindId>,
        file_link: Option<&str>,
        span: &dyn Fn() -> Span,
    ) -> Lookup {
        let missing = |message: String, help: Option<String>| {
            let d = Diagnostic::error(span(), message);
            Lookup::Missing(match help {
                Some(h) => d.with_help(h),
                None => d,
            })
        };
        let (prefix, name) = match written.split_once('/') {
            Some((p, n)) => (Some(p), n),
            None => (None, written),
        };
        if let Some(found) = self.nested_page(written, prefix, name, want, file_link, span) {
            return found;
        }
        let slug = slugify(name);
        if written.contains("..")
            || written.starts_with('/')
            || name.contains('/')
            || slug.is_empty()
        {
            return missing(
                format!("`{written}` is not the name of an entry"),
                Some(match self.named_by_file(written, want) {
                    Some(id) => format!(
                        "name the entry by its kind and slug, not by its file: `{}`",
                        self.describe(id)
                    ),
                    None => {
                        "write a slug such as `whiplash` or `techniques/deep-tissue-massage`".into()
                    }
                }),
            );
        }
        let kind = match prefix {
            None => None,
            Some(p) => match self.config.kind_by_name_or_folder(p) {
                Some(k) => Some(k),
                None => {
                    let folders: Vec<&str> = self
                        .config
                        .kinds
                        .iter()
                        .map(|k| k.folder.as_str())
                        .collect();
                    return missing(
                        format!("`{p}` is not a kind of entry"),
                        Some(match did_you_mean(p, folders.iter().copied()) {
                            Some(s) => format!("did you mean `{s}/{name}`?"),
                            None => format!("kinds are: {}", folders.join(", ")),
                        }),
                    );
                }
            },
        };
        if let (Some(k), Some(w)) = (kind, want)
            && k != w
        {
            return missing(
                format!(
                    "`{written}` is a {}, but this list takes {}",
                    self.config.kinds[k].label, self.config.kinds[w].folder
                ),
                Some(format!("list only {} here", self.config.kinds[w].folder)),
            );
        }
        let kind = kind.or(want);
        let of_kind = |k: KindId| kind.is_none_or(|want| k == want);
        let candidates: Vec<EntryId> = match kind {
            Some(k) => self
                .by_kind
                .get(&(k, slug.clone()))
                .into_iter()
                .copied()
                .collect(),
            None => self.by_slug.get(&slug).cloned().unwrap_or_default(),
        };
        match candidates.as_slice() {
            [id] => return Lookup::Found(*id),
            [] => {}
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|&id| format!("`{}`", self.describe(id)))
                    .collect();
                return missing(
                    format!("`{written}` could be any of {}", names.join(" or ")),
                    Some(format!(
                        "write the kind too, e.g. `{}`",
                        self.describe(many[0])
                    )),
                );
            }
        }
        // Not a slug: an alias may name it.
        let aliased: Vec<EntryId> = self
            .by_alias
            .get(&slug)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&id| of_kind(self.entries[id].kind))
            .collect();
        match aliased.as_slice() {
            [id] => return Lookup::Found(*id),
            [] => {}
            many => {
                return missing(
                    format!(
                        "`{written}` is an alias of more than one page: {}",
                        self.files(many)
                    ),
                    Some(format!(
                        "name the page you mean by its slug, e.g. `{}`, and keep the alias on one page only",
                        self.describe(many[0])
                    )),
                );
            }
        }
        if self.failed.iter().any(|(k, s)| s == &slug && of_kind(*k)) {
            // That file has its own error already; a second one here would only repeat it.
            return Lookup::Unreported;
        }
        if let Some(&draft) = self
            .draft_names
            .get(&slug)
            .into_iter()
            .flatten()
            .find(|&&i| of_kind(self.drafts[i].kind))
        {
            return Lookup::Draft(draft);
        }
        // Wrong kind, or a typo: say which.
        if let Some(k) = want
            && let Some(&other) = self
                .by_slug
                .get(&slug)
                .or_else(|| self.by_alias.get(&slug))
                .and_then(|v| v.first())
        {
            let other_kind = &self.config.kinds[self.entries[other].kind];
            return missing(
                format!(
                    "`{written}` is a {}, but this list takes {}",
                    other_kind.label, self.config.kinds[k].folder
                ),
                Some(format!("list only {} here", self.config.kinds[k].folder)),
            );
        }
        let what = match kind {
            Some(k) => format!("no {} called `{name}`", self.config.kinds[k].label),
            None => format!("no entry called `{name}`"),
        };
        let help = match self.suggestion(name, &slug, kind, prefix, file_link) {
            Some(name) => format!("did you mean `{name}`?"),
            None => match kind {
                Some(k) => format!(
                    "the slug is the file name without `.md`; check content/{}/",
                    self.config.kinds[k].folder
                ),
                None => "the slug is the file name without `.md`".into(),
            },
        };
        missing(what, Some(help))
    }

    /// A plain page in a folder of `content/pages/`, named by its path below it
    /// (`fees/massage`), with or without the kind (`pages/fees/massage`); `None` when
    /// `written` is not written as such a path. A path that names no page is missing, with
    /// the nearest page's path (in the form written: a file link's ending and folders).
    fn nested_page(
        &self,
        written: &str,
        prefix: Option<&str>,
        name: &str,
        want: Option<KindId>,
        file_link: Option<&str>,
        span: &dyn Fn() -> Span,
    ) -> Option<Lookup> {
        let pages = self.config.builtin(crate::config::BuiltinKind::Page);
        if want.is_some_and(|w| w != pages) || written.contains("..") || written.starts_with('/') {
            return None;
        }
        let below = match prefix {
            Some(p) if self.config.kind_by_name_or_folder(p) == Some(pages) => name,
            Some(p) if self.config.kind_by_name_or_folder(p).is_none() => written,
            _ => return None,
        };
        if !below.contains('/') {
            return None;
        }
        let slug = crate::names::path_slug(below);
        if let Some(&id) = self.by_kind.get(&(pages, slug.clone())) {
            return Some(Lookup::Found(id));
        }
        if let Some(&draft) = self
            .draft_names
            .get(&slug)
            .into_iter()
            .flatten()
            .find(|&&i| self.drafts[i].kind == pages)
        {
            return Some(Lookup::Draft(draft));
        }
        if self.failed.iter().any(|(k, s)| *k == pages && *s == slug) {
            return Some(Lookup::Unreported);
        }
        let page_slugs = self
            .entries
            .iter()
            .filter(|e| e.kind == pages)
            .map(|e| e.slug.as_str());
        let nearest = did_you_mean(&slug, page_slugs);
        if below == written {
            // Not written with the kind: a misspelt kind (`conditons/whiplash`) is told so,
            // unless a page's path is near what is written.
            let folders = self.config.kinds.iter().map(|k| k.folder.as_str());
            let kind_meant = prefix.and_then(|p| did_you_mean(p, folders));
            if nearest.is_none() || kind_meant.is_some() {
                return None;
            }
        }
        let message = format!("no page called `{below}`");
        let help = match nearest {
            Some(best) => {
                let suggestion = match file_link {
                    // The file link as written, its last parts (as many as the page's path
                    // has) made the nearest page's.
                    Some(dest) => {
                        let (path, ending) = match dest.rfind('.') {
                            Some(dot) if !dest[dot..].contains('/') => dest.split_at(dot),
                            _ => (dest, ".md"),
                        };
                        let mut parts: Vec<&str> = path.split('/').collect();
                        let keep = parts.len().saturating_sub(below.split('/').count());
                        parts.truncate(keep);
                        parts.push(best);
                        format!("{}{ending}", parts.join("/"))
                    }
                    None => match prefix {
                        Some(p) if below == name => format!("{p}/{best}"),
                        _ => best.to_string(),
                    },
                };
                format!("did you mean `{suggestion}`?")
            }
            None => format!(
                "a page's name is its path below content/{}/, without `.md`",
                self.config.kinds[pages].folder
            ),
        };
        Some(Lookup::Missing(
            Diagnostic::error(span(), message).with_help(help),
        ))
    }

    /// How to write the published name (of kind `kind`, when given) nearest to `slug`, the
    /// slug of `written` (a name as written, without its kind), in the form of the misspelt
    /// one: the one suggestion every misspelt name gets, in a body or in front matter. A
    /// name is a slug or an alias (not for a Markdown link to a file, which names a file:
    /// then the suggestion is that file's path, with the ending written); a file name,
    /// `whiplash.md` or `Whiplash.markdown`, suggests `whiplash`. A prefix written stays; a
    /// bare slug that would name entries of two kinds gets its kind.
    pub(super) fn suggestion(
        &self,
        written: &str,
        slug: &str,
        kind: Option<KindId>,
        prefix: Option<&str>,
        file_link: Option<&str>,
    ) -> Option<String> {
        let of_kind = |id: &EntryId| kind.is_none_or(|k| self.entries[*id].kind == k);
        let slugs = self
            .entries
            .iter()
            .enumerate()
            .filter(|(id, _)| of_kind(id))
            .map(|(id, e)| (e.slug.as_str(), id, false));
        let aliases = self
            .by_alias
            .iter()
            .filter(|_| file_link.is_none())
            .flat_map(|(alias, ids)| {
                ids.iter()
                    .filter(|id| of_kind(id))
                    .map(move |&id| (alias.as_str(), id, ids.len() == 1))
            });
        let names: Vec<(&str, EntryId, bool)> = slugs.chain(aliases).collect();
        // A file name written as a name (`[[whiplash.md]]`): the entry of that file.
        let file_named = markdown_stem(written).map(slugify);
        let (name, id, by_alias) = match file_named.and_then(|stem| {
            names
                .iter()
                .find(|(n, _, by_alias)| *n == stem && !by_alias)
        }) {
            Some(&found) => found,
            None => {
                let best = did_you_mean(slug, names.iter().map(|(n, _, _)| *n))?;
                *names.iter().find(|(n, _, _)| *n == best)?
            }
        };
        let e = &self.entries[id];
        if let Some(dest) = file_link {
            // In the folder and with the ending (`.md`, `.markdown`, `.MD`) written.
            let (folder, file) = dest.rfind('/').map_or(("", dest), |i| dest.split_at(i + 1));
            let ending = markdown_stem(file).map_or("md", |stem| &file[stem.len() + 1..]);
            return Some(format!("{folder}{}.{ending}", e.slug));
        }
        // An alias that names one page is suggested as its page writes it.
        let name = if by_alias {
            e.meta
                .aliases
                .iter()
                .find(|a| slugify(a) == name)
                .map_or(name, |a| a.trim())
        } else {
            name
        };
        Some(match prefix {
            Some(p) => format!("{p}/{name}"),
            None if by_alias
                || kind.is_some()
                || self.by_slug.get(name).is_some_and(|v| v.len() == 1) =>
            {
                name.to_string()
            }
            None => self.describe(id),
        })
    }

    /// The entry a file path written as a name refers to (`../conditions/whiplash.md`,
    /// `content/conditions/whiplash.md`): its last folder and file name.
    pub(super) fn named_by_file(&self, written: &str, want: Option<KindId>) -> Option<EntryId> {
        let mut parts = written.rsplit(['/', '\\']);
        let file = parts.next()?;
        let stem = markdown_stem(file).unwrap_or(file);
        let folder = parts.next()?;
        let kind = self.config.kind_by_folder(folder)?;
        let &id = self.by_kind.get(&(kind, slugify(stem)))?;
        want.is_none_or(|k| k == kind).then_some(id)
    }
}

/// The warning for a link or reference, written `written` at `span`, to the draft in
/// file `path`: it is left out of the published site, and nothing needs changing where it
/// is written.
pub(super) fn draft_warning(path: &Path, written: &str, naming: Naming, span: Span) -> Diagnostic {
    let message = match naming {
        Naming::Link => format!(
            "`{written}` is a draft, so this link is shown as plain text until it is published"
        ),
        Naming::Relation(key) => {
            format!("`{written}` is a draft, so it is left out of `{key}` until it is published")
        }
        Naming::Chapter => format!(
            "`{written}` is a draft, so this chapter is left out of the handout until it is published"
        ),
    };
    Diagnostic::warning(span, message)
        .with_code("draft-link")
        .with_help(format!(
            "nothing needs changing here: it is published when `draft: true` is removed from {} (`carebook build --drafts` shows drafts)",
            path.display()
        ))
}

/// Aliases that name more than one page: an alias claimed by two entries, or equal to
/// another entry's slug (which wins, so the alias never reaches its page). A warning at
/// each alias as written, naming the other files; a link that uses an alias claimed twice
/// is an error of its own, where it is written ([`Index::find`]).
pub(super) fn alias_conflicts(index: &Index) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (id, e) in index.entries.iter().enumerate() {
        // A translation's aliases are other names in its language, not names links use.
        if e.language != crate::config::DEFAULT_LANGUAGE {
            continue;
        }
        let mut seen = BTreeSet::new();
        for place in &e.meta.alias_places {
            let alias = slugify(&place.text);
            if alias.is_empty() || alias == e.slug || !seen.insert(alias.clone()) {
                continue;
            }
            let span = || Span::at(&e.path, &e.text, place.offset, place.len);
            let slugs: Vec<EntryId> = index.by_slug.get(&alias).cloned().unwrap_or_default();
            let others: Vec<EntryId> = index
                .by_alias
                .get(&alias)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&o| o != id)
                .collect();
            if !slugs.is_empty() {
                found.push(
                    Diagnostic::warning(
                        span(),
                        format!(
                            "the alias `{}` is the slug of {}, so `[[{}]]` goes to that page, never to this one",
                            place.text,
                            index.files(&slugs),
                            place.text
                        ),
                    )
                    .with_code("alias-conflict")
                    .with_help("remove the alias from this page, or change it to a name of its own: a page's slug always comes before another page's alias"),
                );
            } else if !others.is_empty() {
                found.push(
                    Diagnostic::warning(
                        span(),
                        format!(
                            "the alias `{}` is also an alias of {}, so `[[{}]]` could mean {}",
                            place.text,
                            index.files(&others),
                            place.text,
                            if others.len() == 1 { "either page" } else { "any of these pages" }
                        ),
                    )
                    .with_code("alias-conflict")
                    .with_help("keep the alias on one page only; a link that uses it is an error until then"),
                );
            }
        }
    }
    found
}
