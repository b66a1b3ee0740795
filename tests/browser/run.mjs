#!/usr/bin/env node
// Browser checks of a built carebook site, run by tests/cli/browser.rs (`cargo test`).
//
//   node tests/browser/run.mjs SITE_DIR [--lang en-GB] [--no-vnu] [--vnu-also OTHER_SITE_DIR]
//   SCREENSHOTS=docs/screenshots node tests/browser/run.mjs SITE_DIR   also writes screenshots
//
// Serves SITE_DIR on 127.0.0.1 (node's http module, a free port) and, in Debian's Chromium
// driven by playwright-core, checks every page:
//   - axe-core finds no violation, in light and in dark mode (prefers-color-scheme), with
//     the WCAG 2.2 target-size rule switched on (24 x 24 px);
//   - one h1; banner, navigation, main and contentinfo landmarks; a skip link that is the
//     first thing Tab reaches, shows itself and leads to <main>; `lang` is the site's;
//   - every element Tab reaches has a visible focus outline (3:1 against the background);
//   - at 320 CSS px wide, with JavaScript off, the page does not scroll sideways and its
//     main text is there (nothing needs JavaScript to be read or navigated);
//   - no console error, no uncaught exception, no failed request, no HTTP error, and no
//     request to any other host (the site works offline); every page names an icon
//     (<link rel="icon">) that is served as an image, so no browser asks for a missing
//     /favicon.ico;
//   - from disk: every href and src names a file of the site (and an id on it, for a
//     #fragment), none is absolute, and each page opened as a file:// URL loads its
//     stylesheet and images;
//   - the 404 page is checked where a host shows it, at an address the site does not have
//     three folders down (NOT_FOUND_AT), answered with status 404: its links start at the
//     site's root ("/"), so it is the one page whose links are absolute, and it is not
//     opened from disk, where no host shows it.
// It prints a condition page to PDF (print stylesheet: no navigation or search, full
// addresses after links and never a path, review footer printed) and checks the PDF has
// pages. Meanwhile it runs the Nu Html Checker (vnu.jar, with Java) over the whole folder,
// CSS included (and over any --vnu-also folder): any error fails.
//
// Exit code 0 when everything passes, 1 with a list of every problem otherwise, 2 when the
// tools are missing (Chromium, Java, node_modules).

import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serveFolder } from './static-server.mjs';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the networking flags, Chromium's background connections are refused by a closed
// network, many at a time; the checks must see only the site's own requests.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---- arguments ---------------------------------------------------------------------------

const args = process.argv.slice(2);
const siteDir = args.find((a, i) => !a.startsWith('--') && !['--lang', '--vnu-also', '--translated'].includes(args[i - 1]));
const langIndex = args.indexOf('--lang');
const expectLang = langIndex >= 0 ? args[langIndex + 1] : null;
// The site's other languages (`--translated es,ar`): the pages in their folders (es/…) are
// in that language.
const translatedIndex = args.indexOf('--translated');
const translated = translatedIndex >= 0 ? args[translatedIndex + 1].split(',').filter(Boolean) : [];
/** The language the page at `rel` (below the site root) is written in. */
function langOf(rel) {
  const first = rel.split('/')[0];
  return translated.includes(first) ? first : expectLang;
}
const runVnu = !args.includes('--no-vnu');
// More built sites for the Nu checker only (say, the example with base_url set).
const vnuAlso = args.flatMap((a, i) => (a === '--vnu-also' ? [path.resolve(args[i + 1])] : []));
const shotsDir = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
if (!siteDir || !fs.statSync(siteDir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: node tests/browser/run.mjs SITE_DIR [--lang LANG] [--no-vnu] [--vnu-also DIR]...');
  process.exit(2);
}
const root = path.resolve(siteDir);

function missing(what) {
  console.error(`missing: ${what}`);
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) missing(`${CHROMIUM} (apt-get install chromium)`);
let chromium, axeSource, vnuJar;
try {
  ({ chromium } = await import('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  vnuJar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
} catch (err) {
  missing(`node_modules (run \`npm ci\` in ${repo}): ${err.message}`);
}

// ---- the site ----------------------------------------------------------------------------

/** Every file below `top`, as sorted `/`-separated paths relative to it. */
function walkFrom(top) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(top, p).split(path.sep).join('/'));
    }
  };
  walk(top);
  return out.sort();
}
const files = walkFrom(root);
const pages = files.filter((f) => f.endsWith('.html'));
if (pages.length === 0) {
  console.error(`no .html files in ${root}`);
  process.exit(1);
}

