import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app } from 'electron';
import type { BrowserWindow } from 'electron';
import { createDispatch } from './api-dispatch';
import { createKiosk } from './app';
import { bakedCallerRegistration } from './build-config';
import type { Kiosk } from './app';
import { bindIpc, isFromPage } from './ipc';
import { createLogger } from './logging';
import { SecretRegistry } from './redact';
import { EncryptedFileSecretStore } from './secrets';
import { ElectronSettingsStore } from './shell/electron-settings';
import { askBeforeClosingWithUnsent, kioskApplier, watchRenderer } from './shell/kiosk-window';
import { saveDialogExports } from './shell/save-dialog-exports';
import { safeStorageCipher } from './shell/safe-storage';
import { createMainWindow } from './window';

// The Electron shell: lifecycle only. Everything it starts is built by createKiosk (main/app.ts).
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const dev = !app.isPackaged && Boolean(rendererUrl);
const rendererFile = path.join(here, '../renderer/index.html');
const preloadPath = path.join(here, '../preload/index.cjs');

let win: BrowserWindow | null = null;
let kiosk: Kiosk | null = null;
let unbind: (() => void) | null = null;

async function startApp(): Promise<void> {
  const dataDir = app.getPath('userData');
  const secrets = new SecretRegistry();
  const logger = createLogger({ file: path.join(dataDir, 'logs', 'kiosk.log'), secrets });
  const settings = new ElectronSettingsStore();
  const forceKiosk = process.argv.includes('--kiosk');
  kiosk = createKiosk({
    dataDir,
    settings,
    secrets: new EncryptedFileSecretStore(path.join(dataDir, 'credentials.bin'), safeStorageCipher),
    version: app.getVersion(),
    logger,
    secretRegistry: secrets,
    forceKiosk,
    exports: saveDialogExports(() => win),
    builtInCallerRegistration: bakedCallerRegistration(),
  });
  await kiosk.start();
  const status = await kiosk.api.getStatus();

  win = createMainWindow({
    preloadPath,
    rendererFile,
    rendererUrl: dev ? rendererUrl : undefined,
    kiosk: status.kiosk.enabled,
    dev,
  });
  const applyKiosk = kioskApplier(() => win);
  applyKiosk(status.kiosk);
  watchRenderer(win, logger);
  askBeforeClosingWithUnsent(win, () => kiosk?.unsentResults() ?? 0);
  const allowedPrefix =
    dev && rendererUrl ? rendererUrl : pathToFileURL(path.dirname(rendererFile)).href;
  kiosk.subscribe((event, payload) => {
    if (event === 'status') applyKiosk((payload as typeof status).kiosk);
  });
  unbind = bindIpc({
    dispatch: createDispatch(kiosk.api, logger),
    subscribe: (listener) => kiosk!.subscribe(listener),
    isTrustedSender: (event) => isFromPage(event, win?.webContents ?? null, allowedPrefix),
    targets: () => (win && !win.isDestroyed() ? [win.webContents] : []),
  });
  win.on('closed', () => {
    win = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    unbind?.();
    void kiosk?.stop();
  });
  void app.whenReady().then(startApp);
}
