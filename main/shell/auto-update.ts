import type { App } from 'electron';
import type { AppUpdater, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { Logger } from '../logging';
import { CHECK_EVERY_MS, UpdatePolicy } from '../update-policy';
import type { UpdateConditions } from '../update-policy';

/** The part of electron-updater's AppUpdater the kiosk uses. */
export type Updater = Pick<
  AppUpdater,
  'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'autoDownload' | 'autoInstallOnAppQuit'
> & {
  on(event: 'update-available', listener: (info: UpdateInfo) => void): unknown;
  on(event: 'update-downloaded', listener: (event: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export interface AutoUpdateDeps {
  updater: Updater;
  app: Pick<App, 'on' | 'quit'>;
  conditions: () => UpdateConditions;
  logger: Logger;
  policy?: UpdatePolicy;
}

/**
 * Wires electron-updater to the update policy (main/update-policy.ts): the policy decides, this
 * only asks it at the right moments. electron-updater neither downloads nor installs by itself
 * here; at quit, an allowed install takes over the quit (the installer restarts nothing).
 * Returns a function that stops the periodic check.
 */
export function wireAutoUpdate(deps: AutoUpdateDeps): () => void {
  const { updater, app, logger } = deps;
  const policy = deps.policy ?? new UpdatePolicy();
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;

  const check = (): void => {
    const decision = policy.mayCheck(deps.conditions());
    if (!decision.yes) return logger.info('update check skipped', { reason: decision.reason });
    updater.checkForUpdates().catch(() => {}); // failures arrive as 'error' events
  };

  updater.on('update-available', (info) => {
    const decision = policy.mayDownload(deps.conditions(), info.version);
    logger.info('update available', {
      version: info.version,
      download: decision.yes,
      reason: decision.reason,
    });
    if (!decision.yes) return;
    policy.downloadStarted(info.version);
    updater.downloadUpdate().catch(() => {});
  });
  updater.on('update-downloaded', (event) => {
    policy.downloaded(event.version);
    logger.info('update downloaded', { version: event.version });
  });
  updater.on('error', (error) => {
    policy.failed(error.message);
    logger.warn('update failed; nothing changes', { message: error.message });
  });

  let installing = false;
  app.on('before-quit', (event) => {
    if (installing) return;
    const decision = policy.mayInstallOnQuit(deps.conditions());
    logger.info('update at quit', { install: decision.yes, reason: decision.reason });
    if (!decision.yes) return;
    // The installer quits the app itself once it is ready; if it fails, quit anyway.
    installing = true;
    event.preventDefault();
    updater.on('error', () => app.quit());
    setTimeout(() => app.quit(), 60_000).unref?.();
    updater.quitAndInstall(true, false);
  });

  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
