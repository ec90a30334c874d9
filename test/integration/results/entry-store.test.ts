/**
 * The entry store on a real SQLite file: commits (one transaction), supersede, edits and deletes
 * (docs/ARCHITECTURE.md "Rules for the queue").
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/app-error';
import type { CommitEntry } from '../../../main/results/entry-store';
import { CLIMB, entriesOnFile, entry, meta } from './entries-on-file';

const fx = entriesOnFile();

describe('commit', () => {
  it('stores each entry queued with its time of entry, device, source and name', () => {
    const [a, b] = fx.store.commit(
      [entry(2001, '00:25:00'), entry(2002, '00:26:00.5', { name: 'Ann Lee', tally: 1.75 })],
      meta({ source: 'paste', names: new Map([[2001, 'Bo Diaz']]) }),
    );
    expect(a && b).toBeTruthy();
    const stored = fx.entries.get(a?.id ?? 0);
    expect(stored).toMatchObject({
      registrationId: 2001,
      bib: 1001,
      name: 'Bo Diaz',
      clockTime: '00:25:00',
      tally: undefined,
      state: 'queued',
      device: 'Table 1',
      source: 'paste',
      enteredAt: fx.clock.now(),
      attempts: 0,
    });
    expect(fx.entries.get(b?.id ?? 0)).toMatchObject({ name: 'Ann Lee', tally: 1.75 });
    expect(stored).toEqual(a);
  });

  it('keeps absent, cleared and set tallies apart', () => {
    const rows = fx.store.commit(
      [
        entry(2001, '00:25:00', { tally: undefined }),
        entry(2002, '00:25:00', { tally: null }),
        entry(2003, '00:25:00', { tally: 0 }),
      ],
      meta(),
    );
    expect(rows.map((r) => fx.entries.get(r.id)?.tally)).toEqual([undefined, null, 0]);
  });

  it('is one transaction: a failing entry stores none of the batch', () => {
    const broken = { ...entry(2003, '00:27:00'), clockTime: null } as unknown as CommitEntry;
    expect(() =>
      fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:26:00'), broken], meta()),
    ).toThrow();
    expect(fx.entries.list().total).toBe(0);
  });

  it('commits a 10,000-row paste in one go, and it survives reopening the file', () => {
    const big = Array.from({ length: 10_000 }, (_, i) => entry(100_000 + i, '01:00:00'));
    expect(fx.store.commit(big, meta({ source: 'paste' }))).toHaveLength(10_000);
    fx.reopen();
    expect(fx.entries.summary()).toEqual({
      waiting: 10_000,
      held: 0,
      sending: 0,
      needsFix: 0,
      sent: 0,
    });
  });

  it('a newer entry supersedes older queued and needs_fix entries of the same registration', () => {
    const [a] = fx.store.commit([entry(2001, '00:25:00')], meta());
    const [b] = fx.store.commit([entry(2002, '00:26:00')], meta());
    fx.setState(b?.id ?? 0, 'needs_fix');
    fx.clock.advance(1000);
    const [a2, b2] = fx.store.commit([entry(2001, '00:24:00'), entry(2002, '00:23:00')], meta());
    expect(fx.entries.get(a?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: a2?.id });
    expect(fx.entries.get(b?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: b2?.id });
    expect([fx.stateOf(a2?.id ?? 0), fx.stateOf(b2?.id ?? 0)]).toEqual(['queued', 'queued']);
  });

  it('the same registration twice in one commit: the later one wins', () => {
    const [first, second] = fx.store.commit(
      [entry(2001, '00:25:00'), entry(2001, '00:20:00')],
      meta(),
    );
    expect(fx.stateOf(first?.id ?? 0)).toBe('superseded');
    expect(fx.stateOf(second?.id ?? 0)).toBe('queued');
  });

  it('does not supersede across events, nor a sent entry', () => {
    const [sent, other] = fx.store.commit(
      [entry(2001, '00:25:00'), entry(2001, '00:25:00', { eventId: CLIMB, elevationMm: 1200 })],
      meta(),
    );
    fx.setState(sent?.id ?? 0, 'sent');
    fx.store.commit([entry(2001, '00:22:00')], meta());
    expect([fx.stateOf(sent?.id ?? 0), fx.stateOf(other?.id ?? 0)]).toEqual(['sent', 'queued']);
  });

  it('leaves an older entry in flight alone; the newer one waits until it is settled', () => {
    const [old] = fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    const first = fx.outbox.takeBatch(fx.clock.now(), 10);
    expect(first?.entries.map((e) => e.registrationId)).toEqual([2001, 2002]);
    const [newer] = fx.store.commit([entry(2001, '00:21:00')], meta());
    expect(fx.stateOf(old?.id ?? 0)).toBe('sending');
    expect(fx.stateOf(newer?.id ?? 0)).toBe('queued');
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)).toBeNull();
    fx.outbox.markSent(
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
      fx.clock.now(),
    );
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)?.entries.map((e) => e.id)).toEqual([newer?.id]);
  });
});

describe('edit and delete', () => {
  it('an edit is a new entry that supersedes the old one, normalising the time', () => {
    const [a] = fx.store.commit([entry(2001, '00:25:00', { tally: 2 })], meta({ source: 'csv' }));
    fx.clock.advance(60_000);
    const edited = fx.store.edit(a?.id ?? 0, { clockTime: '24:59.95' }, { device: 'Table 2' });
    expect(edited).toMatchObject({
      registrationId: 2001,
      clockTime: '00:25:00.0',
      tally: 2,
      source: 'edit',
      device: 'Table 2',
      enteredAt: fx.clock.now(),
      state: 'queued',
    });
    expect(fx.entries.get(a?.id ?? 0)).toMatchObject({
      state: 'superseded',
      supersededBy: edited.id,
    });
    expect(fx.store.edit(edited.id, { tally: undefined }, { device: 'T' }).tally).toBeUndefined();
  });

  it('a needs_fix entry can be edited (or sent again unchanged)', () => {
    const [a] = fx.store.commit([entry(2001, '00:25:00')], meta());
    fx.setState(a?.id ?? 0, 'needs_fix');
    const again = fx.store.edit(a?.id ?? 0, {}, { device: 'T' });
    expect([fx.stateOf(a?.id ?? 0), again.state, again.clockTime]).toEqual([
      'superseded',
      'queued',
      '00:25:00',
    ]);
  });

  it('refuses to edit or delete an entry that is sending, sent or superseded', () => {
    const [s, t, u] = fx.store.commit(
      [entry(2001, '00:25:00'), entry(2002, '00:25:00'), entry(2003, '00:25:00')],
      meta(),
    );
    fx.setState(s?.id ?? 0, 'sending');
    fx.setState(t?.id ?? 0, 'sent');
    const newer = fx.store.edit(u?.id ?? 0, { clockTime: '00:20:00' }, { device: 'T' });
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
      fx.store.edit(s?.id ?? 0, { clockTime: '00:21:00' }, { device: 'T' }),
    );
    expect(sending.kind).toBe('invalid-input');
    expect(sending.message).toMatch(/being sent/);
    expect(refusal(() => fx.store.delete(t?.id ?? 0)).message).toMatch(/already sent/);
    expect(refusal(() => fx.store.delete(s?.id ?? 0)).message).toMatch(/being sent/);
    expect(refusal(() => fx.store.edit(u?.id ?? 0, {}, { device: 'T' })).message).toContain(
      `newer entry (${newer.id})`,
    );
    expect(refusal(() => fx.store.edit(999, {}, { device: 'T' })).message).toMatch(
      /no result entry/,
    );
    expect(refusal(() => fx.store.edit(newer.id, { clockTime: '25' }, { device: 'T' })).kind).toBe(
      'invalid-input',
    );
    expect([fx.stateOf(s?.id ?? 0), fx.stateOf(t?.id ?? 0), fx.stateOf(newer.id)]).toEqual([
      'sending',
      'sent',
      'queued',
    ]);
  });

  it('delete withdraws a queued entry, which then never goes out', () => {
    const [a, b] = fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    expect(fx.store.delete(a?.id ?? 0).state).toBe('deleted');
    expect(fx.stateOf(a?.id ?? 0)).toBe('deleted');
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)?.entries.map((e) => e.id)).toEqual([b?.id]);
    expect(fx.entries.unsentCount()).toBe(1);
  });
});
