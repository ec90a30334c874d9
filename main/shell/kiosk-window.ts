import { Menu, app, dialog, powerSaveBlocker } from 'electron';
import type { BrowserWindow } from 'electron';
import type { AppStatus } from '../../preload/api';
import type { Logger } from '../logging';

/** How long the renderer may hang before the app relaunches itself. */
export const HANG_RELAUNCH_MS = 15_000;

/**
 * Applies kiosk mode to the window as the settings change: full screen, no menus, the display
 * kept awake, and the optional start at login.
 */
export function kioskApplier(win: () => BrowserWindow | null): (kiosk: AppStatus['kiosk']) => void {
  let blocker: number | null = null;
  let lastLogin: boolean | null = null;
  return (kiosk) => {
    const w = win();
    if (w && !w.isDestroyed() && w.isKiosk() !== kiosk.enabled) {
      w.setKiosk(kiosk.enabled);
      w.setFullScreen(kiosk.enabled);
    }
    if (kiosk.enabled) Menu.setApplicationMenu(null);
    if (kiosk.enabled && blocker === null)
      blocker = powerSaveBlocker.start('prevent-display-sleep');
    if (!kiosk.enabled && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
    if (lastLogin !== kiosk.startAtLogin) {
      lastLogin = kiosk.startAtLogin;
      if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: kiosk.startAtLogin });
    }
  };
}

/** Relaunches the app when the renderer crashes, or hangs longer than HANG_RELAUNCH_MS. */
export function watchRenderer(win: BrowserWindow, logger: Logger, hangMs = HANG_RELAUNCH_MS): void {
  const relaunch = (why: string) => {
    logger.error('relaunching the app', { why });
    app.relaunch();
    app.exit(0);
  };
  let hang: ReturnType<typeof setTimeout> | null = null;
  win.webContents.on('render-process-gone', (_e, details) =>
    relaunch(`renderer gone: ${details.reason}`),
  );
  win.on('unresponsive', () => {
    if (hang) return;
    hang = setTimeout(() => relaunch('renderer unresponsive'), hangMs);
  });
  win.on('responsive', () => {
    if (hang) clearTimeout(hang);
    hang = null;
  });
}

/** Quitting with unsent results asks first (ARCHITECTURE.md, queue rule 6). */
export function askBeforeClosingWithUnsent(win: BrowserWindow, unsent: () => number): void {
  win.on('close', (event) => {
    const n = unsent();
    if (n === 0) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Keep the app open', 'Quit anyway'],
      defaultId: 0,
      cancelId: 0,
      title: 'Results not sent yet',
      message: `${n} result${n === 1 ? ' has' : 's have'} not been sent to RunSignup yet.`,
      detail:
        'They are saved on this computer and will be sent the next time the app runs with a connection.',
    });
    if (choice === 0) event.preventDefault();
  });
}
