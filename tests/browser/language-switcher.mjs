#!/usr/bin/env node
// The language switcher by keyboard alone, in Debian's Chromium (playwright-core).
// Run by tests/cli/browser.rs (`cargo test`):
//
//   node tests/browser/language-switcher.mjs SITE_DIR PAGE LANG
//
// Serves SITE_DIR and opens PAGE (a path below it, such as conditions/whiplash/) in the
// site's default language. From the top of the page, Tab alone must reach the switcher's
// link to LANG, which a screen reader can tell for what it is: inside a navigation landmark
// with a name, the link named in its own language (`lang`, `hreflang`), the page's own
// language marked `aria-current="page"`. Enter on it must open the page in LANG (its
// `<html lang>`), where Tab reaches the link back, and Enter on that returns to PAGE.
// Prints what it saw; exit 0 on success, 1 on failure, 2 when the tools are missing.

import path from 'node:path';

import { launchChromium } from './chromium.mjs';
import { serveFolder } from './static-server.mjs';

const [siteDir, pagePath, lang] = process.argv.slice(2);
if (!siteDir || !pagePath || !lang) {
  console.error('usage: node tests/browser/language-switcher.mjs SITE_DIR PAGE LANG');
  process.exit(2);
}
const browser = await launchChromium();
const { server, origin } = await serveFolder(path.resolve(siteDir));
const problems = [];
const seen = [];

/** Tabs from the top of the loaded page until focus is on the switcher's link to `want`
 * (a language tag); returns how many Tabs that took, or null. */
async function tabToSwitcher(page, want) {
  for (let tabs = 1; tabs <= 60; tabs++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((want) => {
      const a = document.activeElement;
      return !!a && a.matches('nav.languages a') && a.getAttribute('hreflang') === want;
    }, want);
    if (hit) return tabs;
  }
  return null;
}

/** What a screen reader is given about the focused switcher link. */
function described(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const nav = a.closest('nav');
    return {
      landmark: nav ? nav.getAttribute('aria-label') : null,
      name: a.textContent.trim(),
      lang: a.getAttribute('lang'),
      current: [...nav.querySelectorAll('a[aria-current="page"]')].map((c) => c.getAttribute('hreflang')),
      pageLang: document.documentElement.lang,
    };
  });
}

try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${origin}/${pagePath}`);
  const home = await page.evaluate(() => document.documentElement.lang);

  const tabs = await tabToSwitcher(page, lang);
  if (tabs === null) {
    problems.push(`Tab never reaches the switcher's link to ${lang} on /${pagePath}`);
  } else {
    const d = await described(page);
    if (!d.landmark) problems.push('the switcher is not in a named navigation landmark');
    if (d.lang !== lang) problems.push(`the link to ${lang} has lang="${d.lang}"`);
    if (d.current.length !== 1 || d.current[0] !== home) {
      problems.push(`aria-current marks ${JSON.stringify(d.current)}, want the page's own language ${home}`);
    }
    seen.push(`Tab ${tabs} reaches "${d.name}" (lang ${d.lang}) in "${d.landmark}"`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const there = await page.evaluate(() => document.documentElement.lang);
    if (there !== lang) problems.push(`Enter opened ${page.url()}, whose lang is "${there}", want "${lang}"`);
    seen.push(`Enter opens ${new URL(page.url()).pathname} (lang ${there})`);

    const back = await tabToSwitcher(page, home);
    if (back === null) {
      problems.push(`Tab never reaches the link back to ${home} on ${page.url()}`);
    } else {
      const b = await described(page);
      if (b.current.length !== 1 || b.current[0] !== lang) {
        problems.push(`on the ${lang} page aria-current marks ${JSON.stringify(b.current)}`);
      }
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      const again = new URL(page.url()).pathname;
      const wanted = new URL(`${origin}/${pagePath}`).pathname;
      // The switcher links to index.html; the host answers the folder with the same file.
      if (again.replace(/index\.html$/, '') !== wanted.replace(/index\.html$/, '')) {
        problems.push(`the link back opened ${again}, want ${wanted}`);
      }
      seen.push(`Tab ${back} reaches "${b.name}", Enter returns to ${again}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(seen.join('; '));