const problems = [];
const problem = (page, what) => problems.push(`${page}: ${what}`);

const { server, origin } = await serveFolder(root);

// The 404 page, as a host shows it: for an address the site does not have, at any depth.
const NOT_FOUND = '404.html';
const NOT_FOUND_AT = 'conditions/no-such-page/or-this/';
if (!pages.includes(NOT_FOUND)) problems.push(`the site has no ${NOT_FOUND}`);
/** Where a page is visited: its own path, but the 404 page's where a host shows it. */
const address = (rel) => (rel === NOT_FOUND ? NOT_FOUND_AT : rel);

// Every page's icon (<link rel="icon">), as a path of the site: each must be there (so no
// browser asks for a missing /favicon.ico); it is fetched once below. A browser fetches an
// icon after the page's load event and drops the request when the next page opens, so an
// icon's request aborted by leaving the page is not a failure.
const icons = new Map();
for (const rel of pages) {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const m = text.match(/<link rel="icon" href="([^"]*)"/);
  if (!m) continue;
  icons.set(rel, path.posix.normalize(path.posix.join(path.posix.dirname(rel), decodeURIComponent(m[1].replace(/&amp;/g, '&')))));
}
const iconUrls = new Set([...icons.values()].flatMap((f) => [`${origin}/${encodeURI(f)}`, `file://${encodeURI(path.join(root, f))}`]));
const droppedIcon = (req) => req.failure()?.errorText === 'net::ERR_ABORTED' && iconUrls.has(req.url());

// ---- the Nu Html Checker, in the background ----------------------------------------------

function startVnu() {
  if (!runVnu) return Promise.resolve(null);
  const java = spawnSync('java', ['-version']);
  if (java.error) missing('java (apt-get install default-jre-headless)');
  return new Promise((resolve) => {
    const child = spawn('java', ['-jar', vnuJar, '--errors-only', '--skip-non-html', '--also-check-css', '--format', 'gnu', root, ...vnuAlso]);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output: output.trim() }));
  });
}
const started = Date.now();
const vnu = startVnu();

// ---- the browser checks ------------------------------------------------------------------


const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** A context whose every request, console error and failure is reported against the page
 * it came from; requests to any host but ours are refused and reported. */
async function newContext(options) {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/')) return route.continue();
    problem(context.rel || '(no page)', `request to another host: ${url}`);
    return route.abort();
  });
  return context;
}

