/**
 * A stand-in for electron-updater's `autoUpdater` (the real one needs Electron and an update
 * server). It records what the shell asks of it; tests emit its events by hand.
 */
import { EventEmitter } from 'node:events';

export class FakeUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  checks = 0;
  downloads = 0;
  readonly installs: Array<{ isSilent?: boolean; isForceRunAfter?: boolean }> = [];
  async checkForUpdates(): Promise<null> {
    this.checks++;
    return null;
  }
  async downloadUpdate(): Promise<string[]> {
    this.downloads++;
    return [];
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }
}

export const autoUpdater = new FakeUpdater();

export default { autoUpdater };
