/**
 * A stand-in for the `electron` module (the Electron binary cannot be downloaded here).
 * It records what the shell asks of Electron so tests can check the window's options, the
 * IPC handlers, the lock-down hooks and the kiosk wiring. Only what the shell uses exists.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  url = '';
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reload(): void {
    this.emit('did-start-loading');
  }
  getURL(): string {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } = {};
  menu: unknown = 'default';
  kiosk: boolean;
  fullScreen: boolean;
  destroyed = false;
  focused = 0;
  constructor(
    readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> },
  ) {
    super();
    this.kiosk = Boolean(options['kiosk']);
    this.fullScreen = Boolean(options['fullscreen']);
    BrowserWindow.all.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    this.webContents.url = `file://${file}`;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    this.webContents.url = url;
    return Promise.resolve();
  }
  setMenu(menu: unknown): void {
    this.menu = menu;
  }
  setKiosk(on: boolean): void {
    this.kiosk = on;
  }
  isKiosk(): boolean {
    return this.kiosk;
  }
  setFullScreen(on: boolean): void {
    this.fullScreen = on;
  }
  show(): void {}
  focus(): void {
    this.focused++;
  }
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  close(): void {
    this.destroy();
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  locked = true;
  quitCalls = 0;
  relaunchCalls = 0;
  loginItem: { openAtLogin: boolean } = { openAtLogin: false };
  readonly paths: Record<string, string> = {
    userData: path.join(os.tmpdir(), 'kiosk-stand-in-userdata'),
    documents: path.join(os.tmpdir(), 'kiosk-stand-in-documents'),
  };
  private readyResolve: (() => void) | null = null;
  private readonly ready = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });
  requestSingleInstanceLock(): boolean {
    return this.locked;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Test hook: Electron finished starting. */
  fireReady(): void {
    this.readyResolve?.();
    this.emit('ready');
  }
  getPath(name: string): string {
    const p = this.paths[name];
    if (!p) throw new Error(`stand-in app.getPath: unknown path ${name}`);
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return 'race-day-kiosk';
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(): void {
    this.quitCalls++;
  }
  relaunch(): void {
    this.relaunchCalls++;
  }
  setLoginItemSettings(s: { openAtLogin: boolean }): void {
    this.loginItem = s;
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return this.loginItem;
  }
}

export const app = new FakeApp();

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new FakeIpcMain();

export const session = {
  defaultSession: {
    headersListener: null as
      | null
      | ((
          details: { responseHeaders?: Record<string, string[]> },
          cb: (r: unknown) => void,
        ) => void),
    permissionHandler: null as
      null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    webRequest: {
      onHeadersReceived(
        listener: (
          details: { responseHeaders?: Record<string, string[]> },
          cb: (r: unknown) => void,
        ) => void,
      ) {
        session.defaultSession.headersListener = listener;
      },
    },
    setPermissionRequestHandler(
      h: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void,
    ) {
      session.defaultSession.permissionHandler = h;
    },
  },
};

/** Reversible stand-in for the OS keychain: NOT encryption, only for tests. */
export const safeStorage = {
  available: true,
  isEncryptionAvailable(): boolean {
    return safeStorage.available;
  },
  encryptString(plain: string): Buffer {
    return Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a));
  },
  decryptString(data: Buffer): string {
    return Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8');
  },
  backend: 'gnome_libsecret',
  getSelectedStorageBackend(): string {
    return safeStorage.backend;
  },
};

export const powerSaveBlocker = {
  active: new Set<number>(),
  next: 1,
  start(_type: string): number {
    const id = powerSaveBlocker.next++;
    powerSaveBlocker.active.add(id);
    return id;
  },
  stop(id: number): void {
    powerSaveBlocker.active.delete(id);
  },
  isStarted(id: number): boolean {
    return powerSaveBlocker.active.has(id);
  },
};

export const Menu = {
  applicationMenu: 'default' as unknown,
  setApplicationMenu(menu: unknown): void {
    Menu.applicationMenu = menu;
  },
};

export const dialog = {
  answers: [] as number[],
  asked: [] as unknown[],
  showMessageBoxSync(_win: unknown, options: unknown): number {
    dialog.asked.push(options);
    return dialog.answers.shift() ?? 0;
  },
  /** Test hook: runs when a message box is shown (before it is answered). */
  onAsk: null as null | ((options: unknown) => void),
  async showMessageBox(a: unknown, b?: unknown): Promise<{ response: number }> {
    const options = b ?? a;
    dialog.asked.push(options);
    dialog.onAsk?.(options);
    return { response: dialog.answers.shift() ?? 0 };
  },
  async showSaveDialog(
    _win: unknown,
    _options: unknown,
  ): Promise<{ canceled: boolean; filePath?: string }> {
    return { canceled: true };
  },
};

export const shell = { openExternal: async () => {} };

/** Custom schemes: what was declared privileged and the handler of each scheme. */
export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(
    schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>,
  ): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    if (protocol.handlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
    protocol.handlers.set(scheme, handler);
  },
};

// ── renderer side (preload) ──────────────────────────────────────────────────
export const exposed: Record<string, unknown> = {};
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposed[key] = api;
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  /** The page the preload runs in; requests reach ipcMain as if sent from it. */
  sender: FakeWebContents = new FakeWebContents();
  frameUrl = 'app://renderer/index.html';
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(
      { sender: this.sender, senderFrame: { url: this.frameUrl, parent: null } },
      ...args,
    );
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export default {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  session,
  safeStorage,
  powerSaveBlocker,
  Menu,
  dialog,
  shell,
  protocol,
};
