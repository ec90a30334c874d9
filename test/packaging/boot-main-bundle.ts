/**
 * Boots the BUILT main bundle (out/main/index.js, as Electron would load it) with the stand-in
 * electron module, then reports what it did as one JSON line. Run by main-bundle.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain } from 'electron';

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
        loaded: { file?: string };
        webContents: { url: string };
      }>;
    }
  ).all,
  handlers: (ipcMain as unknown as { handlers: Map<string, Handler> }).handlers,
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
const settings = await fake.handlers.get('api:updateSettings')!(event, {
  deviceName: 'Bundle check',
});
console.log(
  JSON.stringify({
    preload: win.options.webPreferences['preload'],
    preloadExists: fs.existsSync(String(win.options.webPreferences['preload'])),
    rendererFile: win.loaded.file,
    rendererExists: fs.existsSync(String(win.loaded.file)),
    handlers: [...fake.handlers.keys()].filter((k) => k.startsWith('api:')).length,
    status: status.value,
    settingsSaved: settings.ok,
    settingsFile: fs.readFileSync(path.join(userData, 'settings.json'), 'utf8'),
    database: fs.existsSync(path.join(userData, 'practice.db')),
  }),
);
fake.app.emit('will-quit');
setTimeout(() => process.exit(0), 300);
