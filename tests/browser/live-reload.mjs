#!/usr/bin/env node
// An open page reloads by itself after an edit, under `carebook serve`.
// Run by tests/cli/serve.rs (`cargo test`):
//
//   node tests/browser/live-reload.mjs URL FILE OLD NEW
//
// Opens URL in Debian's Chromium (playwright-core), checks the page shows OLD, replaces OLD
// with NEW in FILE (a content file of the served site), then waits for the page to reload
// on its own and show NEW. Exit 0 on success, 1 on failure, 2 when the tools are missing.

import fs from 'node:fs';

import { launchChromium } from './chromium.mjs';

const [url, file, oldText, newText] = process.argv.slice(2);
if (!url || !file || !oldText || !newText) {
  console.error('usage: node tests/browser/live-reload.mjs URL FILE OLD NEW');
  process.exit(2);
}
const browser = await launchChromium();
const problems = [];
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  if (!(await page.content()).includes(oldText)) problems.push(`the page does not show ${JSON.stringify(oldText)}`);
  // Wait until the event stream is open (the reload script says so), so the edit cannot
  // come before it.
  await page.waitForFunction(() => window.carebookLive === true, null, { timeout: 10000 });
  const reloaded = page.waitForEvent('load', { timeout: 10000 });
  const started = Date.now();
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(oldText, newText));
  await reloaded;
  await page.waitForFunction((t) => document.body.innerText.includes(t), newText, { timeout: 5000 });
  console.log(`reloaded by itself ${Date.now() - started} ms after the edit`);
} catch (err) {
  problems.push(String(err.message || err));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