/** One tab, reused from page to page (much faster than a new tab per page). */
async function newTab(context) {
  const page = await context.newPage();
  const rel = () => context.rel;
  page.on('console', (msg) => {
    // Chromium logs the 404 page's own status as an error; that status is the point.
    const own = msg.location().url === `${origin}/${NOT_FOUND_AT}` && msg.text().includes('status of 404');
    if (msg.type() === 'error' && !own) problem(rel(), `console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problem(rel(), `uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (req.url().startsWith(origin) && !droppedIcon(req)) problem(rel(), `failed request: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (resp) => {
    // The 404 page's own address is answered 404, as it should be; nothing else may be.
    const expected = resp.url() === `${origin}/${NOT_FOUND_AT}` && resp.status() === 404;
    if (resp.status() >= 400 && !expected) problem(rel(), `HTTP ${resp.status()} for ${resp.url()}`);
  });
  return page;
}

async function visit(page, rel) {
  page.context().rel = rel;
  await page.goto(`${origin}/${address(rel)}`, { waitUntil: 'load' });
}

/** axe-core, injected into every page of the context by an init script. */
async function axe(page, rel, mode) {
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { rules: { 'target-size': { enabled: true } }, resultTypes: ['violations'] }),
  );
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)})` : ''}`);
    problem(rel, `axe ${mode}: ${v.id} [${v.impact}] ${v.help}: ${where.join('; ')}${v.nodes.length > 3 ? ` … ${v.nodes.length} in all` : ''}`);
  }
  return result.violations.length;
}

/** Structure the issue asks for that axe does not check as such. */
async function structure(page, rel) {
  const s = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    h1: document.querySelectorAll('h1').length,
    banner: document.querySelectorAll('body > header').length,
    nav: document.querySelectorAll('nav').length,
    main: document.querySelectorAll('main').length,
    footer: document.querySelectorAll('body > footer').length,
    fonts: [...document.fonts].map((f) => f.family),
  }));
  if (expectLang && s.lang !== langOf(rel)) problem(rel, `lang="${s.lang}", site.yaml says "${langOf(rel)}"`);
  if (!s.lang) problem(rel, 'no lang attribute on <html>');
  if (s.h1 !== 1) problem(rel, `${s.h1} h1 headings, want exactly 1`);
  for (const k of ['banner', 'nav', 'main', 'footer']) if (s[k] < 1) problem(rel, `no ${k} landmark`);
  if (s.main > 1) problem(rel, `${s.main} <main> elements`);
  if (s.fonts.length) problem(rel, `web fonts: ${s.fonts.join(', ')}`);
  if (!icons.has(rel)) problem(rel, 'no <link rel="icon">: browsers ask for /favicon.ico, which is not there');
  return s;
}

/** Tab once: the skip link comes first, shows itself and leads to <main>. Then focus
 * every focusable element in turn (focus stays "keyboard" focus after a Tab): each must
 * show an outline of 2 px or more, with 3:1 contrast against the background behind it. */
async function keyboard(page, rel, mode) {
  // Only straight after loading does Tab start from the top of the page.
  const fresh = mode === 'light';
  if (fresh) await page.keyboard.press('Tab');
  const k = await page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const describe = (el) => `${el.tagName.toLowerCase()} "${(el.textContent || '').trim().slice(0, 40)}"`;
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    };
    const first = document.activeElement;
    const skip = {
      what: first && first !== document.body ? describe(first) : 'nothing',
      href: first?.getAttribute?.('href') ?? null,
      visible: !!first && first !== document.body && visible(first),
      // The theme's ids hold `--` (`page--main`), so no heading's id can take them.
      main: document.getElementById('page--main')?.tagName === 'MAIN',
    };
    const failures = [];
    const focusable = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    for (const el of focusable) {
      el.focus();
      if (document.activeElement !== el) continue;
      const cs = getComputedStyle(el);
      let bg = null;
      for (let n = el; n && !bg; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c && c.a > 0.5) bg = c;
      }
      bg = bg || { r: 255, g: 255, b: 255 };
      const oc = parse(cs.outlineColor);
      const [l1, l2] = [lum(oc || bg), lum(bg)].sort((a, b) => b - a);
      const contrast = (l1 + 0.05) / (l2 + 0.05);
      if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 2) failures.push(`no visible focus outline on ${describe(el)}`);
      else if (contrast < 3) failures.push(`focus outline on ${describe(el)} has contrast ${contrast.toFixed(2)} < 3`);
    }
    return { skip, failures, count: focusable.length };
  });
  if (fresh && k.skip.href !== '#page--main') problem(rel, `first Tab stop is ${k.skip.what}, want the skip link to #page--main`);
  else if (fresh && !k.skip.visible) problem(rel, 'the skip link does not show when it has focus');
  if (!k.skip.main) problem(rel, 'the skip link target #page--main is not the <main> element');
  for (const f of k.failures) problem(rel, `${mode}: ${f}`);
}

async function reflow(page, rel) {
  await visit(page, rel);
  const r = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    text: (document.querySelector('main')?.innerText || '').trim().length,
    wide: [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
  }));
  if (r.scroll > r.client) problem(rel, `at 320 px the page scrolls sideways (scrollWidth ${r.scroll} > ${r.client}): ${r.wide.join(', ')}`);
  if (r.text === 0) problem(rel, 'with JavaScript off, <main> has no text');
}

async function shot(page, name, options = {}) {
  if (!shotsDir) return;
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: path.join(shotsDir, name), fullPage: true, ...options });
  console.log(`wrote ${path.relative(repo, path.join(shotsDir, name))}`);
}

