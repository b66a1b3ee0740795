#!/usr/bin/env node
// The Reading check of `carebook serve`, in Debian's Chromium (playwright-core).
// Run by tests/cli/evidence.rs (`cargo test`):
//
//   node tests/browser/reading-check.mjs URL FILE OLD NEW
//
// Opens URL (an entry page of the preview): the switch is there and nothing is marked;
// switched on with the keyboard, the page's findings are marked (a claim, a `never`
// claim, a hard sentence, plain words, a long paragraph); Tab reaches a mark, whose tooltip then shows its finding; axe-core finds no
// violation with the marks and a tooltip showing. Then replaces OLD with NEW in FILE and
// waits for the page to reload by itself: the switch is still on and the marks are the
// new findings (no claim; a plain-words mark). Prints what it saw; exit 0 on success, 1 on
// failure, 2 when the tools are missing.

import fs from 'node:fs';
import { createRequire } from 'node:module';

import { launchChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const [url, file, oldText, newText] = process.argv.slice(2);
if (!url || !file || !oldText || !newText) {
  console.error('usage: node tests/browser/reading-check.mjs URL FILE OLD NEW');
  process.exit(2);
}
let axeSource;
try {
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (err) {
  console.error(`missing: node_modules (npm ci): ${err.message}`);
  process.exit(2);
}
const browser = await launchChromium();
const problems = [];
const seen = [];
const codes = (page) => page.$$eval('mark.cb-rc', (ms) => ms.map((m) => m.dataset.code).sort());
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.carebookLive === true, null, { timeout: 10000 });
  const switchButton = page.locator('button.cb-rc-switch');
  if ((await switchButton.count()) !== 1) problems.push('no Reading check switch');
  if ((await page.locator('mark.cb-rc').count()) !== 0) problems.push('marks before the switch is on');
  // Switched on from the keyboard.
  await switchButton.focus();
  await page.keyboard.press('Enter');
  if ((await switchButton.getAttribute('aria-pressed')) !== 'true') problems.push('the switch is not pressed');
  const blocks = await page.$$eval('.cb-rc-block', (bs) => bs.map((b) => b.dataset.cbRc));
  seen.push(`paragraphs marked: ${blocks.join(', ')}`);
  if (!blocks.includes('long-paragraph')) problems.push('the long paragraph is not marked');
  const before = await codes(page);
  seen.push(`marked: ${before.join(', ')}`);
  for (const code of ['claim', 'never-claim', 'hard-sentence', 'plain-words']) {
    if (!before.includes(code)) problems.push(`no ${code} mark`);
  }
  // Tab from the top of the page reaches a mark, and its tooltip shows.
  await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
  await page.mouse.click(1, 1);
  let reached = null;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.matches('mark.cb-rc')) return null;
      const tip = document.getElementById(el.getAttribute('aria-describedby'));
      return { code: el.dataset.code, text: el.textContent, tip: tip && !tip.hidden ? tip.textContent : null, tabs: 0 };
    });
    if (reached) reached.tabs = i + 1;
  }
  if (!reached) problems.push('Tab never reaches a mark');
  else if (!reached.tip) problems.push(`the focused mark "${reached.text}" shows no tooltip`);
  else seen.push(`Tab ${reached.tabs}: "${reached.text}" shows "${reached.tip.slice(0, 60)}…"`);
  // axe-core, with the marks and a tooltip on the page.
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  for (const v of violations) problems.push(`axe: ${v}`);
  // An edit: the page reloads with its new findings, the switch still on.
  const reloaded = page.waitForEvent('load', { timeout: 10000 });
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(oldText, newText));
  await reloaded;
  await page.waitForFunction((t) => document.body.innerText.includes(t), newText, { timeout: 5000 });
  await page.waitForFunction(() => document.documentElement.dataset.readingCheck === 'on', null, { timeout: 5000 });
  const after = await codes(page);
  seen.push(`after the edit: ${after.join(', ')}`);
  if (after.includes('claim')) problems.push('the claim is still marked after the edit');
  if (after.filter((c) => c === 'plain-words').length < 2) problems.push('the new plain-words finding is not marked');
} catch (err) {
  problems.push(String(err.message || err));
} finally {
  await browser.close();
}
console.log(seen.join('\n'));
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
