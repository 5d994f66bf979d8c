import { existsSync } from 'node:fs';

/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why a browser test skips: only outside CI, and only when Chromium is absent (CI installs it). */
export const chromiumSkip = (): string | false =>
  !existsSync(CHROMIUM) && !process.env.CI
    ? `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`
    : false;
