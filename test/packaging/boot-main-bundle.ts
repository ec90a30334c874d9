/**
 * Boots the BUILT main bundle (out/main/index.js, as Electron would load it) with the stand-in
 * electron module, then reports what it did as one JSON line. Run by main-bundle.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, protocol } from 'electron';

type Handler = (event: unknown, ...args: unknown[]) => Promise<{ ok: boolean; value?: unknown }>;
const fake = {
  app: app as unknown as {
    paths: Record<string, string>;
    fireReady(): void;
    emit(e: string): void;
  },
  windows: (
    BrowserWindow as unknown as {
      all: Array<{
        options: { webPreferences: Record<string, unknown> };
        loaded: { file?: string; url?: string };
        webContents: { url: string };
      }>;
    }
  ).all,
  handlers: (ipcMain as unknown as { handlers: Map<string, Handler> }).handlers,
  schemes: (
    protocol as unknown as {
      handlers: Map<string, (request: Request) => Promise<Response>>;
    }
  ).handlers,
};

const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bundle-'));
fake.app.paths['userData'] = userData;
await import(pathToFileURL(path.resolve(process.argv[2] ?? 'out/main/index.js')).href);
fake.app.fireReady();
for (let i = 0; i < 400 && fake.windows.length === 0; i++)
  await new Promise((r) => setTimeout(r, 25));
const win = fake.windows[0];
if (!win) throw new Error('no window was created');
const event = { sender: win.webContents, senderFrame: { url: win.webContents.url, parent: null } };
let status = await fake.handlers.get('api:getStatus')!(event);
for (let i = 0; i < 200 && !(status.value as { race: unknown } | undefined)?.race; i++) {
  await new Promise((r) => setTimeout(r, 50));
  status = await fake.handlers.get('api:getStatus')!(event);
}
// The page and its script, as the window would fetch them through app://.
const serve = fake.schemes.get('app');
const page = serve ? await serve(new Request(String(win.loaded.url))) : null;
const html = page ? await page.text() : '';
const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1] ?? '';
const scriptAnswer =
  serve && script ? await serve(new Request(new URL(script, String(win.loaded.url)))) : null;
const settings = await fake.handlers.get('api:updateSettings')!(event, {
  deviceName: 'Bundle check',
});
console.log(
  JSON.stringify({
    preload: win.options.webPreferences['preload'],
    preloadExists: fs.existsSync(String(win.options.webPreferences['preload'])),
    pageUrl: win.loaded.url,
    pageStatus: page?.status ?? 0,
    pageHasCsp: html.includes("script-src 'self'"),
    script,
    scriptStatus: scriptAnswer?.status ?? 0,
    handlers: [...fake.handlers.keys()].filter((k) => k.startsWith('api:')).length,
    status: status.value,
    settingsSaved: settings.ok,
    settingsFile: fs.readFileSync(path.join(userData, 'settings.json'), 'utf8'),
    database: fs.existsSync(path.join(userData, 'practice.db')),
  }),
);
fake.app.emit('will-quit');
setTimeout(() => process.exit(0), 300);
