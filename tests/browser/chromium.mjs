// Debian's Chromium through playwright-core, for the browser checks of `carebook serve`
// (live-reload.mjs, many-pages.mjs). Exits 2 when either is missing.

import fs from 'node:fs';

/** Launches headless Chromium, or exits 2 when Chromium or node_modules is missing. */
export async function launchChromium() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.error(`missing: ${executablePath}`);
    process.exit(2);
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    console.error(`missing: node_modules (npm ci): ${err.message}`);
    process.exit(2);
  }
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