/** Print a page to PDF and check the print stylesheet's promises; with SCREENSHOTS and a
 * name, keep the PDF and a PNG of its first page. */
async function print(page, rel, name) {
  await visit(page, rel);
  await page.emulateMedia({ media: 'print' });
  const p = await page.evaluate(() => {
    const shown = (el) => !!el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
    // A link shows the full address carebook gives it (data-print-url: with a base_url, or
    // to another site); a path inside the site is never printed.
    const link = document.querySelector('main a[data-print-url]');
    const bare = [...document.querySelectorAll('main a[href]:not([data-print-url])')]
      .filter((a) => getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
      .map((a) => a.getAttribute('href'));
    return {
      // A handout's table of contents is part of the document; site navigation is not.
      nav: [...document.querySelectorAll('nav:not(.contents)')].filter(shown).map((n) => n.getAttribute('aria-label') || n.className),
      search: [...document.querySelectorAll('[role=search], .site-search, input[type=search]')].filter(shown).length,
      review: shown(document.querySelector('.review')),
      linkTarget: link ? getComputedStyle(link, '::after').content : 'none',
      href: link ? link.getAttribute('data-print-url') : null,
      bare,
      unbroken: [...document.querySelectorAll('.callout, table')].every((el) => ['avoid', 'avoid-page'].includes(getComputedStyle(el).breakInside)),
    };
  });
  if (p.nav.length) problem(rel, `print: navigation is printed (${p.nav.join(', ')})`);
  if (p.search) problem(rel, 'print: the search box is printed');
  if (!p.review) problem(rel, 'print: the review footer is not printed');
  if (p.href && !p.linkTarget.includes(p.href)) problem(rel, `print: link target not shown after "${p.href}" (::after is ${p.linkTarget})`);
  if (p.bare.length) problem(rel, `print: paths printed after links (${p.bare.slice(0, 3).join(', ')})`);
  if (!p.unbroken) problem(rel, 'print: a callout or table may break across pages');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const count = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) || []).length;
  if (pdf.length < 1000 || count < 1) problem(rel, `print: the PDF is empty (${pdf.length} bytes, ${count} pages)`);
  if (shotsDir && name) {
    const file = path.join(shotsDir, `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    console.log(`wrote ${path.relative(repo, file)}`);
    // A picture of the printed first page, for the README, when poppler's pdftoppm is here.
    const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(shotsDir, name)]);
    if (png.error || png.status !== 0) console.log('note: no PNG of the PDF: pdftoppm (poppler-utils) failed or is not installed');
    else console.log(`wrote ${path.relative(repo, path.join(shotsDir, name))}.png`);
  }
  await page.emulateMedia({ media: 'screen' });
  return { bytes: pdf.length, pages: count };
}

if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });
const condition = pages.find((p) => p === 'conditions/whiplash/index.html') ||
  pages.find((p) => /^conditions\/[^/]+\/index\.html$/.test(p));
const handout = pages.find((p) => /^handouts\/[^/]+\/index\.html$/.test(p));

let axeRuns = 0;
{
  const context = await newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: axeSource });
  const page = await newTab(context);
  for (const rel of pages) {
    await visit(page, rel);
    await structure(page, rel);
    for (const mode of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: mode });
      await axe(page, rel, mode);
      axeRuns++;
      await keyboard(page, rel, mode);
      if (rel === 'index.html' && mode === 'light') await shot(page, 'home.png');
      if (rel === NOT_FOUND && mode === 'light') await shot(page, 'not-found.png');
      if (rel === 'prices/index.html' && mode === 'light') await shot(page, 'plain-page.png');
      if (rel === condition) await shot(page, `condition-${mode}.png`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await context.close();
}

// Reflow: 320 CSS px wide (WCAG 1.4.10), JavaScript off.
{
  const context = await newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  const page = await newTab(context);
  for (const rel of pages) await reflow(page, rel);
  await context.close();
}

// From disk: every link and image names a file of the site (and an id on it), and every
// page opened as a file:// URL loads its stylesheet and images with nothing failing.
{
  const html = new Map(pages.map((p) => [p, fs.readFileSync(path.join(root, p), 'utf8')]));
  const have = new Set(files);
  for (const [rel, text] of html) {
    for (const [, attr, raw] of text.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const value = raw.replace(/&amp;/g, '&');
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) continue; // https:, mailto:, tel:, data:
      const [target, fragment] = value.split('#');
      // The 404 page is shown at any address: its links start at the site's root.
      const from = rel === NOT_FOUND ? '/' : path.posix.dirname(rel);
      if (target && value.startsWith('/') !== (rel === NOT_FOUND)) {
        problem(rel, rel === NOT_FOUND
          ? `${attr}="${value}" is relative: it breaks at an address in a folder`
          : `${attr}="${value}" is absolute: it breaks from disk and under a sub-path`);
        continue;
      }
      let file = target ? path.posix.normalize(path.posix.join(from, decodeURIComponent(target))).replace(/^\//, '') : rel;
      if (file.endsWith('/') || file === '.') file = `${file === '.' ? '' : file}index.html`;
      if (!have.has(file)) {
        problem(rel, `${attr}="${value}" names no file of the site`);
      } else if (fragment && html.has(file) && !html.get(file).includes(`id="${fragment}"`)) {
        problem(rel, `${attr}="${value}": ${file} has no id "${fragment}"`);
      }
    }
  }
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  let current = '';
  page.on('requestfailed', (req) => {
    if (!droppedIcon(req)) problem(current, `from disk: failed to load ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problem(current, `from disk: console error: ${msg.text()}`);
  });
  for (const rel of pages.filter((p) => p !== NOT_FOUND)) {
    current = rel;
    await page.goto(`file://${path.join(root, rel)}`, { waitUntil: 'load' });
    const broken = await page.evaluate(() => [
      ...[...document.querySelectorAll('link[rel=stylesheet]')].filter((l) => !l.sheet).map((l) => l.getAttribute('href')),
      ...[...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.getAttribute('src')),
    ]);
    for (const b of broken) problem(rel, `from disk: ${b} did not load`);
  }
  await context.close();
}

