import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { REQUEST_METHODS } from '../../preload/api';
import type { Api } from '../../preload/api';
import { startSimulator } from '../../main/simulator/index';
import type { Simulator } from '../../main/simulator/index';

// The smoke test in REAL Electron (`npm run test:electron`; not part of `npm test`): the built
// app (out/) launched by Playwright, on Linux under xvfb-run. The release workflow runs it on
// Windows, macOS and Linux. Each launch gets a fresh data folder (test/electron/entry.cjs).

const root = path.resolve(import.meta.dirname, '../..');
const SCREENSHOTS = path.join(root, 'test-results/screenshots');

interface Launched {
  app: ElectronApplication;
  page: Page;
  userData: string;
}

const launched: Launched[] = [];

async function launch(args: string[] = []): Promise<Launched> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-electron-'));
  const app = await electron.launch({
    args: [path.join(root, 'test/electron/entry.cjs'), ...args],
    cwd: root,
    env: { ...process.env, KIOSK_SMOKE_USER_DATA: userData } as Record<string, string>,
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  const run = { app, page, userData };
  launched.push(run);
  return run;
}

/** The page's window.api (inside page.evaluate). */
type PageWindow = { api: Api };

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `electron-${name}.png`) });
}

afterAll(async () => {
  for (const { app } of launched) await app.close().catch(() => {});
});

describe('the app in real Electron', () => {
  let run: Launched;

  beforeAll(async () => {
    run = await launch();
  });

  it('opens its window on the practice race', async () => {
    expect(run.app.windows()).toHaveLength(1);
    expect(await run.page.title()).toBe('Race-Day Kiosk');
    await run.page.getByTestId('practice-badge').waitFor({ timeout: 30_000 });
    await shot(run.page, 'practice');
  });

  it('gives the page window.api with every method of the contract, and no Node', async () => {
    const keys = await run.page.evaluate(() =>
      Object.keys((window as unknown as { api: object }).api),
    );
    expect(keys.sort()).toEqual([...REQUEST_METHODS, 'on'].sort());
    expect(
      await run.page.evaluate(() => typeof (globalThis as { require?: unknown }).require),
    ).toBe('undefined');
  });

  it('answers a scanned bib', async () => {
    await run.page.getByTestId('feed-row').first().waitFor({ timeout: 30_000 });
    const bib = await run.page.evaluate(async () => {
      const a = (window as unknown as PageWindow).api;
      for (const event of (await a.getRace())?.events ?? []) {
        const runner = (await a.notPickedUp(event.eventId)).find((p) => p.bib !== null);
        if (runner) return runner.bib;
      }
      return null;
    });
    expect(bib).not.toBeNull();
    await run.page.keyboard.type(String(bib));
    await run.page.keyboard.press('Enter');
    await expect
      .poll(() => run.page.getByTestId('verdict').textContent(), { timeout: 10_000 })
      .toMatch(/NOT checked in|CHECKED IN/);
    await shot(run.page, 'bib-answer');
  });

  it('blocks an inline script (Content-Security-Policy)', async () => {
    const outcome = await run.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener(
            'securitypolicyviolation',
            (e) => resolve(e.effectiveDirective),
            {
              once: true,
            },
          );
          const script = document.createElement('script');
          script.textContent = 'window.__inlineRan = true';
          document.head.append(script);
          setTimeout(
            () => resolve(`ran=${String((window as { __inlineRan?: boolean }).__inlineRan)}`),
            3000,
          );
        }),
    );
    expect(outcome).toMatch(/^script-src/);
  });

  it('refuses navigation and new windows', async () => {
    const before = run.page.url();
    expect(before).not.toContain('example.com');
    const opened = await run.page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    await run.page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.page.url()).toBe(before);
    expect(run.app.windows()).toHaveLength(1);
  });

  it('keeps stored credentials encrypted with safeStorage (no secret in clear on disk)', async () => {
    const sim: Simulator = await startSimulator({ seed: 7 });
    try {
      const available = await run.app.evaluate(({ safeStorage }) =>
        safeStorage.isEncryptionAvailable(),
      );
      expect(available).toBe(true);
      const credentials = { kind: 'v2' as const, ...sim.credentials.v2 };
      await run.page.evaluate(
        async ({ baseUrl, input }) => {
          const a = (window as unknown as PageWindow).api;
          await a.updateSettings({ baseUrl });
          await a.connect(input);
        },
        { baseUrl: sim.url, input: { credentials, raceId: sim.raceId } },
      );
      const file = fs.readFileSync(path.join(run.userData, 'credentials.bin'));
      expect(file.length).toBeGreaterThan(0);
      for (const secret of [credentials.apiKey, credentials.apiSecret])
        expect(file.includes(Buffer.from(secret))).toBe(false);
    } finally {
      await sim.close();
    }
  });
});

describe('quitting with unsent results', () => {
  it('asks first, and stays open when told to', async () => {
    const run = await launch();
    await run.page.getByTestId('practice-badge').waitFor({ timeout: 30_000 });
    const saved = await run.page.evaluate(async () => {
      const a = (window as unknown as PageWindow).api;
      await a.setOutage(true);
      const event = (await a.getResultEvents())[0]!;
      const runner = (await a.notPickedUp(event.eventId)).find((p) => p.bib !== null)!;
      const out = await a.commitImport({
        eventId: event.eventId,
        resultSetId: null,
        text: `${runner.bib}\t28:41.5\t\t100`,
        source: 'paste',
      });
      return out.committed;
    });
    expect(saved).toBe(1);
    // The native message box cannot be clicked: answer it from the main process.
    await run.app.evaluate(({ dialog }) => {
      const g = globalThis as { asked?: string[] };
      g.asked = [];
      dialog.showMessageBoxSync = ((...args: unknown[]) => {
        g.asked!.push((args.at(-1) as { message: string }).message);
        return 0; // "Keep the app open"
      }) as typeof dialog.showMessageBoxSync;
    });
    await run.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    const asked = await run.app.evaluate(() => (globalThis as { asked?: string[] }).asked);
    expect(asked).toEqual(['1 result has not been sent to RunSignup yet.']);
    expect(run.app.windows()).toHaveLength(1);
    // Let the test's own close go through ("Quit anyway").
    await run.app.evaluate(({ dialog }) => {
      dialog.showMessageBoxSync = (() => 1) as typeof dialog.showMessageBoxSync;
    });
  });
});

describe('--kiosk', () => {
  it('opens full screen with no menu', async () => {
    const run = await launch(['--kiosk']);
    await run.page.getByTestId('practice-badge').waitFor({ timeout: 30_000 });
    await expect
      .poll(
        () =>
          run.app.evaluate(({ BrowserWindow, Menu, screen }) => {
            const win = BrowserWindow.getAllWindows()[0]!;
            const display = screen.getDisplayMatching(win.getBounds()).bounds;
            return {
              kiosk: win.isKiosk(),
              // macOS has one application menu; Windows and Linux a menu bar per window.
              menuBar:
                process.platform === 'darwin'
                  ? Menu.getApplicationMenu() !== null
                  : win.isMenuBarVisible(),
              coversScreen:
                win.getBounds().width === display.width &&
                win.getBounds().height === display.height,
            };
          }),
        { timeout: 10_000 },
      )
      .toEqual({ kiosk: true, menuBar: false, coversScreen: true });
    await shot(run.page, 'kiosk');
  });
});
