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

/** Logs why (on disk before the exit), then starts the app again. */
export function relaunchApp(logger: Logger, why: string): void {
  logger.error('relaunching the app', { why });
  logger.flush?.();
  app.relaunch();
  app.exit(0);
}

/**
 * Uncaught exceptions and unhandled rejections in the main process are logged; in kiosk mode
 * the app relaunches (a kiosk must come back by itself). Returns the remover.
 */
export function handleCrashes(logger: Logger, kioskMode: () => boolean): () => void {
  const on = (what: string) => (error: unknown) => {
    const stack = error instanceof Error ? error.stack : undefined;
    logger.error(`main process: ${what}`, { error, stack });
    logger.flush?.();
    if (kioskMode()) relaunchApp(logger, what);
  };
  const onException = on('uncaught exception');
  const onRejection = on('unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

/** Relaunches the app when the renderer crashes, or hangs longer than HANG_RELAUNCH_MS. */
export function watchRenderer(win: BrowserWindow, logger: Logger, hangMs = HANG_RELAUNCH_MS): void {
  const relaunch = (why: string) => relaunchApp(logger, why);
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

/**
 * Quitting with unsent results asks first (docs/ARCHITECTURE.md, queue rule 6). In kiosk mode, while
 * Settings are locked, the window does not close at all: the admin PIN unlocks it first.
 */
export function askBeforeClosingWithUnsent(
  win: BrowserWindow,
  unsent: () => number,
  kioskLocked: () => boolean = () => false,
): void {
  win.on('close', (event) => {
    if (kioskLocked()) {
      event.preventDefault();
      dialog.showMessageBoxSync(win, {
        type: 'info',
        buttons: ['OK'],
        title: 'Kiosk mode',
        message: 'The app stays open in kiosk mode.',
        detail: 'To close it, open Settings with the admin PIN first.',
      });
      return;
    }
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
