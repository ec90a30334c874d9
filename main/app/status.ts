import { EMPTY_QUEUE } from '../../preload/api';
import type { AppStatus, PublicSettings, QueueSummary } from '../../preload/api';
import type { Settings } from '../settings';
import type { AppContext } from './context';
import type { RuntimeSwitch } from './runtime';

/** What the screens see of the kiosk: its status, its settings (no secret), its queue. */
export class StatusView {
  constructor(
    private readonly ctx: AppContext,
    private readonly runtimes: RuntimeSwitch,
  ) {}

  queue(): QueueSummary {
    return this.runtimes.get()?.session?.results.summary() ?? EMPTY_QUEUE;
  }

  settings(s: Settings = this.ctx.deps.settings.get()): PublicSettings {
    const { deps, lock } = this.ctx;
    return {
      raceId: s.raceId,
      raceName: s.raceName,
      eventIds: s.eventIds,
      deviceName: s.deviceName,
      pollIntervalSec: s.pollIntervalSec,
      kiosk: lock.enabled,
      baseUrl: s.baseUrl,
      practice: this.runtimes.get()?.practice ?? s.practice,
      startAtLogin: s.startAtLogin,
      autoUpdate: s.autoUpdate,
      updateDuringRaceDay: s.updateDuringRaceDay,
      credentialKind: deps.secrets.load()?.kind ?? 'none',
      keychainWarning: deps.secrets.weakness?.() ?? null,
      callerRegistration: {
        source: this.ctx.callerSource(),
        regId: this.ctx.callerRegistration()?.regId ?? null,
      },
      pinSet: s.pinHash !== null,
    };
  }

  status(): AppStatus {
    const { deps, lock, clock } = this.ctx;
    const s = deps.settings.get();
    const rt = this.runtimes.get();
    const session = rt?.session ?? null;
    const raceName = rt?.practice
      ? session?.roster.raceName()
      : (s.raceName ?? session?.roster.raceName());
    const connectivity = rt?.connectivity.state();
    return {
      version: deps.version,
      practice: rt?.practice ?? s.practice,
      outage: rt?.outage ?? false,
      connectivity: connectivity ?? { online: false, since: clock.now(), lastError: null },
      lastSyncAt: session?.lastSyncAt ?? null,
      queue: this.queue(),
      race: session && raceName ? { raceId: session.roster.raceId, name: raceName } : null,
      roster: session?.rosterProgress ?? null,
      kiosk: {
        enabled: lock.enabled,
        locked: lock.locked,
        pinSet: s.pinHash !== null,
        startAtLogin: s.startAtLogin,
        triesLeft: lock.triesLeft,
        padLockedUntil: lock.padLockedUntil,
      },
      notice: [rt?.notice, rt?.credentialsNotice].filter(Boolean).join(' ') || null,
      syncProblem:
        session?.pollError ??
        (session?.rosterProgress?.phase === 'failed' ? session.rosterProgress.message : null) ??
        (connectivity?.online ? (connectivity.lastError ?? null) : null),
      unreadableRows: rt?.unreadable.count ?? 0,
      callerRegistration: this.ctx.callerSource(),
    };
  }

  /** Tells every screen the status changed, and answers with it. */
  statusChanged(): AppStatus {
    const s = this.status();
    this.ctx.hub.emit('status', s);
    return s;
  }

  resultsChanged(): void {
    this.ctx.hub.emit('results', this.queue());
    this.statusChanged();
  }
}
