#!/usr/bin/env node
// The search box of a built carebook site, in a real browser; run by tests/cli/search.rs.
//
//   node tests/browser/search.mjs SITE_DIR [--lang LANG] --case QUERY TITLE [--case …]
//        [--untranslated QUERY TITLE OTHER TAG MARK]...
//
// Opens SITE_DIR over http://127.0.0.1 (node's http module, a free port) and from disk
// (file://), in Debian's Chromium driven by playwright-core, and on a page at the site
// root and on an entry page two folders down (so result links must be built from the
// page's way to the root; with --lang, the home and an entry page of that language's
// folder, LANG/, which search LANG's own index) checks:
//   - for every --case, typing QUERY shows results and the first one is the page titled
//     TITLE (an exact word, a prefix, a typo, an alias, a synonym, a word only in a body…);
//   - for every --untranslated, typing QUERY shows TITLE first, in the page's language,
//     and OTHER (a page not translated into it) after every result in the page's
//     language, marked as the A–Z pages mark it: hreflang TAG on its link, lang TAG on
//     its title, MARK ("(English)") after it, in a group of its own whose label ends in
//     MARK; no result in the page's language has lang or hreflang;
//   - the results are an ARIA listbox of options grouped by kind (each group labelled), the
//     matched words are marked, a polite live region tells how many there are;
//   - Down and Up move the active option (aria-activedescendant, aria-selected), Escape
//     closes the list (aria-expanded false) and a second Escape empties the box, Enter opens
//     the active result: the page whose <h1> is its title;
//   - axe-core finds no violation with the results open, in light and in dark mode (over
//     http: axe reads style sheets with XMLHttpRequest, which a file:// page may not use);
//   - no console error, no uncaught exception, no failed request, no request to another
//     host;
//   - with JavaScript off, the box is hidden and "Browse A to Z" links to the A–Z pages.
// Prints one line per case with how long the results took to show.
//
// Exit code 0 when everything passes, 1 with a list of every problem otherwise, 2 when the
// tools are missing (Chromium, node_modules).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { serveFolder } from './static-server.mjs';

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As in run.mjs: without the networking flags Chromium's own connections are refused by
// a closed network, many at a time.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---- arguments ---------------------------------------------------------------------------

const args = process.argv.slice(2);
const cases = [];
let siteDir = null;
let lang = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--case') {
    cases.push({ query: args[i + 1], title: args[i + 2] });
    i += 2;
  } else if (args[i] === '--untranslated') {
    const [query, title, other, tag, mark] = args.slice(i + 1, i + 6);
    cases.push({ query, title, untranslated: { other, tag, mark } });
    i += 5;
  } else if (args[i] === '--lang') {
    lang = args[i + 1];
    i += 1;
  } else if (!siteDir) siteDir = args[i];
}
if (!siteDir || !fs.statSync(siteDir, { throwIfNoEntry: false })?.isDirectory() || !cases.length) {
  console.error('usage: node tests/browser/search.mjs SITE_DIR --case QUERY TITLE [--case QUERY TITLE]...');
  process.exit(2);
}
const root = path.resolve(siteDir);

function missing(what) {
  console.error(`missing: ${what}`);
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) missing(`${CHROMIUM} (apt-get install chromium)`);
let chromium, axeSource;
try {
  ({ chromium } = await import('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (err) {
  missing(`node_modules (run \`npm ci\`): ${err.message}`);
}

// The pages of the language searched: the site root's, or with --lang those of LANG/.
const prefix = lang ? `${lang}/` : '';
const folder = path.join(root, prefix);
// An entry page two folders down: conditions/whiplash/ when there is one.
const entryPage = fs.existsSync(path.join(folder, 'conditions/whiplash/index.html'))
  ? `${prefix}conditions/whiplash/index.html`
  : fs.readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['tags', 'search-index', 'vendor'].includes(d.name))
    .flatMap((d) => fs.readdirSync(path.join(folder, d.name), { withFileTypes: true })
      .filter((e) => e.isDirectory()).map((e) => `${prefix}${d.name}/${e.name}/index.html`))
    .find((p) => fs.existsSync(path.join(root, p)));
if (!entryPage) {
  console.error(`no entry page in ${root}`);
  process.exit(1);
}

// ---- the server --------------------------------------------------------------------------

const { server, origin } = await serveFolder(root);

// ---- the checks --------------------------------------------------------------------------

const problems = [];
const lines = [];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

function urlOf(mode, rel) {
  return mode === 'http' ? `${origin}/${rel}` : pathToFileURL(path.join(root, rel)).href;
}

/** A tab whose console errors, exceptions and failed requests are problems of `where()`. */
async function newTab(mode, where) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: axeSource });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(mode === 'http' ? `${origin}/` : 'file://')) return route.continue();
    problems.push(`${where()}: request to another host: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${where()}: console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${where()}: uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`${where()}: failed request: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (resp) => {
    if (resp.status() >= 400) problems.push(`${where()}: HTTP ${resp.status()} for ${resp.url()}`);
  });
  return page;
}

