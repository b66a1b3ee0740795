//! Which pages a site has and where each goes in the output; the sitemap and robots.txt.
//!
//! Guarantees: [`page_jobs`] lists every page once, in a fixed order, and [`job_path`]
//! gives each its own `/`-separated output path (an entry at
//! `conditions/whiplash/index.html`, a plain page at `about/index.html`; a plain page at
//! the path of another page is reported by [`crate::statics`]). Every site has a "page
//! not found" page at [`NOT_FOUND`], whose links start at the site's root path
//! ([`page_root`]) because a host shows it at any address; it is never in the sitemap.
//! The sitemap and robots.txt are the default theme's built-in templates `sitemap.xml`
//! and `robots.txt`, made only when the site has a `base_url`. Needs: a resolved
//! [`Site`]. Pure.

use serde::Serialize;

use crate::config::LangId;
use crate::graph::{EntryId, Site};
use crate::url;

/// One page to make: which, and where it goes in the output (`/`-separated).
#[derive(Debug, Clone)]
pub enum PageJob {
    /// The home page of a language (`index.html`, `es/index.html`).
    Home(LangId),
    /// A kind's A–Z page in a language (`conditions/index.html`, `es/conditions/index.html`).
    Kind(usize, LangId),
    Entry(EntryId),
    /// The list of topics in a language (`tags/index.html`, `es/tags/index.html`).
    Tags(LangId),
    /// A topic's page in a language (`tags/neck/index.html`, `es/tags/neck/index.html`).
    Tag(usize, LangId),
    /// The page a host shows for an address the site does not have ([`NOT_FOUND`]).
    NotFound,
}

/// Where the "page not found" page goes: the root of the site, where GitHub Pages,
/// Netlify and most web hosts look for it.
pub const NOT_FOUND: &str = "404.html";

/// Every page of the site, in a fixed order.
pub fn page_jobs(site: &Site) -> Vec<PageJob> {
    let languages = 0..site.config.languages.len();
    let mut jobs: Vec<PageJob> = languages.clone().map(PageJob::Home).collect();
    for language in languages {
        for (k, kind) in site.config.kinds.iter().enumerate() {
            // Plain pages have no A–Z page: the menu and the footer list them.
            if !kind.is_plain_pages() && site.ids_of_kind(k).next().is_some() {
                jobs.push(PageJob::Kind(k, language));
            }
        }
    }
    jobs.extend((0..site.entries.len()).map(PageJob::Entry));
    if !site.tags.is_empty() {
        // Every language has every topic: a topic's page lists its entries in the page's
        // language, or in the default one where they are not translated, as an A–Z does.
        for language in 0..site.config.languages.len() {
            jobs.push(PageJob::Tags(language));
            jobs.extend((0..site.tags.len()).map(|t| PageJob::Tag(t, language)));
        }
    }
    jobs.push(PageJob::NotFound);
    jobs
}

pub fn job_path(site: &Site, job: &PageJob) -> String {
    match job {
        PageJob::Home(language) => format!("{}index.html", site.language_folder(*language)),
        PageJob::Kind(k, language) => format!(
            "{}{}/index.html",
            site.language_folder(*language),
            site.config.kinds[*k].folder
        ),
        PageJob::Entry(id) => site.entry_path(*id),
        PageJob::Tags(language) => format!("{}tags/index.html", site.language_folder(*language)),
        PageJob::Tag(t, language) => format!(
            "{}tags/{}/index.html",
            site.language_folder(*language),
            site.tags[*t].slug
        ),
        PageJob::NotFound => NOT_FOUND.into(),
    }
}

/// The way from the page at `path` to the site root, which every link and asset of the
/// page starts with: relative (`../../`) for every page but [`NOT_FOUND`]. A host shows
/// that page at whatever address was asked for (`/conditions/whiplash/typo/`), so a
/// relative link would start from there: its links start at the site's path on its host
/// instead, the path of `base_url` (`/info/` for `https://example.org/info/`), or `/`
/// without one. So it works at any depth on the host, and over http, https or another
/// host name the same site has (a preview address), but not from disk, where no host
/// shows it.
pub(super) fn page_root(base_url: &str, path: &str) -> String {
    if path == NOT_FOUND {
        base_path(base_url).to_string()
    } else {
        super::links::root_of(path)
    }
}

