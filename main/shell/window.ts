import { BrowserWindow, session } from 'electron';
import type { WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './csp';

export interface WindowOptions {
  preloadPath: string;
  /** The page: app://renderer/index.html (or the dev server in development). */
  rendererUrl?: string;
  rendererFile: string;
  kiosk: boolean;
  dev: boolean;
}

/** Denies navigation, new windows, webviews and every permission request. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const policy = opts.dev ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );

  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 640,
    show: false,
    backgroundColor: '#0b1220',
    title: 'Race-Day Kiosk',
    autoHideMenuBar: true,
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    // The renderer's secure defaults (docs/ARCHITECTURE.md "Security rules"), written out in full
    // here so a static scanner (electronegativity) can see them.
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.dev,
    },
  });
  if (opts.kiosk) win.setMenu(null);
  lockDown(win.webContents);
  win.once('ready-to-show', () => win.show());
  if (opts.rendererUrl) void win.loadURL(opts.rendererUrl);
  else void win.loadFile(opts.rendererFile);
  return win;
}
