//! One link or front-matter reference -> its [`LinkTarget`], with the diagnostics for
//! what it names wrongly: a missing entry or file, a missing `#anchor`, an unsafe scheme,
//! a path outside the site, a draft. Positions come from where the Markdown scan or the
//! YAML parser found the link. Needs: the [`super::index::Index`] of the site's names.

use super::*;

/// One link destination resolved on its own, as [`resolve`] resolves each link of a body:
/// `dest` as written in a file of `folder` (`content/conditions`), in the `style` it was
/// written in, against the entries and static files of `site`. A problem's span is in
/// `dest` itself, taken as the whole text of a file `link`. For the fuzz targets
/// (`fuzz/`), which try many destinations a second without a pipeline run for each.
#[doc(hidden)]
pub fn resolve_destination(
    site: &Site,
    folder: &Path,
    dest: &str,
    style: LinkStyle,
) -> Result<LinkTarget, Option<Diagnostic>> {
    let index = Index::new(
        &site.config,
        &site.entries,
        &[],
        &[],
        &site.static_files,
        &site.images,
    );
    let link = LinkRef {
        dest: dest.to_string(),
        style,
        start: 0,
        len: dest.len(),
    };
    let span = || Span::at(Path::new("link"), dest, 0, dest.len());
    resolve_link(&index, &link, folder, &[], &span)
}

/// One entry's relations, link targets and their problems, as resolved on their own.
pub(super) type ResolvedEntry = (Vec<Outgoing>, Vec<Option<LinkTarget>>, Vec<Diagnostic>);

/// Reference and link problems are reported this many per file at most; the rest are
/// counted in one last diagnostic. A file with thousands of broken links (a page pasted
/// from another site) is better told "and 4,000 more" than shown them all.
pub const MAX_LINK_ERRORS_PER_FILE: usize = 100;

/// Collects one file's reference and link problems, up to [`MAX_LINK_ERRORS_PER_FILE`].
#[derive(Default)]
pub(super) struct Reporter {
    shown: Vec<Diagnostic>,
    /// The first problem not shown, and how many were not shown.
    hidden: Option<(Diagnostic, usize)>,
}

impl Reporter {
    pub(super) fn push(&mut self, d: Diagnostic) {
        if self.shown.len() < MAX_LINK_ERRORS_PER_FILE {
            self.shown.push(d);
        } else {
            match &mut self.hidden {
                Some((_, n)) => *n += 1,
                None => self.hidden = Some((d, 1)),
            }
        }
    }

    pub(super) fn finish(self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.extend(self.shown);
        if let Some((first, n)) = self.hidden {
            let more = format!(
                "{} more broken or refused link{} in this file, from here on (only the first {MAX_LINK_ERRORS_PER_FILE} are shown one by one)",
                n,
                if n == 1 { "" } else { "s" }
            );
            diagnostics.push(
                Diagnostic::error(first.span, more)
                    .with_help("fix the links shown above, then build again to see the rest"),
            );
        }
    }
}

/// The target of one link of a body (`None` where it failed: its error goes to `report`).
/// A link to a draft is kept, as [`LinkTarget::Draft`], with a warning.
pub(super) fn body_link(
    index: &Index,
    link: &LinkRef,
    folder: &Path,
    own_headings: &[crate::markdown::Heading],
    span: &dyn Fn() -> Span,
    report: &mut Reporter,
    warnings: &mut Vec<Diagnostic>,
) -> Option<LinkTarget> {
    match resolve_link(index, link, folder, own_headings, span) {
        Ok(target) => {
            if let LinkTarget::Draft { path, .. } = &target {
                warnings.push(draft_warning(path, link.dest.trim(), Naming::Link, span()));
            }
            Some(target)
        }
        Err(problem) => {
            if let Some(d) = problem {
                report.push(d);
            }
            None
        }
    }
}

/// An entry that lists itself under `relation` (a handout: as its own chapter).
pub(super) fn lists_itself(
    written: &str,
    relation: &crate::config::Relation,
    span: Span,
) -> Diagnostic {
    match relation.target {
        Target::Any => Diagnostic::error(
            span,
            format!(
                "`{written}` names this handout itself, and a handout cannot be its own chapter"
            ),
        )
        .with_help("remove it from `entries:`; list the entries the handout is made of"),
        Target::Kind(_) => Diagnostic::error(
            span,
            format!("`{written}` names this entry itself, and an entry cannot list itself"),
        )
        .with_help(format!(
            "remove it from `{}:`; list the other pages this one relates to",
            relation.key
        )),
    }
}

