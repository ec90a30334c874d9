import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialog } from 'electron';
import { createLogger } from '../../../main/logging';
import { handleCrashes } from '../../../main/shell/kiosk-window';
import { tempDir } from '../../support/temp-dir';
import { standInApp, standInWindows, until } from './boot';

// Start-up that fails shows a window that says why, with Retry (issue 11, points 2 and 4), and
// crashes of the main process leave a trail (point 9). Through the stand-in electron module.
const fake = {
  app: standInApp,
  windows: standInWindows,
  dialog: dialog as unknown as {
    answers: number[];
    asked: Array<{ title?: string; buttons?: string[]; detail?: string }>;
    onAsk: ((options: unknown) => void) | null;
  },
};

afterAll(() => {
  standInApp.emit('will-quit');
});

describe('start-up that fails', () => {
  it('shows an error window with Retry instead of no window, and starts on Retry', async () => {
    const userData = tempDir('shell-startup');
    fake.app.paths['userData'] = userData;
    // The practice database cannot be replaced (something else sits at its path).
    fs.mkdirSync(path.join(userData, 'practice.db', 'in-the-way'), { recursive: true });
    fake.dialog.onAsk = () => {
      fs.rmSync(path.join(userData, 'practice.db'), { recursive: true, force: true });
      fake.dialog.answers.push(0);
    };
    await import('../../../main/index');
    fake.app.fireReady();
    await until(() => fake.windows.length === 1);
    fake.dialog.onAsk = null;
    expect(fake.dialog.asked).toHaveLength(1);
    expect(fake.dialog.asked[0]).toMatchObject({
      title: 'Race-Day Kiosk could not start',
      buttons: ['Retry', 'Quit'],
    });
    expect(fs.readFileSync(path.join(userData, 'logs', 'kiosk.log'), 'utf8')).toContain(
      'the app could not start',
    );
  });
});

describe('a crash of the main process', () => {
  const dir = tempDir('crash');
  const file = path.join(dir, 'kiosk.log');

  it('is logged, and in kiosk mode relaunches the app with the reason on disk first', () => {
    const logger = createLogger({ file });
    const remove = handleCrashes(logger, () => true);
    const before = fake.app.relaunchCalls;
    try {
      // Call the handlers as Node would (emitting would also reach the test runner's own).
      process.listeners('uncaughtException').at(-1)!(new Error('boom'), 'uncaughtException');
      process.listeners('unhandledRejection').at(-1)!(new Error('lost'), Promise.resolve());
    } finally {
      remove();
    }
    expect(fake.app.relaunchCalls).toBe(before + 2);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/boom.*main process: uncaught exception/);
    expect(text).toMatch(/lost.*main process: unhandled rejection/);
    expect(text).toContain('relaunching the app');
    expect(text).toMatch(/"stack":"Error: boom\\n/);
  });

  it('is logged without a relaunch outside kiosk mode', () => {
    const remove = handleCrashes(createLogger({ file }), () => false);
    const before = fake.app.relaunchCalls;
    try {
      process.listeners('uncaughtException').at(-1)!(new Error('quiet'), 'uncaughtException');
    } finally {
      remove();
    }
    expect(fake.app.relaunchCalls).toBe(before);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/quiet.*uncaught exception/);
  });
});
