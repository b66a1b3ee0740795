#!/usr/bin/env node
// Many open pages of `carebook serve` leave the browser connections for the next page.
// Run by tests/cli/serve_defects.rs (`cargo test`):
//
//   node tests/browser/many-pages.mjs BASE_URL PAGE
//
// A browser opens at most six connections to one server, and a page's live-reload event
// stream holds one for as long as the page is open. Opens BASE_URL in eight tabs of
// Debian's Chromium (playwright-core), each until its live reload is connected, then
// BASE_URL + PAGE (a page with an image) in a ninth: it must load, image included, within
// 10 s. Exit 0 on success, 1 on failure, 2 when the tools are missing.

import { launchChromium } from './chromium.mjs';

const [base, page] = process.argv.slice(2);
if (!base || !page) {
  console.error('usage: node tests/browser/many-pages.mjs BASE_URL PAGE');
  process.exit(2);
}
const STALL = 10000;
const browser = await launchChromium();
const problems = [];
try {
  const context = await browser.newContext();
  for (let i = 1; i <= 8; i++) {
    const tab = await context.newPage();
    const started = Date.now();
    await tab.goto(base, { timeout: STALL });
    await tab.waitForFunction(() => window.carebookLive === true, null, { timeout: STALL });
    console.log(`tab ${i}: loaded and live in ${Date.now() - started} ms`);
  }
  const tab = await context.newPage();
  const started = Date.now();
  await tab.goto(base + page, { timeout: STALL });
  const images = await tab.evaluate(() => [...document.images]
    .map((img) => ({ src: img.src, ok: img.complete && img.naturalWidth > 0 })));
  if (images.length === 0) problems.push(`${page} has no image`);
  for (const img of images) if (!img.ok) problems.push(`image not loaded: ${img.src}`);
  console.log(`tab 9: ${page} and its ${images.length} image(s) loaded in ${Date.now() - started} ms`);
} catch (err) {
  problems.push(String(err.message || err).split('\n')[0]);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
