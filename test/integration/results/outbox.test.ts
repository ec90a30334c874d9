/**
 * The outbox on a real SQLite file: which entries a batch takes, waits, parking and releasing,
 * and recovery after a crash (docs/ARCHITECTURE.md "Rules for the queue", rules 3 and 4).
 */
import { describe, expect, it } from 'vitest';
import { CLIMB, entriesOnFile, entry, meta, V5K } from './entries-on-file';

const fx = entriesOnFile();

describe('batches', () => {
  it('take the oldest queued entries of one (event, result set) group, at most the batch size', () => {
    fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    fx.store.commit([entry(3001, '00:25:00', { eventId: CLIMB, elevationMm: 10 })], meta());
    fx.store.commit([entry(2003, '00:25:00')], meta({ resultSetId: 77 }));
    fx.store.commit([entry(2004, '00:25:00'), entry(2005, '00:25:00')], meta());

    const take = () => fx.outbox.takeBatch(fx.clock.now(), 3);
    const first = take();
    expect([first?.eventId, first?.resultSetId]).toEqual([V5K, null]);
    expect(first?.entries.map((e) => e.registrationId)).toEqual([2001, 2002, 2004]);
    expect(first?.entries.every((e) => e.state === 'sending')).toBe(true);
    expect(fx.entries.summary()).toEqual({ waiting: 6, held: 0, sending: 3, needsFix: 0, sent: 0 });
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
    const [a, b] = fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    const [a2] = fx.store.commit([entry(2001, '00:20:00')], meta());
    fx.setState(a?.id ?? 0, 'queued');
    const batch = fx.outbox.takeBatch(fx.clock.now(), 10);
    expect(batch?.entries.map((e) => e.id)).toEqual([a?.id, b?.id]);
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)).toBeNull();
    expect(fx.stateOf(a2?.id ?? 0)).toBe('queued');
  });

  it('entries wait until their next attempt time', () => {
    const [a] = fx.store.commit([entry(2001, '00:25:00')], meta());
    fx.outbox.takeBatch(fx.clock.now(), 10);
    fx.outbox.release([a?.id ?? 0], {
      error: 'offline',
      kind: 'transient',
      nextAttemptAt: fx.clock.now() + 5000,
      countAttempt: true,
    });
    expect(fx.entries.get(a?.id ?? 0)).toMatchObject({
      state: 'queued',
      attempts: 1,
      lastError: 'offline',
    });
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)).toBeNull();
    expect(fx.outbox.nextDueAt(fx.clock.now())).toBe(fx.clock.now() + 5000);
    fx.clock.advance(5000);
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)?.entries.map((e) => e.id)).toEqual([a?.id]);
  });

  it('park and release touch only entries still in flight', () => {
    const [a, b] = fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    fx.outbox.takeBatch(fx.clock.now(), 10);
    fx.outbox.park([{ id: a?.id ?? 0, error: 'Invalid registration id', kind: 'permanent' }]);
    fx.outbox.release([a?.id ?? 0, b?.id ?? 0], {
      error: 'x',
      kind: 'transient',
      nextAttemptAt: null,
      countAttempt: true,
    });
    expect(fx.entries.get(a?.id ?? 0)).toMatchObject({
      state: 'needs_fix',
      lastError: 'Invalid registration id',
      lastErrorKind: 'permanent',
    });
    expect(fx.stateOf(b?.id ?? 0)).toBe('queued');
  });
});

describe('recovery after a crash', () => {
  it('puts sending entries back; of several queued per registration only the newest stays', () => {
    const [a, b] = fx.store.commit([entry(2001, '00:25:00'), entry(2002, '00:25:00')], meta());
    fx.outbox.takeBatch(fx.clock.now(), 10);
    const [a2] = fx.store.commit([entry(2001, '00:21:00')], meta());
    fx.db
      .prepare('UPDATE result_entries SET next_attempt_at = ? WHERE id = ?')
      .run(fx.clock.now() + 60_000, a2?.id);

    // The app restarts on the same file.
    fx.reopen();
    expect(fx.outbox.recoverInterrupted()).toEqual({ requeued: 2, superseded: 1 });
    expect(fx.entries.get(a?.id ?? 0)).toMatchObject({ state: 'superseded', supersededBy: a2?.id });
    expect([fx.stateOf(b?.id ?? 0), fx.stateOf(a2?.id ?? 0)]).toEqual(['queued', 'queued']);
    expect(fx.outbox.takeBatch(fx.clock.now(), 10)?.entries.map((e) => e.id)).toEqual([
      b?.id,
      a2?.id,
    ]);
  });
});
