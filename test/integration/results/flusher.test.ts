/**
 * The results queue end to end: entries committed to a real SQLite file, sent by the flusher
 * through a real RunSignupClient over HTTP to the simulator, under the faults RunSignup and
 * the venue's network produce (docs/ARCHITECTURE.md "Rules for the queue").
 */
import { describe, expect, it } from 'vitest';
import type { QueueHarness } from './queue-harness';
import {
  V5K,
  climbResults,
  keyboard,
  commitTimes,
  queueHarness,
  settled,
  resultFor,
  resultPosts,
  storedTimes,
  until,
} from './queue-harness';

/** Registration → clock time of the newest entry of each registration that is not deleted. */
function latestTimes(q: QueueHarness, eventId: number): Map<number, string> {
  const latest = new Map<number, string>();
  const standing = q.entries
    .list({ eventId, limit: 1000 })
    .entries.filter((e) => e.state !== 'deleted');
  for (const e of [...standing].reverse()) latest.set(e.registrationId, e.clockTime);
  return latest;
}

describe('offline', () => {
  it('queues while RunSignup is unreachable and sends everything, newest per runner, once it is back', async () => {
    const q = await queueHarness({ sleep: 'frozen', batchSize: 10 });
    await q.sim.faults.set({ type: 'refused' });
    q.store.commit(
      Array.from({ length: 25 }, (_, i) =>
        resultFor(q, i, `00:${String(20 + i).padStart(2, '0')}:00`),
      ),
      keyboard,
    );
    q.flusher.start();
    await until(() => !q.monitor.state().online, 'the monitor to go offline');
    await until(() => q.flusher.state().nextAttemptAt !== null, 'the flusher to back off');
    // Corrections typed while offline supersede the queued entries.
    q.store.commit([resultFor(q, 3, '00:19:00'), resultFor(q, 7, '00:18:30.5')], keyboard);
    expect(q.entries.summary()).toMatchObject({ waiting: 25, sent: 0 });
    expect(q.sim.inspect.results(V5K)).toEqual([]);
    const failed = q.entries.list({ states: ['queued'] }).entries.find((e) => e.attempts > 0);
    expect(failed).toMatchObject({ lastErrorKind: 'transient' });

    // The flusher's own wait never ends here ('frozen'): only the connection coming back
    // (ConnectivityMonitor.onOnline) can start the retry.
    await q.sim.faults.clear();
    await until(settled(q), 'every entry to be sent');
    expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 0, sent: 25 });
    expect(storedTimes(q.sim, V5K)).toEqual(latestTimes(q, V5K));
    expect(storedTimes(q.sim, V5K).get(q.runners[3]?.registration_id ?? 0)).toBe('00:19:00');
    expect(resultPosts(q.sim).filter((r) => r.status === 200)).toHaveLength(3);
  });
});

describe('throttling', () => {
  it('backs off longer on v1 error 14, then sends', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set({ type: 'throttle', style: 'v1' }, { count: 2, path: /user-results/ });
    q.store.commit([resultFor(q, 0, '00:25:00'), resultFor(q, 1, '00:26:00')], keyboard);
    q.flusher.start();
    await until(settled(q), 'the entries to be sent');
    // Throttled waits start at 4 × 100 ms and double: 3/4 of 400 and of 800 with fixed jitter.
    expect(q.waits).toEqual([300, 600]);
    expect(resultPosts(q.sim).map((r) => r.fault ?? r.status)).toEqual([
      'throttle',
      'throttle',
      200,
    ]);
    expect(q.entries.list().entries.map((e) => [e.state, e.attempts])).toEqual([
      ['sent', 3],
      ['sent', 3],
    ]);
  });

  it('honours HTTP 429 Retry-After', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set(
      { type: 'throttle', style: '429', retryAfterSec: 7 },
      { count: 1, path: /user-results/ },
    );
    q.store.commit([resultFor(q, 0, '00:25:00')], keyboard);
    q.flusher.start();
    await until(settled(q), 'the entry to be sent');
    expect(q.waits).toEqual([7_000]);
    expect(storedTimes(q.sim, V5K).size).toBe(1);
  });
});