/// Resolves one link written in a file of `folder` (e.g. `content/conditions`).
pub(super) fn resolve_link(
    index: &Index,
    link: &LinkRef,
    folder: &Path,
    own_headings: &[crate::markdown::Heading],
    span: &dyn Fn() -> Span,
) -> Result<LinkTarget, Option<Diagnostic>> {
    let fail =
        |message: String, help: &str| Err(Some(Diagnostic::error(span(), message).with_help(help)));
    let dest = link.dest.trim();
    if let LinkStyle::Wiki { .. } = link.style {
        let (name, anchor) = split_anchor(dest);
        let anchor = anchor.map(|a| Anchor::written(a, false));
        return entry_target(index, index.find(name, None, None, span), anchor, span);
    }
    if let LinkStyle::Image = link.style {
        return super::images::resolve_image(index, dest, folder, span);
    }
    if let LinkStyle::Email = link.style {
        // `<reception@example.org>`: the parser found an e-mail address, not a path.
        return Ok(LinkTarget::External(format!("mailto:{dest}")));
    }
    if dest.is_empty() {
        return fail(
            "this link has no destination".into(),
            "write where it goes inside the brackets: `[text](../conditions/whiplash.md)`",
        );
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        let anchor = Anchor::written(anchor, true);
        if let Some(heading) = anchor.find(own_headings) {
            return Ok(LinkTarget::SamePage(heading.id.clone()));
        }
        return Err(Some(missing_anchor(
            anchor.written,
            "this page",
            own_headings,
            span,
        )));
    }
    if let Some(scheme) = url_scheme(dest) {
        return match scheme.as_str() {
            "http" | "https" | "mailto" | "tel" => Ok(LinkTarget::External(dest.to_string())),
            _ => fail(
                format!("`{scheme}:` links are not allowed"),
                "use `https:`, `mailto:` or `tel:` links, or `[[slug]]` for an entry",
            ),
        };
    }
    if dest.starts_with("//") {
        return Ok(LinkTarget::External(format!("https:{dest}")));
    }
    if is_absolute(dest) {
        return fail(
            "absolute paths do not work when the site is opened from disk or a sub-folder".into(),
            "write a relative link such as `../conditions/whiplash.md`, or `[[whiplash]]`",
        );
    }
    let (path_part, anchor) = split_anchor(dest);
    let anchor = anchor.map(|a| Anchor::written(a, true));
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let Some(decoded) = crate::url::decode(path_part) else {
        return Err(Some(bad_escapes(path_part, span)));
    };
    let Some(joined) = normalize(&folder.join(&*decoded)) else {
        return Err(Some(outside_site(span)));
    };
    let mut parts = joined
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let top = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    // A page is a Markdown file as the walk reads one: `.md` or `.markdown`, in any case.
    let page_stem = rest.last().and_then(|f| markdown_stem(f));
    // A picture beside a page, linked to rather than shown (`[the diagram](spine.png)`).
    if let Some(published) = index.images.beside_pages.get(&nfc_path(&joined)) {
        return Ok(LinkTarget::Static(published.clone()));
    }
    match top.as_str() {
        "content" if page_stem.is_some() => {
            if rest.len() == 1 && is_home_page(&rest[0]) {
                return Ok(LinkTarget::Home);
            }
            let Some(kind) = rest.first().and_then(|f| index.config.kind_by_folder(f)) else {
                return fail(
                    format!("`{dest}` is not an entry of this site"),
                    "link to a file in one of the kind folders, e.g. `../conditions/whiplash.md`",
                );
            };
            // A link to a translation's file (`whiplash.es.md`) names its entry: a page
            // shows each entry in its own language where it can.
            let stem = page_stem.unwrap_or("");
            let stem = crate::content::translation::split_language(stem)
                .filter(|(_, code)| index.config.translation_language(code).is_some())
                .map_or(stem, |(name, _)| name);
            let kind_def = &index.config.kinds[kind];
            let written = if kind_def.is_plain_pages() {
                // A plain page's slug is its path below its folder (`fees/massage`).
                let mut below = rest[1..rest.len() - 1].to_vec();
                below.push(stem.to_string());
                format!(
                    "{}/{}",
                    kind_def.folder,
                    crate::names::path_slug(&below.join("/"))
                )
            } else {
                format!("{}/{}", kind_def.folder, slugify(stem))
            };
            entry_target(
                index,
                index.find(&written, None, Some(path_part), span),
                anchor,
                span,
            )
        }
        "static" if !rest.is_empty() => {
            // As published: composed (NFC), however the link or the file stores accents.
            let below = crate::names::nfc(&rest.join("/")).into_owned();
            if index.static_files.contains_key(&below) {
                Ok(LinkTarget::Static(below))
            } else {
                fail(
                    format!("there is no file static/{below}"),
                    "put the file in the site's static/ folder, or fix the name",
                )
            }
        }
        _ => fail(
            format!("`{dest}` is not a page or file that the site publishes"),
            "link to an entry (`[[slug]]` or `../kind/slug.md`) or to a file in static/ (`../../static/logo.png`)",
        ),
    }
}

