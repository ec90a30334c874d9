import { beforeAll, describe, expect, it } from 'vitest';
import { app, BrowserWindow, ipcMain } from 'electron';
import { autoUpdater } from 'electron-updater';
import { requestChannel } from '../../../preload/api';
import type { AppStatus, Envelope, PublicSettings } from '../../../preload/api';
import type { FakeUpdater } from '../../stand-ins/electron-updater';
import { bootShell, until } from './boot';

// The shell's auto-update wiring (main/index.ts + main/shell/auto-update.ts) in an installed
// build, driven through the stand-in electron and electron-updater modules: the policy itself
// is tested in test/unit/core/update-policy.test.ts.
const standIn = { app, BrowserWindow, ipcMain } as unknown as {
  app: {
    isPackaged: boolean;
    paths: Record<string, string>;
    fireReady(): void;
    emit(event: string, ...args: unknown[]): boolean;
  };
  BrowserWindow: { all: Array<{ webContents: { url: string } }> };
  ipcMain: {
    handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<Envelope<unknown>>>;
  };
};
const updater = autoUpdater as unknown as FakeUpdater;

async function call<T>(method: 'getStatus' | 'updateSettings', ...args: unknown[]): Promise<T> {
  const win = standIn.BrowserWindow.all[0]!;
  const event = {
    sender: win.webContents,
    senderFrame: { url: win.webContents.url, parent: null },
  };
  const reply = await standIn.ipcMain.handlers.get(requestChannel(method))!(event, ...args);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as T;
}

/** Quits the app once; says whether the update took the quit over. */
function quit(): boolean {
  let prevented = false;
  standIn.app.emit('before-quit', { preventDefault: () => (prevented = true) });
  return prevented;
}

beforeAll(async () => {
  standIn.app.isPackaged = true;
  await bootShell('update');
  // The practice race's simulated RunSignup answers: the kiosk is online.
  await until(async () => (await call<AppStatus>('getStatus')).connectivity.online);
});

describe('auto-update in an installed build', () => {
  it('takes the decisions away from electron-updater and checks at start', () => {
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.checks).toBe(1);
  });

  it('downloads an available update in the background', () => {
    updater.emit('update-available', { version: '9.0.0' });
    expect(updater.downloads).toBe(1);
  });

  it('installs nothing after an interrupted download', () => {
    updater.emit('error', new Error('net::ERR_CONNECTION_RESET'));
    expect(quit()).toBe(false);
    expect(updater.installs).toEqual([]);
  });

  it('installs a completed download at quit, unless staff turned updates off', async () => {
    updater.emit('update-available', { version: '9.0.0' });
    expect(updater.downloads).toBe(2);
    updater.emit('update-downloaded', { version: '9.0.0' });

    const off = await call<PublicSettings>('updateSettings', { autoUpdate: false });
    expect(off.autoUpdate).toBe(false);
    expect(quit()).toBe(false);
    expect(updater.installs).toEqual([]);

    await call<PublicSettings>('updateSettings', { autoUpdate: true });
    expect(quit()).toBe(true);
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: false }]);
    // The installer's own quit then goes through.
    expect(quit()).toBe(false);
  });
});
