#!/usr/bin/env node
// Browser checks of right-sized pictures, run by tests/cli/browser.rs
// (`built_pictures_are_chosen_by_width_and_keep_their_box`):
//
//   node tests/browser/pictures.mjs SITE_DIR PAGE EXPECTED_JSON
//
// Serves SITE_DIR and opens PAGE (a path below it) in Chromium at each window width of
// EXPECTED_JSON (`{"390": {"img alt": "file name", …}, "1280": {…}}`). With every picture
// held back by the server, each <img> must already have its box (its width and height
// from its attributes: the page will not jump); once the pictures arrive, each <img>'s
// `currentSrc` must end with the file name expected for that width. Prints one line per
// width; exit code 0 when all pass, 1 with the problems, 2 when a tool is missing.

import { launchChromium } from './chromium.mjs';
import { serveFolder } from './static-server.mjs';
import path from 'node:path';

const [siteDir, pagePath, expectedJson] = process.argv.slice(2);
if (!siteDir || !pagePath || !expectedJson) {
  console.error('usage: node tests/browser/pictures.mjs SITE_DIR PAGE EXPECTED_JSON');
  process.exit(2);
}
const expected = JSON.parse(expectedJson);
const browser = await launchChromium();
const { server, origin } = await serveFolder(path.resolve(siteDir));
const problems = [];
try {
  for (const [width, byAlt] of Object.entries(expected)) {
    const context = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
    const page = await context.newPage();
    // Hold every picture back until the boxes are measured.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(/\.(png|jpe?g|webp)$/, async (route) => { await held; await route.continue(); });
    await page.goto(`${origin}/${pagePath}`, { waitUntil: 'domcontentloaded' });
    const boxes = await page.$$eval('main img', (imgs) => imgs.map((img) => ({
      alt: img.alt, complete: img.complete && img.naturalWidth > 0,
      width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height,
      ratio: Number(img.getAttribute('height')) / Number(img.getAttribute('width')),
    })));
    for (const box of boxes) {
      if (!(box.alt in byAlt)) continue;
      if (box.complete) problems.push(`${width}px: "${box.alt}" had arrived before it was measured`);
      if (!(box.width > 0 && Math.abs(box.height - box.width * box.ratio) < 2)) {
        problems.push(`${width}px: "${box.alt}" has no box of its shape before it arrives (${box.width} × ${box.height})`);
      }
    }
    release();
    await page.evaluate(() => Promise.all([...document.images].map((img) => {
      img.loading = 'eager';
      return img.decode().catch(() => {});
    })));
    const chosen = await page.$$eval('main img', (imgs) => imgs.map((img) => [img.alt, img.currentSrc]));
    const found = Object.fromEntries(chosen);
    for (const [alt, file] of Object.entries(byAlt)) {
      const src = found[alt] || '(no such image)';
      if (!src.endsWith(`/${file}`)) problems.push(`${width}px: "${alt}" loaded ${src}, not ${file}`);
    }
    console.log(`${width}px: ${Object.keys(byAlt).map((alt) => (found[alt] || '').split('/').pop()).join(', ')}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