/** Types `query` into an empty box and waits until the results for it are shown. */
async function type(page, query) {
  const box = page.locator('#page--search-q');
  await box.fill('');
  await box.focus();
  const started = Date.now();
  await page.keyboard.type(query, { delay: 15 });
  await page.waitForFunction(
    (q) => {
      const form = document.getElementById('page--search');
      return form.getAttribute('data-query') === q &&
        document.getElementById('page--search-list').getAttribute('aria-busy') !== 'true';
    },
    query,
    { timeout: 10000 },
  );
  return Date.now() - started;
}

/** What the open results show. */
function shown(page) {
  return page.evaluate(() => {
    const input = document.getElementById('page--search-q');
    const list = document.getElementById('page--search-list');
    const popup = document.getElementById('page--search-popup');
    const options = [...list.querySelectorAll('[role=option]')];
    const status = document.getElementById('page--search-status');
    return {
      open: !popup.hidden && popup.getBoundingClientRect().height > 0,
      expanded: input.getAttribute('aria-expanded'),
      activedescendant: input.getAttribute('aria-activedescendant'),
      role: input.getAttribute('role'),
      controls: input.getAttribute('aria-controls') === list.id && list.getAttribute('role') === 'listbox',
      live: status.getAttribute('role') === 'status' && status.getAttribute('aria-live') === 'polite',
      status: status.textContent,
      options: options.map((o) => ({
        id: o.id,
        // The title without the language's name after it.
        title: (o.querySelector('.search-title [lang]') || o.querySelector('.search-title'))?.textContent,
        lang: o.querySelector('.search-title [lang]')?.getAttribute('lang') ?? null,
        summaryLang: o.querySelector('.search-summary')?.getAttribute('lang') ?? null,
        hreflang: o.getAttribute('hreflang'),
        mark: o.querySelector('.search-title .in-language')?.textContent ?? null,
        href: o.getAttribute('href'),
        selected: o.getAttribute('aria-selected'),
        marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
        group: (() => {
          const g = o.closest('[role=group]');
          const label = g && document.getElementById(g.getAttribute('aria-labelledby'));
          return label ? label.textContent : null;
        })(),
      })),
      note: document.getElementById('page--search-note').textContent,
    };
  });
}

async function axe(page, where) {
  for (const mode of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: mode });
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { rules: { 'target-size': { enabled: true } }, resultTypes: ['violations'] }),
    );
    for (const v of result.violations) {
      problems.push(`${where}: axe ${mode}: ${v.id} ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The problems of an --untranslated case's results `s`, typed on a page at `where`. */
function untranslatedProblems(c, s, where) {
  const u = c.untranslated;
  const out = [];
  const at = s.options.findIndex((o) => o.title === u.other);
  if (at < 0) return [`${where}: "${u.other}" is not among the results (${s.options.map((o) => o.title).join(', ')})`];
  const o = s.options[at];
  if (o.hreflang !== u.tag || o.lang !== u.tag || o.summaryLang !== u.tag) {
    out.push(`${where}: "${u.other}" is not marked as in ${u.tag} (hreflang=${o.hreflang}, lang=${o.lang}, summary lang=${o.summaryLang})`);
  }
  if (o.mark !== u.mark) out.push(`${where}: "${u.other}" is followed by ${JSON.stringify(o.mark)}, want ${JSON.stringify(u.mark)}`);
  if (!o.group || !o.group.endsWith(u.mark)) out.push(`${where}: "${u.other}" is in the group "${o.group}", want one whose label ends in ${u.mark}`);
  const own = s.options.filter((p) => !p.hreflang);
  if (s.options.slice(0, own.length).some((p) => p.hreflang)) {
    out.push(`${where}: a page in another language comes before one in the page's: ${s.options.map((p) => p.title + (p.hreflang ? ` [${p.hreflang}]` : '')).join(', ')}`);
  }
  if (own.some((p) => p.lang || p.summaryLang || p.mark)) out.push(`${where}: a result in the page's language is marked as in another`);
  return out;
}