describe('server trouble', () => {
  it('retries 5xx and cut-off answers with growing waits, then sends', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set({ type: 'http5xx', status: 503 }, { count: 2, path: /user-results/ });
    q.store.commit([resultFor(q, 0, '00:25:00'), resultFor(q, 1, '00:26:00')], keyboard);
    q.flusher.start();
    await until(settled(q), 'the first entries to be sent');
    expect(q.waits).toEqual([75, 150]);

    await q.sim.faults.set({ type: 'truncated' }, { count: 1, path: /user-results/ });
    q.store.commit([resultFor(q, 2, '00:27:00')], keyboard);
    q.flusher.kick();
    await until(settled(q), 'the last entry to be sent');
    // A success in between reset the backoff: the cut-off answer waits the first step again.
    expect(q.waits).toEqual([75, 150, 75]);
    expect(
      q.entries.list({ search: String(q.runners[2]?.registration_id) }).entries[0],
    ).toMatchObject({ state: 'sent', attempts: 2, lastError: null });
    expect(storedTimes(q.sim, V5K)).toEqual(latestTimes(q, V5K));
  });
});

describe('credentials', () => {
  it('pauses with a reason when the key is refused, keeps every entry, and resumes on request', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    q.sim.control.revokeCredentials();
    commitTimes(q, 12, '00:30:00');
    const changes: string[] = [];
    q.flusher.onChange(() => changes.push(q.flusher.state().pausedReason ?? 'running'));
    q.flusher.start();
    await until(() => q.flusher.state().pausedReason !== null, 'the queue to pause');
    expect(q.flusher.state()).toMatchObject({ sending: false, nextAttemptAt: null });
    expect(q.flusher.state().pausedReason).toMatch(/rejected the API key/);
    expect(changes.length).toBeGreaterThan(0);
    expect(q.entries.summary()).toMatchObject({ waiting: 12, sending: 0, sent: 0, needsFix: 0 });
    expect(
      q.entries.list().entries.every((e) => e.lastErrorKind === 'needs-user' && e.attempts === 0),
    ).toBe(true);

    // New work does not end a pause.
    q.store.commit([resultFor(q, 20, '00:31:00')], keyboard);
    q.flusher.kick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resultPosts(q.sim)).toHaveLength(1);

    q.sim.control.restoreCredentials();
    q.flusher.resume();
    await until(settled(q), 'every entry to be sent');
    expect(q.flusher.state().pausedReason).toBeNull();
    expect(storedTimes(q.sim, V5K).size).toBe(13);
    expect(storedTimes(q.sim, V5K)).toEqual(latestTimes(q, V5K));
  });
});

describe('bad rows', () => {
  it('one bad row among 500 parks alone as needs fix; the other 499 are sent', async () => {
    const q = await queueHarness({ sleep: 'advance', batchSize: 500 });
    const entries = Array.from({ length: 500 }, (_, i) => resultFor(q, i, '00:40:00'));
    q.store.commit(entries, keyboard);
    const gone = q.runners[317]?.registration_id ?? 0;
    q.sim.control.removeParticipant(gone, 'removed');
    q.flusher.start();
    await until(settled(q), 'the batch to be settled');

    expect(q.entries.summary()).toMatchObject({ waiting: 0, sent: 499, needsFix: 1 });
    const parked = q.entries.list({ states: ['needs_fix'] }).entries;
    expect(parked.map((e) => e.registrationId)).toEqual([gone]);
    expect(parked[0]?.lastError).toContain(`Invalid registration id: ${gone} (row 1)`);
    const stored = storedTimes(q.sim, V5K);
    expect(stored.size).toBe(499);
    expect(stored.has(gone)).toBe(false);
    // Halving finds it in about 2·log2(500) requests, not 500.
    expect(resultPosts(q.sim).length).toBeLessThanOrEqual(20);
    expect(q.waits).toEqual([]);
  });

  it('parks rows RunSignup names one by one at once, and resends the good ones for receipts', async () => {
    const q = await queueHarness({ sleep: 'advance', rowErrors: 'per-row' });
    const climbers = climbResults(q, 6, (i) => ({
      tally: 2,
      elevationMm: i === 2 ? null : 1500 + i,
    }));
    q.store.commit(climbers, keyboard);
    q.flusher.start();
    await until(settled(q), 'the batch to be settled');
    const parked = q.entries.list({ states: ['needs_fix'] }).entries;
    expect(parked.map((e) => e.registrationId)).toEqual([climbers[2]?.registrationId]);
    expect(parked[0]?.lastError).toMatch(/elevation_gain_in_mm is required/);
    expect(q.entries.history().entries.every((e) => e.receipt?.receivedTs)).toBe(true);
    expect(q.entries.summary()).toMatchObject({ sent: 5, needsFix: 1 });
    expect(resultPosts(q.sim)).toHaveLength(2);
  });

  it('an error about the request itself (unknown event) parks the batch without splitting it', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    q.store.commit(
      Array.from({ length: 8 }, (_, i) => ({ ...resultFor(q, i, '00:25:00'), eventId: 4242 })),
      keyboard,
    );
    q.flusher.start();
    await until(settled(q), 'the batch to be settled');
    expect(q.entries.summary()).toMatchObject({ needsFix: 8, sent: 0 });
    expect(q.entries.list().entries[0]?.lastError).toMatch(/error 301/);
    expect(resultPosts(q.sim)).toHaveLength(1);
  });
});