/// The path of `base_url` on its host (`/info/` for `https://example.org/info/`, as the
/// settings write it: ending in `/`); `/` without a `base_url`.
pub fn base_path(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..])
}

/// What the `sitemap.xml` and `robots.txt` templates get.
#[derive(Serialize)]
struct SitemapView<'s> {
    /// `base_url`: the site's address, ending in `/`.
    base: &'s str,
    urls: Vec<SitemapUrl>,
    /// Some page is in more than one language: the `xhtml` namespace of its alternates.
    translated: bool,
}

#[derive(Serialize)]
struct SitemapUrl {
    /// The page's absolute address.
    loc: String,
    /// An entry's review date, YYYY-MM-DD.
    lastmod: Option<String>,
    /// The page in each language it is published in (itself too), when there is more
    /// than one: `<xhtml:link rel="alternate" hreflang>`.
    alternates: Vec<Alternate>,
}

/// One language of a page.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(super) struct Alternate {
    /// The language tag (`es`).
    pub(super) hreflang: String,
    /// The page's output path in that language (`es/conditions/whiplash/index.html`).
    pub(super) path: String,
}

/// The page `job` makes in every language it is published in, itself among them: an
/// entry and its translations; a home or A–Z page in each of the site's languages.
/// Empty for a page in one language only.
pub(super) fn alternates(site: &Site, job: &PageJob) -> Vec<Alternate> {
    let of = |job: PageJob, language: LangId| Alternate {
        hreflang: site.config.languages[language].tag.clone(),
        path: job_path(site, &job),
    };
    let list: Vec<Alternate> = match job {
        PageJob::Entry(id) => site
            .versions(*id)
            .map(|v| of(PageJob::Entry(v), site.entries[v].language))
            .collect(),
        PageJob::Home(_) => (0..site.config.languages.len())
            .map(|l| of(PageJob::Home(l), l))
            .collect(),
        PageJob::Kind(k, _) => (0..site.config.languages.len())
            .map(|l| of(PageJob::Kind(*k, l), l))
            .collect(),
        PageJob::Tags(_) => (0..site.config.languages.len())
            .map(|l| of(PageJob::Tags(l), l))
            .collect(),
        PageJob::Tag(t, _) => (0..site.config.languages.len())
            .map(|l| of(PageJob::Tag(*t, l), l))
            .collect(),
        PageJob::NotFound => Vec::new(),
    };
    if list.len() > 1 { list } else { Vec::new() }
}

/// The language of the page `job` makes.
pub(super) fn job_language(site: &Site, job: &PageJob) -> LangId {
    match job {
        PageJob::Home(language)
        | PageJob::Kind(_, language)
        | PageJob::Tags(language)
        | PageJob::Tag(_, language) => *language,
        PageJob::Entry(id) => site.entries[*id].language,
        PageJob::NotFound => crate::config::DEFAULT_LANGUAGE,
    }
}

