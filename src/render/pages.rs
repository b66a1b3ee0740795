//! Which pages a site has and where each goes in the output; the sitemap and robots.txt.
//!
//! Guarantees: [`page_jobs`] lists every page once, in a fixed order, and [`job_path`]
//! gives each its own `/`-separated output path (an entry at
//! `conditions/whiplash/index.html`, a plain page at `about/index.html`; a plain page at
//! the path of another page is reported by [`crate::statics`]). The sitemap and robots.txt are the default theme's
//! built-in templates `sitemap.xml` and `robots.txt`, made only when the site has a
//! `base_url`. Needs: a resolved [`Site`]. Pure.

use serde::Serialize;

use crate::graph::{EntryId, Site};
use crate::url;

/// One page to make: which, and where it goes in the output (`/`-separated).
#[derive(Debug, Clone)]
pub enum PageJob {
    Home,
    Kind(usize),
    Entry(EntryId),
    Tags,
    Tag(usize),
}

/// Every page of the site, in a fixed order.
pub fn page_jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs = vec![PageJob::Home];
    for (k, kind) in site.config.kinds.iter().enumerate() {
        // Plain pages have no A–Z page: the menu and the footer list them.
        if !kind.is_plain_pages() && site.ids_of_kind(k).next().is_some() {
            jobs.push(PageJob::Kind(k));
        }
    }
    jobs.extend((0..site.entries.len()).map(PageJob::Entry));
    if !site.tags.is_empty() {
        jobs.push(PageJob::Tags);
        jobs.extend((0..site.tags.len()).map(PageJob::Tag));
    }
    jobs
}

pub fn job_path(site: &Site, job: &PageJob) -> String {
    match job {
        PageJob::Home => "index.html".into(),
        PageJob::Kind(k) => format!("{}/index.html", site.config.kinds[*k].folder),
        PageJob::Entry(id) => site.entry_path(*id),
        PageJob::Tags => "tags/index.html".into(),
        PageJob::Tag(t) => format!("tags/{}/index.html", site.tags[*t].slug),
    }
}

/// What the `sitemap.xml` and `robots.txt` templates get.
#[derive(Serialize)]
struct SitemapView<'s> {
    /// `base_url`: the site's address, ending in `/`.
    base: &'s str,
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    /// The page's absolute address.
    loc: String,
    /// An entry's review date, YYYY-MM-DD.
    lastmod: Option<String>,
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
        .map(|job| {
            let path = job_path(site, job);
            SitemapUrl {
                loc: format!("{base}{}", url::encode(path.trim_end_matches("index.html"))),
                lastmod: match job {
                    PageJob::Entry(id) => site.entries[*id].meta.reviewed.map(|d| d.to_string()),
                    _ => None,
                },
            }
        })
        .collect();
    let view = SitemapView { base, urls };
    let render = |name| super::theme::render_built_in(name, &view);
    let mut files = vec![("sitemap.xml", render("sitemap.xml"))];
    if at_host_root(base) {
        files.push(("robots.txt", render("robots.txt")));
    }
    files
}

/// Whether `base_url` (`https://host/`, as the settings allow it) is the root of its host,
/// not a sub-folder of it.
fn at_host_root(base_url: &str) -> bool {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .is_none_or(|slash| slash + 1 == after_scheme.len())
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
}
