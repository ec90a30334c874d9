import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserWindow, Menu, dialog, ipcMain, powerSaveBlocker } from 'electron';
import { requestChannel } from '../../../preload/api';
import type { AppStatus, Envelope } from '../../../preload/api';
import { watchRenderer } from '../../../main/shell/kiosk-window';
import { silentLogger } from '../../../main/logging';
import { bootShell, standInApp, until } from './boot';

// Kiosk behaviour of the shell, started with --kiosk, through the stand-in electron module.
type FakeWindow = {
  options: Record<string, unknown>;
  kiosk: boolean;
  fullScreen: boolean;
  webContents: { url: string; emit(e: string, ...a: unknown[]): boolean };
  emit(e: string, ...a: unknown[]): boolean;
};
const fake = {
  app: standInApp,
  windows: (BrowserWindow as unknown as { all: FakeWindow[] }).all,
  handlers: (
    ipcMain as unknown as {
      handlers: Map<string, (e: unknown, ...a: unknown[]) => Promise<Envelope<unknown>>>;
    }
  ).handlers,
  blocker: powerSaveBlocker as unknown as { active: Set<number> },
  menu: Menu as unknown as { applicationMenu: unknown },
  dialog: dialog as unknown as { answers: number[]; asked: unknown[] },
};

const win = () => fake.windows[0]!;
const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
  const reply = await fake.handlers.get(requestChannel(method as never))!(
    { sender: win().webContents, senderFrame: { url: win().webContents.url, parent: null } },
    ...args,
  );
  if (!reply.ok) throw new Error(`${reply.error.kind}: ${reply.error.message}`);
  return reply.value as T;
};

beforeAll(async () => {
  process.argv.push('--kiosk');
  await bootShell('shell-kiosk');
});

afterAll(() => {
  process.argv.splice(process.argv.indexOf('--kiosk'), 1);
});

describe('kiosk mode (--kiosk)', () => {
  it('opens a full-screen kiosk window with no menus and keeps the display awake', () => {
    expect(win().options['kiosk']).toBe(true);
    expect(win().options['fullscreen']).toBe(true);
    expect(fake.menu.applicationMenu).toBeNull();
    expect(fake.blocker.active.size).toBe(1);
  });

  it('asks for a PIN to be chosen, then locks Settings behind it', async () => {
    let status = await call<AppStatus>('getStatus');
    expect(status.kiosk).toMatchObject({ enabled: true, pinSet: false, locked: false });
    await expect(call('enableKiosk', { pin: '12' })).rejects.toThrow(/6 to 12 digits/);
    status = await call<AppStatus>('enableKiosk', { pin: '246802' });
    expect(status.kiosk).toMatchObject({ enabled: true, pinSet: true, locked: true });
    await expect(call('updateSettings', { deviceName: 'Sneaky' })).rejects.toThrow(/^locked/);
    await expect(call('unlockSettings', { pin: '111111' })).rejects.toThrow(/not right/);
    await call('unlockSettings', { pin: '246802' });
    await expect(call('updateSettings', { deviceName: 'Table 9' })).resolves.toMatchObject({
      deviceName: 'Table 9',
    });
  });

  it('stores the PIN only as a slow hash', () => {
    const file = path.join(fake.app.paths['userData']!, 'settings.json');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('"2468"');
    expect(text).toMatch(/scrypt\$32768\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}/);
  });

  it('leaves kiosk mode only with the PIN, and lets the display sleep again', async () => {
    await expect(call('disableKiosk', { pin: '000000' })).rejects.toThrow(/not right/);
    const status = await call<AppStatus>('disableKiosk', { pin: '246802' });
    expect(status.kiosk.enabled).toBe(false);
    await until(() => win().kiosk === false);
    expect(fake.blocker.active.size).toBe(0);
    await call('enableKiosk', { pin: '246802' });
    await until(() => win().kiosk === true);
    expect(fake.blocker.active.size).toBe(1);
  });

  it('relaunches the app when the renderer crashes', () => {
    const before = fake.app.relaunchCalls;
    win().webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(fake.app.relaunchCalls).toBe(before + 1);
  });

  it('relaunches the app when the renderer hangs, not when it recovers', async () => {
    const w = new (BrowserWindow as unknown as new (o: object) => FakeWindow)({});
    watchRenderer(w as never, silentLogger, 30);
    const before = fake.app.relaunchCalls;
    w.emit('unresponsive');
    w.emit('responsive');
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.app.relaunchCalls).toBe(before);
    w.emit('unresponsive');
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.app.relaunchCalls).toBe(before + 1);
  });

  it('does not close while Settings are locked: the admin PIN comes first', async () => {
    await call('lockSettings');
    let prevented = false;
    win().emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(JSON.stringify(fake.dialog.asked.at(-1))).toMatch(/admin PIN/);
    fake.dialog.asked.length = 0;
  });

  it('lets the window close once the PIN was entered and no result is waiting', async () => {
    await call('unlockSettings', { pin: '246802' });
    let prevented = false;
    win().emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
    expect(fake.dialog.asked).toHaveLength(0);
  });

  it('asks before closing while results are unsent, and stays open on "Keep the app open"', async () => {
    await call('unlockSettings', { pin: '246802' });
    // The practice roster must be loaded before RunSignup "goes away" (its bibs are looked up below).
    for (let i = 0; i < 200; i++) {
      const st = await call<{ roster: { phase: string } | null }>('getStatus');
      if (st.roster?.phase === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await call('setOutage', true);
    let events: Array<{ eventId: number }> = [];
    for (let i = 0; i < 200 && events.length === 0; i++) {
      events = await call('getResultEvents');
      if (!events.length) await new Promise((r) => setTimeout(r, 50));
    }
    const eventId = events[0]!.eventId;
    const hits = await call<{ hits: Array<{ bib: number | null; eventId: number }> }>(
      'search',
      'a',
    );
    let bib = hits.hits.find((h) => h.eventId === eventId && h.bib !== null)?.bib;
    for (let n = 1; bib === undefined && n < 10_000; n++) {
      const r = await call<{ hits: Array<{ bib: number | null; eventId: number }> }>(
        'search',
        String(n),
      );
      if (r.hits[0]?.eventId === eventId) bib = r.hits[0].bib ?? undefined;
    }
    const out = await call<{ committed: number }>('commitResults', {
      eventId,
      resultSetId: null,
      rows: [{ bib: String(bib), clockTime: '0:31:00', elevation: '1500' }],
      source: 'keyboard',
    });
    expect(out.committed).toBe(1);
    fake.dialog.answers.push(0);
    let prevented = false;
    win().emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(JSON.stringify(fake.dialog.asked.at(-1))).toMatch(/1 result has not been sent/);
  });
});
