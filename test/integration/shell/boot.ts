import { BrowserWindow, app } from 'electron';
import { afterThis } from '../../support/cleanup';
import { tempDir } from '../../support/temp-dir';

/** The stand-in electron's `app` as the shell tests drive it (test/stand-ins/electron.ts). */
export const standInApp = app as unknown as {
  isPackaged: boolean;
  paths: Record<string, string>;
  fireReady(): void;
  relaunchCalls: number;
  quitCalls: number;
  emit(event: string, ...args: unknown[]): boolean;
};

/** The windows the shell opened, first first. */
export const standInWindows = (BrowserWindow as unknown as { all: unknown[] }).all;

/** Polls `check` every 10 ms until it holds (the shell works on after `fireReady`). */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Boots the shell (main/index.ts) on the stand-in electron with a fresh user-data folder and
 * waits for its window; the app quits after the file's tests. Returns the user-data folder.
 */
export async function bootShell(label: string): Promise<string> {
  const userData = tempDir(label);
  standInApp.paths['userData'] = userData;
  afterThis(() => standInApp.emit('will-quit'));
  await import('../../../main/index');
  standInApp.fireReady();
  await until(() => standInWindows.length === 1);
  return userData;
}