describe('restart', () => {
  it('entries a crash left sending are sent once, newest per runner, in order', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    commitTimes(q, 6, '00:50:00');
    // A crash mid-send: the batch was marked sending, then corrections were typed.
    const inFlight = q.outbox.takeBatch(q.clock.now(), 100);
    expect(inFlight?.entries).toHaveLength(6);
    q.store.commit([resultFor(q, 1, '00:45:00'), resultFor(q, 4, '00:44:00')], keyboard);
    // And, in a damaged file, a second queued entry for one runner.
    q.db
      .prepare(`UPDATE result_entries SET state = 'queued' WHERE id = ?`)
      .run(inFlight?.entries[0]?.id);

    q.restart();
    q.flusher.start();
    await until(settled(q), 'every entry to be sent');
    expect(q.entries.summary()).toMatchObject({ sent: 6, needsFix: 0 });
    expect(storedTimes(q.sim, V5K)).toEqual(latestTimes(q, V5K));
    expect(storedTimes(q.sim, V5K).get(q.runners[4]?.registration_id ?? 0)).toBe('00:44:00');
    // One post: each runner went once, and no older entry after a newer one.
    expect(resultPosts(q.sim)).toHaveLength(1);
    const superseded = q.entries.list({ states: ['superseded'] }).entries;
    expect(superseded.map((e) => e.registrationId).sort()).toEqual(
      [q.runners[1]?.registration_id, q.runners[4]?.registration_id].sort(),
    );
  });
});

describe('a correction while the older entry is in flight', () => {
  it('goes after it, so RunSignup ends with the newer result', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set({ type: 'latency', ms: 400 }, { count: 1, path: /user-results/ });
    const [first] = q.store.commit(
      [resultFor(q, 0, '00:30:00'), resultFor(q, 1, '00:31:00')],
      keyboard,
    );
    q.flusher.start();
    await until(() => q.flusher.state().sending, 'the first batch to be in flight');
    expect(q.entries.get(first?.id ?? 0)?.state).toBe('sending');

    const [second] = q.store.commit([resultFor(q, 0, '00:29:00')], keyboard);
    q.flusher.kick();
    const third = q.store.edit(second?.id ?? 0, { clockTime: '28:45.5' }, { device: 'Table 2' });
    expect(() => q.store.edit(first?.id ?? 0, { clockTime: '00:10:00' }, { device: 'x' })).toThrow(
      /being sent/,
    );
    expect(q.entries.get(first?.id ?? 0)?.state).toBe('sending');

    await until(settled(q), 'every entry to be sent');
    const runner = q.runners[0]?.registration_id ?? 0;
    expect(storedTimes(q.sim, V5K).get(runner)).toBe('00:28:45.5');
    expect(q.entries.get(first?.id ?? 0)?.state).toBe('sent');
    expect(q.entries.get(second?.id ?? 0)).toMatchObject({
      state: 'superseded',
      supersededBy: third.id,
    });
    expect(q.entries.get(third.id)?.state).toBe('sent');
    expect(resultPosts(q.sim)).toHaveLength(2);
  });
});

describe('stopping', () => {
  it('waits for the batch in flight to be settled', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set({ type: 'latency', ms: 200 }, { count: 1, path: /user-results/ });
    q.store.commit([resultFor(q, 0, '00:30:00'), resultFor(q, 1, '00:31:00')], keyboard);
    q.flusher.start();
    await until(() => q.flusher.state().sending, 'the batch to be in flight');
    await q.flusher.stop();
    expect(q.flusher.state().sending).toBe(false);
    expect(q.entries.summary()).toMatchObject({ waiting: 0, sending: 0, sent: 2 });

    // Stopped means stopped: new entries wait for the next start.
    q.store.commit([resultFor(q, 2, '00:32:00')], keyboard);
    q.flusher.kick();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(q.entries.summary()).toMatchObject({ waiting: 1, sent: 2 });
    q.flusher.start();
    await until(settled(q), 'the new entry to be sent');
  });
});