/// `sitemap.xml`, when the site has a `base_url` (search engines need absolute addresses,
/// which only it can give), and `robots.txt` pointing to it when the site is at the root
/// of its host: crawlers read `robots.txt` only there, so one written in a sub-folder
/// (`https://example.org/info/`) would never be read (docs/publishing.md says what to add
/// to the host's own). Entries carry their review date. Nothing without a `base_url`.
pub fn sitemap(site: &Site, jobs: &[PageJob]) -> Vec<(&'static str, String)> {
    let base = &site.config.base_url;
    if base.is_empty() {
        return Vec::new();
    }
    let urls = jobs
        .iter()
        // A page for addresses that do not exist is no page to find.
        .filter(|job| !matches!(job, PageJob::NotFound))
        .map(|job| {
            let path = job_path(site, job);
            SitemapUrl {
                loc: format!("{base}{}", url::encode(path.trim_end_matches("index.html"))),
                lastmod: match job {
                    PageJob::Entry(id) => site.entries[*id].meta.reviewed.map(|d| d.to_string()),
                    _ => None,
                },
                alternates: alternates(site, job)
                    .into_iter()
                    .map(|a| Alternate {
                        path: format!(
                            "{base}{}",
                            url::encode(a.path.trim_end_matches("index.html"))
                        ),
                        ..a
                    })
                    .collect(),
            }
        })
        .collect();
    let translated = site.config.languages.len() > 1;
    let view = SitemapView {
        base,
        urls,
        translated,
    };
    let render = |name| super::theme::render_built_in(name, &view);
    let mut files = vec![("sitemap.xml", render("sitemap.xml"))];
    // At the root of its host: not in a sub-folder of it.
    if base_path(base) == "/" {
        files.push(("robots.txt", render("robots.txt")));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sitemap_lists_every_page_with_entries_review_dates() {
        let mut site = crate::pipeline::fixture("basic").site;
        site.config.base_url = "https://clinic.example/a&b/".into();
        let jobs = page_jobs(&site);
        // In a sub-folder: the sitemap alone (no crawler reads a robots.txt there).
        let [(sitemap_name, xml)] = <[_; 1]>::try_from(sitemap(&site, &jobs[..2])).unwrap();
        assert_eq!(sitemap_name, "sitemap.xml");
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://clinic.example/a&amp;b/</loc></url>\n  <url><loc>https://clinic.example/a&amp;b/conditions/</loc></url>\n</urlset>\n"
        );
        // At the root of the host: robots.txt too, pointing to the sitemap.
        site.config.base_url = "https://clinic.example/".into();
        let [_, (robots, txt)] = <[_; 2]>::try_from(sitemap(&site, &jobs[..2])).unwrap();
        assert_eq!(robots, "robots.txt");
        assert_eq!(
            txt,
            "User-agent: *\nAllow: /\nSitemap: https://clinic.example/sitemap.xml\n"
        );
        site.config.base_url = "https://clinic.example/a&b/".into();
        let entry = jobs
            .iter()
            .position(
                |j| matches!(j, PageJob::Entry(id) if site.entries[*id].meta.reviewed.is_some()),
            )
            .unwrap();
        let [(_, xml)] = <[_; 1]>::try_from(sitemap(&site, &jobs[entry..=entry])).unwrap();
        let PageJob::Entry(id) = jobs[entry] else {
            unreachable!()
        };
        let reviewed = site.entries[id].meta.reviewed.unwrap();
        assert!(
            xml.contains(&format!("</loc><lastmod>{reviewed}</lastmod></url>\n")),
            "{xml}"
        );
        site.config.base_url.clear();
        assert!(sitemap(&site, &jobs).is_empty());
    }

    #[test]
    fn the_not_found_page_is_last_and_never_in_the_sitemap() {
        let mut site = crate::pipeline::fixture("basic").site;
        let jobs = page_jobs(&site);
        assert!(matches!(jobs.last(), Some(PageJob::NotFound)));
        assert_eq!(job_path(&site, &PageJob::NotFound), "404.html");
        site.config.base_url = "https://clinic.example/".into();
        let [(_, xml), _] = <[_; 2]>::try_from(sitemap(&site, &jobs)).unwrap();
        assert!(!xml.contains("404"), "{xml}");
        assert_eq!(
            xml.matches("<url>").count(),
            jobs.len() - 1,
            "every page but the 404 page: {xml}"
        );
    }

    #[test]
    fn the_not_found_page_links_from_the_site_root_path() {
        for (base, root) in [
            ("", "/"),
            ("https://clinic.example/", "/"),
            ("https://clinic.example/info/", "/info/"),
            ("http://localhost:8000/a/b%20c/", "/a/b%20c/"),
        ] {
            assert_eq!(page_root(base, NOT_FOUND), root, "{base}");
            // Every other page links relatively, whatever the base.
            assert_eq!(page_root(base, "conditions/whiplash/index.html"), "../../");
            assert_eq!(page_root(base, "index.html"), "");
        }
    }
}
