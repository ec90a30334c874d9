import { beforeAll, describe, expect, it } from 'vitest';
import { ipcMain, ipcRenderer } from 'electron';
import { exposed } from '../../stand-ins/electron';
import type { Api } from '../../../preload/api';
import { EVENT_NAMES, REQUEST_METHODS, eventChannel, requestChannel } from '../../../preload/api';
import { failureOf } from '../../../preload/failure';

const fakeMain = ipcMain as unknown as {
  handle(c: string, h: (e: unknown, ...a: unknown[]) => unknown): void;
};
const fakeRenderer = ipcRenderer as unknown as {
  emit(channel: string, event: unknown, payload: unknown): boolean;
  listenerCount(channel: string): number;
  invoked: Array<{ channel: string; args: unknown[] }>;
};

let api: Api;
beforeAll(async () => {
  fakeMain.handle(requestChannel('getSettings'), () => ({
    ok: true,
    value: { deviceName: 'Table 1' },
  }));
  fakeMain.handle(requestChannel('updateSettings'), () => ({
    ok: false,
    error: {
      kind: 'invalid-input',
      message: 'Invalid input for updateSettings: pollIntervalSec: too small',
    },
  }));
  await import('../../../preload/index');
  api = (exposed as Record<string, Api>)['api']!;
});

describe('the preload', () => {
  it('exposes exactly the Api: every request method and `on`, nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual([...REQUEST_METHODS, 'on'].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends a request on its channel and unwraps the answer', async () => {
    await expect(api.getSettings()).resolves.toEqual({ deviceName: 'Table 1' });
    expect(fakeRenderer.invoked.at(-1)?.channel).toBe('api:getSettings');
  });

  it('turns a failure into an error whose kind the renderer can read', async () => {
    const error = await api.updateSettings({ pollIntervalSec: 1 }).catch((e: unknown) => e);
    expect(failureOf(error)).toEqual({
      kind: 'invalid-input',
      message: 'Invalid input for updateSettings: pollIntervalSec: too small',
    });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const seen: unknown[] = [];
    const channel = eventChannel(EVENT_NAMES[0]);
    const off = api.on(EVENT_NAMES[0], (p) => seen.push(p));
    fakeRenderer.emit(channel, {}, { n: 1 });
    off();
    fakeRenderer.emit(channel, {}, { n: 2 });
    expect(seen).toEqual([{ n: 1 }]);
    expect(fakeRenderer.listenerCount(channel)).toBe(0);
  });

  it('refuses an unknown event name', () => {
    expect(() => (api.on as (e: string, l: () => void) => void)('anything', () => {})).toThrow(
      /Unknown event/,
    );
  });
});