for (const mode of ['http', 'file']) {
  for (const start of [`${prefix}index.html`, entryPage]) {
    let where = `${mode} ${start}`;
    const page = await newTab(mode, () => where);
    await page.goto(urlOf(mode, start), { waitUntil: 'load' });
    const visible = await page.evaluate(() => ({
      form: !document.getElementById('page--search')?.hidden,
      fallback: !document.getElementById('page--search-fallback')?.hidden,
    }));
    if (!visible.form || visible.fallback) problems.push(`${where}: with JavaScript on, the search box does not replace "Browse A to Z"`);

    for (const c of cases) {
      where = `${mode} ${start} "${c.query}"`;
      let ms;
      try {
        ms = await type(page, c.query);
      } catch (err) {
        problems.push(`${where}: no results shown (${err.message.split('\n')[0]})`);
        continue;
      }
      const s = await shown(page);
      const first = s.options[0];
      lines.push(`${mode.padEnd(4)} ${start.padEnd(32)} ${JSON.stringify(c.query).padEnd(22)} -> ${first ? first.title : '(nothing)'} [${s.options.length} results, ${ms} ms]`);
      if (!first) {
        problems.push(`${where}: no results (want ${c.title}): ${s.note}`);
        continue;
      }
      if (first.title !== c.title) problems.push(`${where}: first result is "${first.title}", want "${c.title}" (then: ${s.options.slice(1, 4).map((o) => o.title).join(', ')})`);
      if (c.untranslated) {
        problems.push(...untranslatedProblems(c, s, where));
        lines[lines.length - 1] += `: ${s.options.map((o) => o.title + (o.hreflang ? ` [${o.hreflang}] ${o.mark}` : '')).join(', ')}`;
      }
      if (!s.open || s.expanded !== 'true') problems.push(`${where}: results shown but the list is not open (aria-expanded=${s.expanded})`);
      if (s.role !== 'combobox' || !s.controls) problems.push(`${where}: the box is not a combobox controlling a listbox`);
      if (!s.live) problems.push(`${where}: no polite live region`);
      if (s.options.some((o) => !o.group)) problems.push(`${where}: a result is not in a labelled group`);
      if (!first.marks.length) problems.push(`${where}: the first result marks no matched word`);
      // The link of every result leads to a page of the site, from this page.
      for (const o of s.options) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(start), decodeURIComponent(o.href)));
        if (o.href.startsWith('/') || /^[a-z]+:/i.test(o.href) || !fs.existsSync(path.join(root, target))) {
          problems.push(`${where}: result "${o.title}" links to ${o.href}, which is no page of the site`);
        }
      }
    }

    // Keyboard and screen reader, on the last case's results.
    where = `${mode} ${start} keyboard`;
    const c = cases[0];
    await type(page, c.query);
    // The count, in the page's language (Arabic says "one result" in words).
    await page.waitForFunction(() => document.getElementById('page--search-status').textContent.trim() !== '', null, { timeout: 5000 })
      .catch(() => problems.push(`${where}: the live region never said how many results there are`));
    let s = await shown(page);
    if (s.options.length >= 2) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      s = await shown(page);
      if (s.activedescendant !== s.options[0].id || s.options[0].selected !== 'true' || s.options.filter((o) => o.selected === 'true').length !== 1) {
        problems.push(`${where}: Down, Down, Up should make the first result active (aria-activedescendant=${s.activedescendant})`);
      }
      await page.keyboard.press('ArrowUp');
      s = await shown(page);
      if (s.activedescendant !== s.options[s.options.length - 1].id) problems.push(`${where}: Up from the first result should wrap to the last`);
      await page.keyboard.press('ArrowDown');
    } else {
      await page.keyboard.press('ArrowDown');
    }
    // axe reads style sheets with XMLHttpRequest, which file:// pages may not use.
    if (mode === 'http') await axe(page, `${mode} ${start} results open`);
    await page.keyboard.press('Escape');
    s = await shown(page);
    if (s.open || s.expanded !== 'false') problems.push(`${where}: Escape does not close the results`);
    if (s.activedescendant) problems.push(`${where}: aria-activedescendant stays after Escape`);
    if ((await page.inputValue('#page--search-q')) !== c.query) problems.push(`${where}: the first Escape should keep the words typed`);
    await page.keyboard.press('Escape');
    if ((await page.inputValue('#page--search-q')) !== '') problems.push(`${where}: a second Escape should empty the box`);

    // Enter opens the active result.
    await type(page, c.query);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    const h1 = await page.evaluate(() => document.querySelector('h1')?.textContent.trim());
    if (h1 !== c.title) problems.push(`${where}: Enter opened "${h1}" (${page.url()}), want "${c.title}"`);
    await page.context().close();
  }
}

// Without JavaScript: the box is hidden, and "Browse A to Z" lists the A–Z pages.
{
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(urlOf('file', entryPage), { waitUntil: 'load' });
  const n = await page.evaluate(() => ({
    form: getComputedStyle(document.getElementById('page--search')).display,
    links: [...document.querySelectorAll('#page--search-fallback a')].map((a) => a.getAttribute('href')),
  }));
  if (n.form !== 'none') problems.push('JavaScript off: the search box shows, and cannot work');
  if (!n.links.length) problems.push('JavaScript off: "Browse A to Z" has no links');
  for (const href of n.links) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(entryPage), href));
    if (!fs.existsSync(path.join(root, target))) problems.push(`JavaScript off: "Browse A to Z" links to ${href}, which is no page`);
  }
  await context.close();
}

await browser.close();
server.close();

console.log(lines.join('\n'));
if (problems.length) {
  console.log(problems.join('\n'));
  console.log(`FAILED: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`ok: ${cases.length} queries, over http and from file://, from ${prefix ? `${prefix}index.html` : 'the site root'} and from ${entryPage}`);
