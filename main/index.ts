import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { createDispatch } from './api/dispatch';
import { createKiosk } from './app';
import { bakedCallerRegistration } from './build-config';
import type { Kiosk } from './app';
import { CONTENT_SECURITY_POLICY } from './shell/csp';
import { folderExportSink } from './exports';
import { bindIpc, isFromPage } from './shell/ipc';
import { toFailure } from './app-error';
import type { Logger } from './logging';
import { createLogger } from './logging';
import { SecretRegistry } from './redact';
import { APP_ENTRY_URL } from './renderer-files';
import { EncryptedFileSecretStore } from './secrets';
import { registerAppScheme, serveRenderer } from './shell/app-protocol';
import { ElectronSettingsStore } from './shell/electron-settings';
import { wireAutoUpdate } from './shell/auto-update';
import {
  askBeforeClosingWithUnsent,
  handleCrashes,
  kioskApplier,
  watchRenderer,
} from './shell/kiosk-window';
import { saveDialogExports } from './shell/save-dialog-exports';
import { safeStorageCipher } from './shell/safe-storage';
import { updateConditionsOf } from './update-policy';
import { createMainWindow } from './shell/window';

// The Electron shell: lifecycle only. Everything it starts is built by createKiosk (main/app.ts).
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const dev = !app.isPackaged && Boolean(rendererUrl);
const rendererFile = path.join(here, '../renderer/index.html');
const preloadPath = path.join(here, '../preload/index.cjs');
/** The page: app://renderer (served from out/renderer only), or the dev server. */
const pageUrl = dev && rendererUrl ? rendererUrl : APP_ENTRY_URL;

let win: BrowserWindow | null = null;
let kiosk: Kiosk | null = null;
let unbind: (() => void) | null = null;
let stopUpdates: (() => void) | null = null;
const forceKiosk = process.argv.includes('--kiosk');
const secrets = new SecretRegistry();

/** logs/kiosk.log in the data folder; standard output when even that cannot be opened. */
function openLog(): Logger {
  try {
    return createLogger({ file: path.join(app.getPath('userData'), 'logs', 'kiosk.log'), secrets });
  } catch {
    return createLogger({ secrets });
  }
}
const log = openLog();

async function startApp(): Promise<void> {
  const dataDir = app.getPath('userData');
  const settings = new ElectronSettingsStore();
  kiosk = createKiosk({
    dataDir,
    settings,
    secrets: new EncryptedFileSecretStore(path.join(dataDir, 'credentials.bin'), safeStorageCipher),
    version: app.getVersion(),
    logger: log,
    secretRegistry: secrets,
    forceKiosk,
    exports: saveDialogExports(() => win),
    // Kiosk mode never opens a save dialog (a way out of the kiosk): a fixed folder instead.
    kioskExports: folderExportSink(path.join(app.getPath('documents'), 'Race-Day Kiosk')),
    importDir: path.join(app.getPath('documents'), 'Race-Day Kiosk'),
    builtInCallerRegistration: bakedCallerRegistration(),
  });
  await kiosk.start();
  const status = await kiosk.api.getStatus();

  win = createMainWindow({
    preloadPath,
    rendererFile,
    rendererUrl: pageUrl,
    kiosk: status.kiosk.enabled,
    dev,
  });
  const applyKiosk = kioskApplier(() => win);
  applyKiosk(status.kiosk);
  watchRenderer(win, log);
  askBeforeClosingWithUnsent(
    win,
    () => kiosk?.unsentResults() ?? 0,
    () => kiosk?.kioskState().locked ?? false,
  );
  let latest = status;
  kiosk.subscribe((event, payload) => {
    if (event !== 'status') return;
    latest = payload as typeof status;
    applyKiosk(latest.kiosk);
  });
  // Installed builds only: a development run has no update feed (app-update.yml).
  if (app.isPackaged)
    stopUpdates = wireAutoUpdate({
      updater: electronUpdater.autoUpdater,
      app,
      logger: log,
      conditions: () => updateConditionsOf(latest, settings.get(), kiosk?.unsentResults() ?? 0),
    });
  unbind = bindIpc({
    dispatch: createDispatch(kiosk.api, log),
    subscribe: (listener) => kiosk!.subscribe(listener),
    isTrustedSender: (event) => isFromPage(event, win?.webContents ?? null, pageUrl),
    targets: () => (win && !win.isDestroyed() ? [win.webContents] : []),
  });
  win.on('closed', () => {
    win = null;
  });
}

/** Starts the app; when that fails (a full disk, a locked database) says why, with Retry. */
async function startOrExplain(): Promise<void> {
  for (;;) {
    try {
      await startApp();
      return;
    } catch (e) {
      log.error('the app could not start', { error: e });
      log.flush?.();
      await kiosk?.stop().catch(() => undefined);
      kiosk = null;
      const { response } = await dialog.showMessageBox({
        type: 'error',
        buttons: ['Retry', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        title: 'Race-Day Kiosk could not start',
        message: 'Race-Day Kiosk could not start.',
        detail: toFailure(e).message,
      });
      if (response !== 0) {
        app.quit();
        return;
      }
    }
  }
}

// Before ready: app:// must be a privileged scheme for the page to load from it.
registerAppScheme();
handleCrashes(log, () => forceKiosk || (kiosk?.kioskState().enabled ?? false));

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
    stopUpdates?.();
    void kiosk?.stop();
  });
  void app.whenReady().then(() => {
    if (!dev) serveRenderer(path.dirname(rendererFile), CONTENT_SECURITY_POLICY);
    return startOrExplain();
  });
}
