/**
 * A headless Chromium for the browser tests: the system's when one is installed (faster to start),
 * otherwise the one shipped inside the @sparticuz/chromium npm package, so `npm install && npm test`
 * passes on a machine with no browser (nothing is installed with apt, nothing is downloaded).
 */
import { existsSync } from 'node:fs';
import chromiumPackage from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const SYSTEM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return chromium.launch({ executablePath: system, args: SYSTEM_ARGS });
  // Unpacks the bundled build into the temp folder on first use (about 2.5 s), then reuses it.
  return chromium.launch({ executablePath: await chromiumPackage.executablePath(), args: chromiumPackage.args });
}
