/**
 * When the kiosk may look for, download and install an update of itself (plain logic; the shell
 * in main/shell/auto-update.ts wires it to electron-updater).
 *
 * - Look and download only when updates are on (staff can turn them off) and RunSignup is
 *   reachable (the kiosk is online), at start and every few hours; downloads run in the
 *   background and never interrupt anything.
 * - Install only when the app quits, with no result waiting to be sent, and never while kiosk
 *   mode is on or a race day is in progress (a real race connected) unless an admin allowed it.
 * - Only a download that completed (electron-updater verifies its checksum before it says so)
 *   can be installed: a failed or interrupted download leaves nothing to install.
 */

/** Check for an update this often while the app runs (and once at start). */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/** What the kiosk knows at the moment of a decision. */
export interface UpdateConditions {
  /** The staff's "Automatic updates" setting. */
  enabled: boolean;
  online: boolean;
  /** Results saved here and not yet confirmed by RunSignup. */
  unsentResults: number;
  kiosk: boolean;
  /** A real (not practice) race is connected: the kiosk is in use for a race day. */
  raceDay: boolean;
  /** An admin allowed installing even in kiosk mode or on a race day. */
  adminOverride: boolean;
}

/** The conditions from the kiosk's status, its settings and its unsent results. */
export function updateConditionsOf(
  status: { practice: boolean; connectivity: { online: boolean }; kiosk: { enabled: boolean } },
  settings: { autoUpdate: boolean; updateDuringRaceDay: boolean },
  unsentResults: number,
): UpdateConditions {
  return {
    enabled: settings.autoUpdate,
    online: status.connectivity.online,
    unsentResults,
    kiosk: status.kiosk.enabled,
    // Set up for a real RunSignup race (practice is on until one is connected, and again after
    // "Reset this kiosk"): treat the whole time as race day.
    raceDay: !status.practice,
    adminOverride: settings.updateDuringRaceDay,
  };
}

export type UpdatePhase =
  | { phase: 'idle' }
  | { phase: 'downloading'; version: string }
  | { phase: 'ready'; version: string }
  | { phase: 'failed'; message: string };

export interface Decision {
  yes: boolean;
  reason: string;
}

const yes = (reason: string): Decision => ({ yes: true, reason });
const no = (reason: string): Decision => ({ yes: false, reason });

export class UpdatePolicy {
  private current: UpdatePhase = { phase: 'idle' };

  get state(): UpdatePhase {
    return this.current;
  }

  /** May the app ask the update server now (and download what it offers)? */
  mayCheck(c: UpdateConditions): Decision {
    if (!c.enabled) return no('automatic updates are turned off');
    if (!c.online) return no('offline');
    if (this.current.phase === 'downloading') return no('a download is already running');
    return yes('online and updates are on');
  }

  /** electron-updater found a newer version: may it be downloaded in the background? */
  mayDownload(c: UpdateConditions, version: string): Decision {
    const check = this.mayCheck(c);
    if (!check.yes) return check;
    if (this.current.phase === 'ready' && this.current.version === version)
      return no(`version ${version} is already downloaded`);
    return yes(`version ${version} is available`);
  }

  /** The app is quitting: install the downloaded update now? */
  mayInstallOnQuit(c: UpdateConditions): Decision {
    if (this.current.phase !== 'ready') return no('no completed download');
    if (!c.enabled) return no('automatic updates are turned off');
    if (c.unsentResults > 0) return no(`${c.unsentResults} results are not sent yet`);
    if (c.kiosk && !c.adminOverride) return no('kiosk mode is on');
    if (c.raceDay && !c.adminOverride) return no('a race day is in progress');
    return yes(`installing version ${this.current.version}`);
  }

  // ── what electron-updater reports ───────────────────────────────────────────

  downloadStarted(version: string): void {
    this.current = { phase: 'downloading', version };
  }

  /** The whole file arrived and its checksum matched. */
  downloaded(version: string): void {
    if (this.current.phase === 'downloading' && this.current.version !== version) return;
    this.current = { phase: 'ready', version };
  }

  /**
   * A check or download failed (offline mid-way, bad checksum, server error). A download that
   * was running leaves nothing to install; an update downloaded before stays installable.
   */
  failed(message: string): void {
    if (this.current.phase === 'ready') return;
    this.current = { phase: 'failed', message };
  }
}
