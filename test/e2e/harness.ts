import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { startWebHost } from '../host/server';
import type { WebHost, WebHostOptions } from '../host/server';
import type { Settings } from '../../main/settings';
import type { Simulator } from '../../main/simulator/index';
import { tempDir } from '../support/temp-dir';
import { assertAccessible } from './axe';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export interface E2eSession {
  host: WebHost;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** Checks the page with axe-core, then saves test-results/screenshots/<name>.png (look at them). */
  shot(name: string): Promise<string>;
  /** Errors the page threw or logged; tests assert there are none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Host options for a kiosk connected (live, not practice) to a simulated race, polling every 2 s. */
export function onRace(
  sim: Simulator,
  settings: Partial<Settings> = {},
): Pick<WebHostOptions, 'baseUrl' | 'credentials' | 'callerRegistration' | 'settings'> {
  return {
    baseUrl: sim.url,
    credentials: { kind: 'v2', ...sim.credentials.v2 },
    callerRegistration: { ...sim.callerRegistration },
    settings: {
      raceId: sim.raceId,
      raceName: 'Simulated race',
      practice: false,
      pollIntervalSec: 2,
      ...settings,
    },
  };
}

/** Loop timings for a kiosk on a simulated race: probe, time-outs and result retries within a second or so. */
export const BRISK_TIMINGS = {
  probeIntervalMs: 300,
  requestTimeoutMs: 3000,
  resultBackoff: { baseMs: 200, maxMs: 1000 },
};

/** Starts the web host on a fresh data folder and opens it in Debian's Chromium. */
export async function openKiosk(
  opts: Partial<WebHostOptions> = {},
  viewport = { width: 1366, height: 860 },
): Promise<E2eSession> {
  const dataDir = opts.dataDir ?? tempDir('e2e');
  const host = await startWebHost({ ...opts, dataDir });
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(host.url);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    host,
    browser,
    page,
    dataDir,
    pageErrors,
    async shot(name) {
      await assertAccessible(page, name);
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await browser.close();
      await host.close();
    },
  };
}
