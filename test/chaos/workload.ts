/**
 * The volunteers' side of the chaos run: a seeded stream of commits for the race's virtual
 * events — single rows typed at the keyboard, pastes of many rows (now and then with the same
 * runner twice: the later row wins), and new versions of results already committed (edits).
 * Every row gets the next value (result-values.ts), so the latest commit is always the largest.
 */
import type { DraftRow } from '../../preload/api';
import type { Prng } from '../../main/simulator/prng';
import type { Ledger, LedgerRow } from './ledger';
import { clockTimeOf } from './result-values';

export interface Runner {
  registrationId: number;
  bib: number | null;
}

export interface WorkloadEvent {
  eventId: number;
  usesTally: boolean;
  allowsElevation: boolean;
  runners: Runner[];
}

export type WorkloadCommand =
  | {
      type: 'commit';
      eventId: number;
      rows: DraftRow[];
      source: 'keyboard' | 'paste';
      ledger: LedgerRow[];
    }
  | { type: 'revise'; eventId: number; registrationId: number; row: DraftRow; ledger: LedgerRow[] };

export interface WorkloadOptions {
  /** Rows in a paste (clamped to what is left to commit). */
  pasteMin: number;
  pasteMax: number;
}

const RECENT = 300;

export class Workload {
  private value = 0;
  /** Registrations committed lately (their entries are probably still queued). */
  private readonly recent: Array<{ event: WorkloadEvent; runner: Runner }> = [];

  constructor(
    private readonly prng: Prng,
    private readonly events: readonly WorkloadEvent[],
    private readonly ledger: Ledger,
    private readonly opts: WorkloadOptions,
  ) {
    if (events.length === 0 || events.some((e) => e.runners.length === 0))
      throw new Error('the workload needs virtual events with participants');
  }

  /** The next command, with at most `remaining` rows. */
  next(remaining: number): WorkloadCommand {
    const roll = this.prng.next();
    if (roll < 0.2 && this.recent.length > 0) return this.revision();
    if (roll < 0.45 || remaining < this.opts.pasteMin) return this.paste(1, 'keyboard');
    const max = Math.max(1, Math.min(this.opts.pasteMax, remaining));
    const size = this.prng.int(Math.min(this.opts.pasteMin, max), max);
    return this.paste(size, 'paste');
  }

  private fields(event: WorkloadEvent, value: number): DraftRow {
    return {
      clockTime: clockTimeOf(value),
      ...(event.usesTally ? { tally: String((value % 40) + 1) } : {}),
      ...(event.allowsElevation ? { elevation: String(1000 + value) } : {}),
    };
  }

  /** A paste of `size` rows (a kill is aimed at its commit). */
  paste(size: number, source: 'keyboard' | 'paste' = 'paste'): WorkloadCommand {
    const event = this.prng.pick(this.events);
    const rows: DraftRow[] = [];
    const ledger: LedgerRow[] = [];
    const picked: Runner[] = [];
    for (let i = 0; i < size; i++) {
      const runner =
        picked.length > 0 && this.prng.chance(0.03)
          ? this.prng.pick(picked)
          : this.prng.pick(event.runners);
      picked.push(runner);
      const value = ++this.value;
      const byBib = runner.bib !== null && this.prng.chance(0.5);
      rows.push({
        ...(byBib
          ? { bib: String(runner.bib) }
          : { registrationId: String(runner.registrationId) }),
        ...this.fields(event, value),
        // The runner may already have a result (an earlier paste): this volunteer replaces it.
        replace: true,
      });
      ledger.push({ eventId: event.eventId, registrationId: runner.registrationId, value });
      this.remember(event, runner);
    }
    return { type: 'commit', eventId: event.eventId, rows, source, ledger };
  }

  /**
   * A new version of a result the kiosk is sending right now: it must wait for the one in
   * flight and go after it (the case a reordering queue gets wrong). Null when the runner is
   * not one of the workload's.
   */
  reviseInFlight(eventId: number, registrationId: number): WorkloadCommand | null {
    const event = this.events.find((e) => e.eventId === eventId);
    const runner = event?.runners.find((r) => r.registrationId === registrationId);
    return event && runner ? this.revisionOf(event, runner) : null;
  }

  /** A new version of a registration's result: one committed lately (likely still queued) or any. */
  private revision(): WorkloadCommand {
    const { event, runner } = this.prng.chance(0.6)
      ? this.prng.pick(this.recent.slice(-20))
      : this.prng.pick(this.recent);
    return this.revisionOf(event, runner);
  }

  private revisionOf(event: WorkloadEvent, runner: Runner): WorkloadCommand {
    const value = ++this.value;
    const ledger = [{ eventId: event.eventId, registrationId: runner.registrationId, value }];
    const row = this.fields(event, value);
    const known = this.ledger.latest(event.eventId, runner.registrationId) !== undefined;
    this.remember(event, runner);
    if (known)
      return {
        type: 'revise',
        eventId: event.eventId,
        registrationId: runner.registrationId,
        row,
        ledger,
      };
    // Never acknowledged (killed in flight): a volunteer types it again and, told the runner may
    // already have a result, replaces it.
    const rows = [{ registrationId: String(runner.registrationId), ...row, replace: true }];
    return { type: 'commit', eventId: event.eventId, rows, source: 'keyboard', ledger };
  }

  private remember(event: WorkloadEvent, runner: Runner): void {
    this.recent.push({ event, runner });
    if (this.recent.length > RECENT) this.recent.shift();
  }
}
