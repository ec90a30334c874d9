import { beforeAll, describe, expect, it } from 'vitest';
import { BrowserWindow, app, ipcMain, protocol, safeStorage, session } from 'electron';
import { REQUEST_METHODS, requestChannel } from '../../../preload/api';
import type { Envelope } from '../../../preload/api';
import { bootShell } from './boot';

// The Electron shell (main/index.ts, window.ts, ipc.ts) driven through the stand-in electron
// module: what it asks Electron for is what these tests check.
const standIn = { app, BrowserWindow, ipcMain, session, protocol, safeStorage } as unknown as {
  protocol: {
    privileged: Array<{ scheme: string; privileges: Record<string, boolean> }>;
    handlers: Map<string, (request: Request) => Promise<Response>>;
  };
  safeStorage: { backend: string };
  app: { paths: Record<string, string>; fireReady(): void; quitCalls: number };
  BrowserWindow: {
    all: Array<{
      options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
      webContents: FakeContents;
      loaded: { file?: string; url?: string };
    }>;
  };
  ipcMain: {
    handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<Envelope<unknown>>>;
  };
  session: {
    defaultSession: {
      headersListener: (
        d: { responseHeaders?: Record<string, string[]> },
        cb: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void;
      permissionHandler: (wc: unknown, p: string, cb: (g: boolean) => void) => void;
    };
  };
};
type FakeContents = {
  emit(event: string, ...args: unknown[]): boolean;
  windowOpenHandler: (d: { url: string }) => { action: string };
  url: string;
};

beforeAll(async () => {
  await bootShell('shell');
});

const win = () => standIn.BrowserWindow.all[0]!;
const trustedEvent = () => ({
  sender: win().webContents,
  senderFrame: { url: win().webContents.url, parent: null },
});

describe('the window', () => {
  it('is created with the secure options', () => {
    const prefs = win().options.webPreferences;
    expect(prefs['contextIsolation']).toBe(true);
    expect(prefs['sandbox']).toBe(true);
    expect(prefs['nodeIntegration']).toBe(false);
    expect(prefs['webSecurity']).toBe(true);
    expect(prefs['webviewTag']).toBe(false);
    expect(prefs['allowRunningInsecureContent']).toBe(false);
    expect(prefs['devTools']).toBe(false);
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/);
    expect(win().loaded).toEqual({ url: 'app://renderer/index.html' });
  });

  it('loads the renderer from app://, a privileged scheme that serves only the renderer folder', async () => {
    expect(standIn.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }) as unknown,
      },
    ]);
    const serve = standIn.protocol.handlers.get('app')!;
    const page = await serve(new Request('app://renderer/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="app">');
    for (const url of [
      'app://renderer/%2e%2e/package.json',
      'app://renderer/..%2fpackage.json',
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/%2e%2e%2fmain%2findex.ts',
      'app://other/index.html',
      'app://renderer/missing.js',
      'app://renderer/src',
    ]) {
      expect((await serve(new Request(url))).status, url).toBe(404);
    }
  });

  it('sends a strict Content-Security-Policy', () => {
    let headers: Record<string, string[]> = {};
    standIn.session.defaultSession.headersListener(
      { responseHeaders: {} },
      (r) => (headers = r.responseHeaders),
    );
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'none'");
  });

  it('denies navigation, new windows, webviews and permissions', () => {
    const contents = win().webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, 'https://evil.example');
      expect(prevented, event).toBe(true);
    }
    expect(contents.windowOpenHandler({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    standIn.session.defaultSession.permissionHandler(contents, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });
});

describe('the IPC binding', () => {
  it('binds every Api method to a handler, and nothing else', () => {
    const channels = [...standIn.ipcMain.handlers.keys()].filter((c) => c.startsWith('api:'));
    expect(channels.sort()).toEqual(REQUEST_METHODS.map(requestChannel).sort());
  });

  it('serves a request from the kiosk window', async () => {
    const handler = standIn.ipcMain.handlers.get(requestChannel('getSettings'))!;
    const reply = await handler(trustedEvent());
    expect(reply.ok).toBe(true);
  });

  it('rejects an invalid payload with a clear error', async () => {
    const handler = standIn.ipcMain.handlers.get(requestChannel('updateSettings'))!;
    const reply = await handler(trustedEvent(), { pollIntervalSec: 'fast' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(reply.ok ? '' : reply.error.message).toMatch(/pollIntervalSec/);
    const extra = await handler(trustedEvent(), { apiSecret: 'x' });
    expect(extra.ok).toBe(false);
  });

  it('refuses a foreign sender', async () => {
    const handler = standIn.ipcMain.handlers.get(requestChannel('getSettings'))!;
    const otherPage = await handler({
      sender: {},
      senderFrame: { url: 'https://evil.example/', parent: null },
    });
    expect(otherPage).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const subFrame = await handler({
      sender: win().webContents,
      senderFrame: { url: win().webContents.url, parent: {} },
    });
    expect(subFrame.ok).toBe(false);
    const otherUrl = await handler({
      sender: win().webContents,
      senderFrame: { url: 'https://evil.example/', parent: null },
    });
    expect(otherUrl.ok).toBe(false);
  });

  it('checks the sender page against app://renderer exactly, not as a prefix', async () => {
    const handler = standIn.ipcMain.handlers.get(requestChannel('getSettings'))!;
    for (const url of [
      'app://renderer-evil/index.html',
      'app://renderer.evil/index.html',
      'app://user@renderer/index.html',
      'file:///app/out/renderer/index.html',
      'file:///tmp/evil.html',
    ]) {
      const reply = await handler({
        sender: win().webContents,
        senderFrame: { url, parent: null },
      });
      expect(reply.ok, url).toBe(false);
    }
    const ok = await handler({
      sender: win().webContents,
      senderFrame: { url: 'app://renderer/index.html#/results', parent: null },
    });
    expect(ok.ok).toBe(true);
  });
});

describe('the keychain', () => {
  it("warns in Settings when Linux's safeStorage falls back to basic_text", async () => {
    const handler = standIn.ipcMain.handlers.get(requestChannel('getSettings'))!;
    const before = await handler(trustedEvent());
    expect(before.ok && (before.value as { keychainWarning: unknown }).keychainWarning).toBeNull();
    standIn.safeStorage.backend = 'basic_text';
    try {
      const after = await handler(trustedEvent());
      const warning = after.ok ? (after.value as { keychainWarning: string }).keychainWarning : '';
      if (process.platform === 'linux') expect(warning).toMatch(/fixed password/);
      else expect(warning).toBeNull();
    } finally {
      standIn.safeStorage.backend = 'gnome_libsecret';
    }
  });
});