// Every icon the pages name is served (the from-disk check above also finds its file).
for (const icon of new Set(icons.values())) {
  const response = await fetch(`${origin}/${encodeURI(icon)}`);
  if (!response.ok) problems.push(`the icon ${icon} is answered with HTTP ${response.status}`);
  else if (!/^image\//.test(response.headers.get('content-type') || '')) problems.push(`the icon ${icon} is served as ${response.headers.get('content-type')}, not an image`);
}

// Print.
let printed = null;
{
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newTab(context);
  if (condition) printed = await print(page, condition, 'condition-print');
  else problems.push('the site has no condition page to print');
  if (handout) await print(page, handout, null);
  await context.close();
}

// Phone-sized screenshots.
if (shotsDir) {
  const context = await newContext({ viewport: { width: 390, height: 844 } });
  const page = await newTab(context);
  for (const [rel, name] of [['index.html', 'home-phone.png'], [condition, 'condition-phone.png']]) {
    if (!rel) continue;
    await visit(page, rel);
    await shot(page, name);
  }
  await context.close();
}

await browser.close();
server.close();

const v = await vnu;
const vnuErrors = v && (v.code !== 0 || v.output) ? v.output.split('\n') : [];
for (const line of vnuErrors) problems.push(`vnu: ${line}`);
const vnuFiles = [root, ...vnuAlso]
  .flatMap((dir) => walkFrom(dir))
  .filter((f) => f.endsWith('.html') || f.endsWith('.css')).length;

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const summary = [
  `axe: ${axeRuns} runs (${pages.length} pages, light and dark)`,
  v ? `vnu: ${vnuErrors.length} errors in ${vnuFiles} HTML and CSS files` : 'vnu: skipped',
  printed ? `PDF of ${condition}: ${printed.pages} page(s), ${printed.bytes} bytes` : 'PDF: none',
  `${seconds} s`,
].join('; ');
if (problems.length) {
  console.log(problems.join('\n'));
  console.log(`FAILED: ${problems.length} problem(s). ${summary}`);
  process.exit(1);
}
console.log(`ok: ${summary}`);
