/**
 * What a chaos run reports, and its verdict: the CHAOS line, whether it passed, and the two
 * comparisons with RunSignup's truth (the results it holds, the check-ins in the feed).
 */
import type { Simulator, StoredResult } from '../../main/simulator/index';
import type { CheckinCounts } from './checkin-activity';
import type { HeldResult } from './ledger';
import type { FeedReply } from './protocol';
import { valueOfClockTime } from './result-values';

export interface ChaosReport {
  seed: number;
  /** Rows acknowledged by the kiosk. */
  entries: number;
  commands: number;
  /** Of which `inFlight`: new versions of a result while it was being sent. */
  revisions: { edited: number; recommitted: number; inFlight: number };
  kills: number;
  /** Kills by moment (kill-moments.ts). */
  killMoments: Record<string, number>;
  /** Restarts that found entries left `sending` (the kill came mid-upload), and how many. */
  interruptedUploads: number;
  interruptedRows: number;
  /** Rows in flight at a kill (not counted as committed). */
  inDoubt: number;
  lost: number;
  stale: number;
  /** RunSignup stored an older result of a runner after a newer one (a reordered queue). */
  reordered: number;
  parked: number;
  /** Refusals the workload planted on purpose (none: every row is valid). */
  plantedRefusals: number;
  /** RunSignup holds a commit that was in flight at a kill, newer than any acknowledged one. */
  inDoubtLanded: number;
  /** RunSignup holds a value never issued for that registration. */
  unknown: number;
  /** Registrations checked. */
  registrations: number;
  /** Rows the kiosk rejected as invalid (the harness sends only valid rows). */
  rejected: number;
  /** Check-ins that differ between the kiosk's feed and RunSignup's. */
  feedDiff: number;
  checkins: CheckinCounts & { total: number };
  faults: Record<string, number>;
  drained: boolean;
  drainMs: number;
  durationMs: number;
  examples: string[];
  workDir: string;
  /** The work folder (data folder, ledger, child logs) was kept: the run failed or `keep`. */
  kept: boolean;
}

/** The one CHAOS line (the last line `npm run chaos` prints). */
export function chaosLine(r: ChaosReport): string {
  return `CHAOS entries=${r.entries} kills=${r.kills} lost=${r.lost} stale=${r.stale} reordered=${r.reordered} parked=${r.parked}`;
}

/** Whether the run found nothing wrong (the exit code of `npm run chaos`). */
export function chaosPassed(r: ChaosReport): boolean {
  return (
    r.lost === 0 &&
    r.stale === 0 &&
    r.reordered === 0 &&
    r.unknown === 0 &&
    // A row parked as "needs fix" was refused: only a refusal the workload planted may be.
    r.parked === r.plantedRefusals &&
    r.feedDiff === 0 &&
    r.drained
  );
}

/** The result each registration ends with at RunSignup: the last written if it is in several sets. */
export function heldResults(sim: Simulator, eventIds: readonly number[]): HeldResult[] {
  const latest = new Map<string, StoredResult>();
  for (const eventId of eventIds) {
    for (const r of sim.inspect.results(eventId)) {
      const key = `${r.event_id}:${r.registration_id}`;
      const before = latest.get(key);
      if (!before || r.version > before.version) latest.set(key, r);
    }
  }
  return [...latest.values()].map((r) => ({
    eventId: r.event_id,
    registrationId: r.registration_id,
    value: valueOfClockTime(r.clock_time),
  }));
}

export function feedDifference(sim: Simulator, feed: FeedReply): number {
  const truth = new Set(sim.inspect.checkins().map((c) => `${c.registration_id}@${c.checkin_ts}`));
  const held = new Set(feed.rows.map((r) => `${r.registrationId}@${r.checkinTs}`));
  let diff = 0;
  for (const k of truth) if (!held.has(k)) diff += 1;
  for (const k of held) if (!truth.has(k)) diff += 1;
  return diff;
}
