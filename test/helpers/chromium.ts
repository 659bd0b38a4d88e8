import { access, constants } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling home, and a closed network
// refuses each call; the rest are what a headless run as root needs.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Debian's Chromium, headless, driven by Playwright.
 * @throws with the package to install when Chromium is not there, naming the test that needs it.
 */
export async function launchChromium(neededBy: string): Promise<Browser> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch (error) {
    throw new Error(`${neededBy} needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`, {
      cause: error,
    });
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
