/**
 * The entry store and the outbox's batch selection on a real SQLite file: commits, supersede,
 * edits, deletes, listing, exports, batch rules and crash recovery (docs/ARCHITECTURE.md "Rules
 * for the queue").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import { openDatabase } from '../../../main/db/open';
import { formatCsv } from '../../../main/exports';
import { AppError } from '../../../main/app-error';
import type { CommitEntry, CommitMeta } from '../../../main/results/entry-store';
import { ResultEntryStore } from '../../../main/results/entry-store';
import { parseResultTable } from '../../../main/results/import';

const RACE = 85675;
const V5K = 661704;
const CLIMB = 661705;

let dir: string;
let file: string;
let db: Database;
let clock: ManualClock;
let store: ResultEntryStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-entries-'));
  file = path.join(dir, 'kiosk.db');
  db = openDatabase(file).db;
  clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  store = new ResultEntryStore(db, RACE, clock);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function entry(registrationId: number, clockTime: string, extra: Partial<CommitEntry> = {}) {
  return {
    eventId: V5K,
    registrationId,
    bib: registrationId - 1000,
    clockTime,
    tally: undefined,
    elevationMm: null,
    ...extra,
  } satisfies CommitEntry;
}

const meta = (extra: Partial<CommitMeta> = {}): CommitMeta => ({
  resultSetId: null,
  device: 'Table 1',
  source: 'keyboard',
  ...extra,
});

function stateOf(id: number): string | undefined {
  return store.get(id)?.state;
}

function setState(id: number, state: string): void {
  db.prepare('UPDATE result_entries SET state = ? WHERE id = ?').run(state, id);
}

describe('commit', () => {
  it('stores each entry queued with its time of entry, device, source and name', () => {
    const [a, b] = store.commit(
      [entry(2001, '00:25:00'), entry(2002, '00:26:00.5', { name: 'Ann Lee', tally: 1.75 })],
      meta({ source: 'paste', names: new Map([[2001, 'Bo Diaz']]) }),
    );
    expect(a && b).toBeTruthy();
    const stored = store.get(a?.id ?? 0);
    expect(stored).toMatchObject({
      registrationId: 2001,
      bib: 1001,
      name: 'Bo Diaz',
      clockTime: '00:25:00',
      tally: undefined,
      state: 'queued',
      device: 'Table 1',
      source: 'paste',
      enteredAt: clock.now(),
      attempts: 0,
    });
    expect(store.get(b?.id ?? 0)).toMatchObject({ name: 'Ann Lee', tally: 1.75 });
    expect(stored).toEqual(a);
  });

  it('keeps absent, cleared and set tallies apart', () => {
    const rows = store.commit(
      [
        entry(2001, '00:25:00', { tally: undefined }),
        entry(2002, '00:25:00', { tally: null }),
        entry(2003, '00:25:00', { tally: 0 }),
      ],
      meta(),
    );
    expect(rows.map((r) => store.get(r.id)?.tally)).toEqual([undefined, null, 0]);
  });

  it('is one transaction: a failing entry stores none of the batch', () => {
    const broken = { ...entry(2003, '00:27:00'), clockTime: null } as unknown as CommitEntry;
    expect(() =>
      store.commit([entry(2001, '00:25:00'), entry(2002, '00:26:00'), broken], meta()),
    ).toThrow();
    expect(store.list().total).toBe(0);
  });

  it('commits a 10,000-row paste in one go, and it survives reopening the file', () => {
    const big = Array.from({ length: 10_000 }, (_, i) => entry(100_000 + i, '01:00:00'));
    expect(store.commit(big, meta({ source: 'paste' }))).toHaveLength(10_000);
    db.close();
    db = openDatabase(file).db;
    store = new ResultEntryStore(db, RACE, clock);
    expect(store.summary()).toEqual({ waiting: 10_000, held: 0, sending: 0, needsFix: 0, sent: 0 });
  });

  it('a newer entry supersedes older queued and needs_fix entries of the same registration', () => {
    const [a] = store.commit([entry(2001, '00:25:00')], meta());
    const [b] = store.commit([entry(2002, '00:26:00')], meta());
    setState(b?.id ?? 0, 'needs_fix');
    clock.advance(1000);
    const [a2, b2] = store.commit([entry(2001, '00:24:00'), entry(2002, '00:23:00')], meta());
    expect(store.get(a?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: a2?.id });
    expect(store.get(b?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: b2?.id });
    expect([stateOf(a2?.id ?? 0), stateOf(b2?.id ?? 0)]).toEqual(['queued', 'queued']);
  });

  it('the same registration twice in one commit: the later one wins', () => {
    const [first, second] = store.commit(
      [entry(2001, '00:25:00'), entry(2001, '00:20:00')],
      meta(),
    );
    expect(stateOf(first?.id ?? 0)).toBe('superseded');
    expect(stateOf(second?.id ?? 0)).toBe('queued');
  });

  it('does not supersede across events, nor a sent entry', () => {
    const [sent, other] = store.commit(
      [entry(2001, '00:25:00'), entry(2001, '00:25:00', { eventId: CLIMB, elevationMm: 1200 })],
      meta(),
    );
    setState(sent?.id ?? 0, 'sent');
    store.commit([entry(2001, '00:22:00')], meta());
    expect([stateOf(sent?.id ?? 0), stateOf(other?.id ?? 0)]).toEqual(['sent', 'queued']);
  });

  it('leaves an older entry in flight alone; the newer one waits until it is settled', () => {
    const [old] = store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    const first = store.outbox.takeBatch(clock.now(), 10);
    expect(first?.entries.map((e) => e.registrationId)).toEqual([2001, 2002]);
    const [newer] = store.commit([entry(2001, '00:21:00')], meta());
    expect(stateOf(old?.id ?? 0)).toBe('sending');
    expect(stateOf(newer?.id ?? 0)).toBe('queued');
    expect(store.outbox.takeBatch(clock.now(), 10)).toBeNull();
    store.outbox.markSent(
      (first?.entries ?? []).map((e) => ({
        id: e.id,
        receipt: {
          registrationId: e.registrationId,
          bib: e.bib,
          resultsReceivedTs: 1,
          resultSetId: 9,
          submittedTimeMs: 2,
          elevationMm: null,
          approvalTs: null,
        },
      })),
      clock.now(),
    );
    expect(store.outbox.takeBatch(clock.now(), 10)?.entries.map((e) => e.id)).toEqual([newer?.id]);
  });
});

describe('edit and delete', () => {
  it('an edit is a new entry that supersedes the old one, normalising the time', () => {
    const [a] = store.commit([entry(2001, '00:25:00', { tally: 2 })], meta({ source: 'csv' }));
    clock.advance(60_000);
    const edited = store.edit(a?.id ?? 0, { clockTime: '24:59.95' }, { device: 'Table 2' });
    expect(edited).toMatchObject({
      registrationId: 2001,
      clockTime: '00:25:00.0',
      tally: 2,
      source: 'edit',
      device: 'Table 2',
      enteredAt: clock.now(),
      state: 'queued',
    });
    expect(store.get(a?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: edited.id });
    expect(store.edit(edited.id, { tally: undefined }, { device: 'T' }).tally).toBeUndefined();
  });

  it('a needs_fix entry can be edited (or sent again unchanged)', () => {
    const [a] = store.commit([entry(2001, '00:25:00')], meta());
    setState(a?.id ?? 0, 'needs_fix');
    const again = store.edit(a?.id ?? 0, {}, { device: 'T' });
    expect([stateOf(a?.id ?? 0), again.state, again.clockTime]).toEqual([
      'superseded',
      'queued',
      '00:25:00',
    ]);
  });

  it('refuses to edit or delete an entry that is sending, sent or superseded', () => {
    const [s, t, u] = store.commit(
      [entry(2001, '00:25:00'), entry(2002, '00:25:00'), entry(2003, '00:25:00')],
      meta(),
    );
    setState(s?.id ?? 0, 'sending');
    setState(t?.id ?? 0, 'sent');
    const newer = store.edit(u?.id ?? 0, { clockTime: '00:20:00' }, { device: 'T' });
    const refusal = (fn: () => unknown): AppError => {
      try {
        fn();
      } catch (e) {
        if (e instanceof AppError) return e;
        throw e;
      }
      throw new Error('expected a refusal');
    };
    const sending = refusal(() =>
      store.edit(s?.id ?? 0, { clockTime: '00:21:00' }, { device: 'T' }),
    );
    expect(sending.kind).toBe('invalid-input');
    expect(sending.message).toMatch(/being sent/);
    expect(refusal(() => store.delete(t?.id ?? 0)).message).toMatch(/already sent/);
    expect(refusal(() => store.delete(s?.id ?? 0)).message).toMatch(/being sent/);
    expect(refusal(() => store.edit(u?.id ?? 0, {}, { device: 'T' })).message).toContain(
      `newer entry (${newer.id})`,
    );
    expect(refusal(() => store.edit(999, {}, { device: 'T' })).message).toMatch(/no result entry/);
    expect(refusal(() => store.edit(newer.id, { clockTime: '25' }, { device: 'T' })).kind).toBe(
      'invalid-input',
    );
    expect([stateOf(s?.id ?? 0), stateOf(t?.id ?? 0), stateOf(newer.id)]).toEqual([
      'sending',
      'sent',
      'queued',
    ]);
  });

  it('delete withdraws a queued entry, which then never goes out', () => {
    const [a, b] = store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    expect(store.delete(a?.id ?? 0).state).toBe('deleted');
    expect(stateOf(a?.id ?? 0)).toBe('deleted');
    expect(store.outbox.takeBatch(clock.now(), 10)?.entries.map((e) => e.id)).toEqual([b?.id]);
    expect(store.unsentCount()).toBe(1);
  });
});

describe('batches', () => {
  it('take the oldest queued entries of one (event, result set) group, at most the batch size', () => {
    store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    store.commit([entry(3001, '00:25:00', { eventId: CLIMB, elevationMm: 10 })], meta());
    store.commit([entry(2003, '00:25:00')], meta({ resultSetId: 77 }));
    store.commit([entry(2004, '00:25:00'), entry(2005, '00:25:00')], meta());

    const take = () => store.outbox.takeBatch(clock.now(), 3);
    const first = take();
    expect([first?.eventId, first?.resultSetId]).toEqual([V5K, null]);
    expect(first?.entries.map((e) => e.registrationId)).toEqual([2001, 2002, 2004]);
    expect(first?.entries.every((e) => e.state === 'sending')).toBe(true);
    expect(store.summary()).toEqual({ waiting: 6, held: 0, sending: 3, needsFix: 0, sent: 0 });
    const second = take();
    expect([second?.eventId, second?.entries.map((e) => e.registrationId)]).toEqual([
      CLIMB,
      [3001],
    ]);
    const third = take();
    expect([third?.resultSetId, third?.entries.map((e) => e.registrationId)]).toEqual([77, [2003]]);
    expect(take()?.entries.map((e) => e.registrationId)).toEqual([2005]);
    expect(take()).toBeNull();
  });

  it('never hold two entries of one registration, nor one whose registration is in flight', () => {
    // Two queued entries of one registration can only exist in a damaged or pre-recovery file.
    const [a, b] = store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    const [a2] = store.commit([entry(2001, '00:20:00')], meta());
    setState(a?.id ?? 0, 'queued');
    const batch = store.outbox.takeBatch(clock.now(), 10);
    expect(batch?.entries.map((e) => e.id)).toEqual([a?.id, b?.id]);
    expect(store.outbox.takeBatch(clock.now(), 10)).toBeNull();
    expect(stateOf(a2?.id ?? 0)).toBe('queued');
  });

  it('entries wait until their next attempt time', () => {
    const [a] = store.commit([entry(2001, '00:25:00')], meta());
    store.outbox.takeBatch(clock.now(), 10);
    store.outbox.release([a?.id ?? 0], {
      error: 'offline',
      kind: 'transient',
      nextAttemptAt: clock.now() + 5000,
      countAttempt: true,
    });
    expect(store.get(a?.id ?? 0)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'offline',
    });
    expect(store.outbox.takeBatch(clock.now(), 10)).toBeNull();
    expect(store.outbox.nextDueAt(clock.now())).toBe(clock.now() + 5000);
    clock.advance(5000);
    expect(store.outbox.takeBatch(clock.now(), 10)?.entries.map((e) => e.id)).toEqual([a?.id]);
  });

  it('park and release touch only entries still in flight', () => {
    const [a, b] = store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    store.outbox.takeBatch(clock.now(), 10);
    store.outbox.park([{ id: a?.id ?? 0, error: 'Invalid registration id', kind: 'permanent' }]);
    store.outbox.release([a?.id ?? 0, b?.id ?? 0], {
      error: 'x',
      kind: 'transient',
      nextAttemptAt: null,
      countAttempt: true,
    });
    expect(store.get(a?.id ?? 0)).toMatchObject({
      state: 'needs_fix',
      lastError: 'Invalid registration id',
      lastErrorKind: 'permanent',
    });
    expect(stateOf(b?.id ?? 0)).toBe('queued');
  });
});

describe('recovery after a crash', () => {
  it('puts sending entries back; of several queued per registration only the newest stays', () => {
    const [a, b] = store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    store.outbox.takeBatch(clock.now(), 10);
    const [a2] = store.commit([entry(2001, '00:21:00')], meta());
    db.prepare('UPDATE result_entries SET next_attempt_at = ? WHERE id = ?').run(
      clock.now() + 60_000,
      a2?.id,
    );

    // The app restarts on the same file.
    db.close();
    db = openDatabase(file).db;
    store = new ResultEntryStore(db, RACE, clock);
    expect(store.outbox.recoverInterrupted()).toEqual({ requeued: 2, superseded: 1 });
    expect(store.get(a?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: a2?.id });
    expect([stateOf(b?.id ?? 0), stateOf(a2?.id ?? 0)]).toEqual(['queued', 'queued']);
    expect(store.outbox.takeBatch(clock.now(), 10)?.entries.map((e) => e.id)).toEqual([
      b?.id,
      a2?.id,
    ]);
  });
});

describe('listing, summary and exports', () => {
  beforeEach(() => {
    store.commit(
      [
        entry(2001, '00:25:00', { name: 'Ann Lee' }),
        entry(2002, '00:26:00', { name: 'Bo Diaz', tally: null }),
        entry(2003, '00:27:00', { name: '=Cy Evil' }),
      ],
      meta(),
    );
    store.commit(
      [entry(3001, '00:30:00', { eventId: CLIMB, elevationMm: 1500, name: 'Di Fox' })],
      meta(),
    );
  });

  it('lists newest first, filtered by event, state and search', () => {
    expect(store.list().entries.map((e) => e.registrationId)).toEqual([3001, 2003, 2002, 2001]);
    expect(store.list({ eventId: CLIMB }).entries.map((e) => e.name)).toEqual(['Di Fox']);
    expect(store.list({ search: 'bo d' }).entries.map((e) => e.registrationId)).toEqual([2002]);
    expect(store.list({ search: '1001' }).entries.map((e) => e.name)).toEqual(['Ann Lee']);
    expect(store.list({ search: '2003' }).entries.map((e) => e.name)).toEqual(['=Cy Evil']);
    expect(store.list({ search: '%' }).total).toBe(0);
    const page = store.list({ limit: 2, offset: 1 });
    expect([page.total, page.entries.map((e) => e.registrationId)]).toEqual([4, [2003, 2002]]);
    store.delete(store.list({ search: 'Ann' }).entries[0]?.id ?? 0);
    expect(store.list({ states: ['deleted'] }).entries.map((e) => e.name)).toEqual(['Ann Lee']);
  });

  it('summary, history and unsent count follow the states', () => {
    const batch = store.outbox.takeBatch(clock.now(), 2);
    const [x, y] = batch?.entries ?? [];
    clock.advance(10_000);
    store.outbox.markSent(
      [
        {
          id: x?.id ?? 0,
          receipt: {
            registrationId: 2001,
            bib: 1001,
            resultsReceivedTs: 1_790_000_000,
            resultSetId: 17030,
            submittedTimeMs: 1_500_000,
            elevationMm: null,
            approvalTs: null,
          },
        },
      ],
      clock.now(),
    );
    store.outbox.park([{ id: y?.id ?? 0, error: 'bad', kind: 'permanent' }]);
    expect(store.summary()).toEqual({ waiting: 2, held: 0, sending: 0, needsFix: 1, sent: 1 });
    expect(store.unsentCount()).toBe(3);
    const history = store.history();
    expect(history.total).toBe(1);
    expect(history.entries[0]).toMatchObject({
      registrationId: 2001,
      sentAt: clock.now(),
      receipt: { receivedTs: 1_790_000_000, resultSetId: 17030, submittedMs: 1_500_000 },
    });
  });

  it('exports the queue and the history as CSV the import can read back', () => {
    const batch = store.outbox.takeBatch(clock.now(), 1);
    store.outbox.markSent(
      (batch?.entries ?? []).map((e) => ({
        id: e.id,
        receipt: {
          registrationId: e.registrationId,
          bib: e.bib,
          resultsReceivedTs: 1_790_000_000,
          resultSetId: 5,
          submittedTimeMs: 1,
          elevationMm: null,
          approvalTs: null,
        },
      })),
      clock.now(),
    );
    const queue = formatCsv(store.exportQueue());
    const lines = queue.split('\r\n');
    expect(lines[0]).toBe(
      'Event ID,Registration ID,Bib,Name,Clock time,Tally,Tally action,Elevation gain mm,State,Entered at,Device,Source,Attempts,Last error,Entry',
    );
    expect(lines).toHaveLength(4);
    expect(queue).toContain(`'=Cy Evil`);
    const back = parseResultTable(queue);
    expect(back.rows.map((r) => [r.registrationId, r.clockTime])).toEqual([
      ['2002', '00:26:00'],
      ['2003', '00:27:00'],
      ['3001', '00:30:00'],
    ]);
    const history = formatCsv(store.exportHistory()).split('\r\n');
    expect(history).toHaveLength(2);
    expect(history[1]).toContain('2001,1001,Ann Lee,00:25:00');
    expect(history[1]).toContain(new Date(1_790_000_000_000).toISOString());
  });
});