/// A link to an entry found by `lookup`, with its `#anchor` checked: the link keeps the
/// id of the heading it reaches.
pub(super) fn entry_target(
    index: &Index,
    lookup: Lookup,
    anchor: Option<Anchor>,
    span: &dyn Fn() -> Span,
) -> Result<LinkTarget, Option<Diagnostic>> {
    match lookup {
        Lookup::Found(id) => {
            let anchor = match anchor {
                Some(anchor) => Some(check_anchor(index, id, anchor, span)?),
                None => None,
            };
            Ok(LinkTarget::Entry { id, anchor })
        }
        // Not published: the link is kept as plain text (its anchor is not checked: the
        // draft's headings may change while it is being reviewed).
        Lookup::Draft(d) => {
            let draft = &index.drafts[d];
            Ok(LinkTarget::Draft {
                path: draft.path.clone(),
                title: draft.title.clone(),
            })
        }
        Lookup::Missing(d) => Err(Some(d)),
        Lookup::Unreported => Err(None),
    }
}

/// The error for a file path whose `%` escapes stand for no letters.
pub(super) fn bad_escapes(path_part: &str, span: &dyn Fn() -> Span) -> Diagnostic {
    Diagnostic::error(
        span(),
        format!("the `%` escapes in `{path_part}` stand for no letters, so no file has this name"),
    )
    .with_help("write the file name as it is (`../../static/épaule.png`), or copy the link again from your browser's address bar")
}

pub(super) fn outside_site(span: &dyn Fn() -> Span) -> Diagnostic {
    Diagnostic::error(span(), "this link points outside the site folder")
        .with_help("link only to entries and to files in static/; copy the file into the site if it belongs to it")
}

/// `path` (below the site root) `/`-separated and composed (NFC), as the pictures beside
/// pages are known by.
pub(super) fn nfc_path(path: &Path) -> String {
    crate::names::nfc(&crate::content::images::slashed(path)).into_owned()
}

/// `foo#bar` -> (`foo`, Some(`bar`)).
pub(super) fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((name, anchor)) => (name, Some(anchor)),
        None => (dest, None),
    }
}

/// An `#anchor` of a link as written, and as heading ids are made ([`anchor_id`]):
/// composed (NFC), so `#e\u{301}paule` reaches `## Épaule`; in a Markdown link, which is
/// a URL, with its `%` escapes decoded first, as a browser reads one (`#qu%C3%A9`).
///
/// [`anchor_id`]: crate::markdown::anchor_id
pub(super) struct Anchor<'d> {
    written: &'d str,
    id: String,
}

impl<'d> Anchor<'d> {
    pub(super) fn written(written: &'d str, url: bool) -> Self {
        let decoded = if url {
            crate::url::decode(written).unwrap_or(std::borrow::Cow::Borrowed(written))
        } else {
            std::borrow::Cow::Borrowed(written)
        };
        Anchor {
            written,
            id: crate::names::nfc(&decoded).into_owned(),
        }
    }

    /// The heading of `headings` this anchor names.
    pub(super) fn find<'h>(
        &self,
        headings: &'h [crate::markdown::Heading],
    ) -> Option<&'h crate::markdown::Heading> {
        headings.iter().find(|h| h.id == self.id)
    }
}

/// The id of the heading of entry `id` that `anchor` names, or the error at `span`.
pub(super) fn check_anchor(
    index: &Index,
    id: EntryId,
    anchor: Anchor,
    span: &dyn Fn() -> Span,
) -> Result<String, Diagnostic> {
    let headings = &index.entries[id].scan.headings;
    if let Some(heading) = anchor.find(headings) {
        return Ok(heading.id.clone());
    }
    Err(missing_anchor(
        anchor.written,
        &format!("`{}`", index.describe(id)),
        headings,
        span,
    ))
}

pub(super) fn missing_anchor(
    anchor: &str,
    page: &str,
    headings: &[crate::markdown::Heading],
    span: &dyn Fn() -> Span,
) -> Diagnostic {
    let d = Diagnostic::error(span(), format!("{page} has no heading `#{anchor}`"));
    let composed = crate::names::nfc(anchor);
    match did_you_mean(&composed, headings.iter().map(|h| h.id.as_str())) {
        Some(s) => d.with_help(format!("did you mean `#{s}`?")),
        None if headings.is_empty() => {
            d.with_help("that page has no headings; link to the page without `#…`")
        }
        None => d.with_help(format!(
            "its headings are: {}",
            headings
                .iter()
                .map(|h| format!("#{}", h.id))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Is `dest` an absolute path (`/x`, `\\x`, or on a Windows drive, `C:\\x.md`, `C:/x.md`)?
pub(super) fn is_absolute(dest: &str) -> bool {
    let drive = dest
        .as_bytes()
        .get(..2)
        .is_some_and(|b| b[0].is_ascii_alphabetic() && b[1] == b':');
    dest.starts_with('/') || dest.starts_with('\\') || drive
}

/// The scheme of a URL (`https`, `javascript`), lower-cased; `None` for a path.
/// One letter before `:` is a Windows drive (`C:\…`), not a scheme.
pub(super) fn url_scheme(dest: &str) -> Option<String> {
    let (scheme, _) = dest.split_once(':')?;
    let cleaned: String = scheme
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    (cleaned.len() > 1
        && cleaned
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| cleaned.to_ascii_lowercase())
}

/// Resolves `.` and `..` lexically; `None` when `..` climbs above the site root.
pub(super) fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}
