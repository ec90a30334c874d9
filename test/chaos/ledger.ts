/**
 * What the chaos run committed, as the parent saw it: for every (event, registration) the value
 * of the latest commit the kiosk ACKNOWLEDGED (its transaction returned), and the values of
 * commits that were in flight when the kiosk was killed (in doubt: they may or may not have
 * been saved). Values increase strictly with every row issued, so "latest" is a comparison.
 *
 * Every acknowledgement is also appended to a JSON-lines file, so a failed run can be read back.
 */
import fs from 'node:fs';

export interface LedgerRow {
  eventId: number;
  registrationId: number;
  /** Strictly increasing over the whole run. */
  value: number;
}

/** One registration's result as RunSignup (the simulator) holds it. */
export interface HeldResult {
  eventId: number;
  registrationId: number;
  /** The value its clock time encodes, or null when it encodes none of ours. */
  value: number | null;
}

export interface LedgerVerdict {
  /** Registrations with an acknowledged commit. */
  checked: number;
  /** Acknowledged, and RunSignup holds no result for the registration at all. */
  lost: number;
  /** RunSignup holds an older (or other) value than the latest acknowledged commit. */
  stale: number;
  /** RunSignup holds a commit that was in flight at a kill and is newer than any acknowledged. */
  inDoubtLanded: number;
  /** RunSignup holds a value this run never issued for the registration. */
  unknown: number;
  /** A few of the failures, for the report. */
  examples: string[];
}

/** How RunSignup's stored history went: a runner's result must never go back to an older one. */
export interface OrderVerdict {
  /** Writes of a value older than one RunSignup had already stored for that registration. */
  reordered: number;
  examples: string[];
}

const keyOf = (eventId: number, registrationId: number) => `${eventId}:${registrationId}`;

/**
 * Checks RunSignup's write history, oldest first: every registration's values must never
 * decrease. Values grow with every row issued, and the queue sends a runner's results oldest
 * first (a resend of the same value is fine), so an older value after a newer one means a
 * newer queued result overtook an older one: the end state may even look right (a later
 * resend of the newest), but RunSignup showed a stale result in between.
 */
export function checkOrder(writes: readonly HeldResult[]): OrderVerdict {
  const newest = new Map<string, number>();
  const verdict: OrderVerdict = { reordered: 0, examples: [] };
  for (const w of writes) {
    if (w.value === null) continue;
    const key = keyOf(w.eventId, w.registrationId);
    const before = newest.get(key);
    if (before !== undefined && w.value < before) {
      verdict.reordered += 1;
      if (verdict.examples.length < 10)
        verdict.examples.push(`reordered ${key}: RunSignup stored ${w.value} after ${before}`);
      continue;
    }
    newest.set(key, w.value);
  }
  return verdict;
}

export class Ledger {
  private readonly acked = new Map<string, number>();
  private readonly doubt = new Map<string, Set<number>>();
  private readonly pending = new Map<number, LedgerRow[]>();
  private ackedRowCount = 0;
  private doubtRowCount = 0;

  /** `file`: where acknowledgements are appended (none: memory only). */
  constructor(private readonly file?: string) {}

  /** Rows acknowledged so far. */
  get ackedRows(): number {
    return this.ackedRowCount;
  }

  /** Rows that were in flight at a kill. */
  get inDoubtRows(): number {
    return this.doubtRowCount;
  }

  /** A command was sent to the kiosk with these rows (in order). */
  issue(commandId: number, rows: readonly LedgerRow[]): void {
    this.pending.set(commandId, [...rows]);
  }

  /**
   * The kiosk acknowledged the command: its rows, except the 0-based `rejected` ones, are
   * committed; each becomes its registration's latest (a later row of the same command wins).
   */
  ack(commandId: number, rejected: ReadonlySet<number> = new Set()): void {
    const rows = this.pending.get(commandId);
    if (!rows) throw new Error(`command ${commandId} was never issued or was already settled`);
    this.pending.delete(commandId);
    const committed = rows.filter((_, i) => !rejected.has(i));
    for (const r of committed) {
      const key = keyOf(r.eventId, r.registrationId);
      const before = this.acked.get(key);
      if (before !== undefined && before >= r.value)
        throw new Error(`values must increase (${key}: ${before} then ${r.value})`);
      this.acked.set(key, r.value);
      const doubts = this.doubt.get(key);
      if (doubts) for (const v of doubts) if (v < r.value) doubts.delete(v);
    }
    this.ackedRowCount += committed.length;
    this.append({
      ack: commandId,
      rows: committed.map((r) => [r.eventId, r.registrationId, r.value]),
    });
  }

  /** The kiosk was told the command failed (nothing was committed). */
  refuse(commandId: number): void {
    this.pending.delete(commandId);
  }

  /** The kiosk was killed: every unanswered command is in doubt. Returns how many rows. */
  abandon(): number {
    let n = 0;
    for (const [commandId, rows] of this.pending) {
      for (const r of rows) {
        const key = keyOf(r.eventId, r.registrationId);
        let set = this.doubt.get(key);
        if (!set) this.doubt.set(key, (set = new Set()));
        set.add(r.value);
      }
      n += rows.length;
      this.append({
        doubt: commandId,
        rows: rows.map((r) => [r.eventId, r.registrationId, r.value]),
      });
    }
    this.pending.clear();
    this.doubtRowCount += n;
    return n;
  }

  /** The latest acknowledged value of a registration. */
  latest(eventId: number, registrationId: number): number | undefined {
    return this.acked.get(keyOf(eventId, registrationId));
  }

  /** Compares RunSignup's results with what was acknowledged. */
  compare(held: readonly HeldResult[]): LedgerVerdict {
    const heldBy = new Map(held.map((h) => [keyOf(h.eventId, h.registrationId), h.value]));
    const keys = new Set([...this.acked.keys(), ...this.doubt.keys(), ...heldBy.keys()]);
    const verdict: LedgerVerdict = {
      checked: this.acked.size,
      lost: 0,
      stale: 0,
      inDoubtLanded: 0,
      unknown: 0,
      examples: [],
    };
    const note = (text: string) => {
      if (verdict.examples.length < 10) verdict.examples.push(text);
    };
    for (const key of keys) {
      const acked = this.acked.get(key);
      const doubts = this.doubt.get(key);
      const has = heldBy.has(key);
      const value = heldBy.get(key) ?? null;
      const landedInDoubt = value !== null && (doubts?.has(value) ?? false);
      if (acked !== undefined) {
        if (!has) {
          verdict.lost += 1;
          note(`lost ${key}: acknowledged ${acked}, RunSignup has nothing`);
        } else if (value === acked) {
          // as committed
        } else if (landedInDoubt && value !== null && value > acked) {
          verdict.inDoubtLanded += 1;
        } else {
          verdict.stale += 1;
          note(`stale ${key}: acknowledged ${acked}, RunSignup has ${value ?? 'another value'}`);
        }
      } else if (has) {
        if (landedInDoubt) verdict.inDoubtLanded += 1;
        else {
          verdict.unknown += 1;
          note(`unknown ${key}: RunSignup has ${value ?? 'a value'} this run never acknowledged`);
        }
      }
    }
    return verdict;
  }

  private append(record: object): void {
    if (this.file) fs.appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }
}
