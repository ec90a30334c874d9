/**
 * The queue when the laptop's clock jumps and when the disk refuses a write (issue 11, points
 * 4 and 5): waits follow a monotonic clock, and entries a failed write left `sending` are
 * put back by the running flusher, not only at the next start.
 */
import { describe, expect, it } from 'vitest';
import { toFailure } from '../../../main/app-error';
import {
  TEST_BACKOFF,
  V5K,
  keyboard,
  commitTimes,
  queueHarness,
  resultFor,
  resultPosts,
  until,
} from './queue-harness';

describe('the laptop clock set back an hour during a retry wait', () => {
  it('still retries after the short wait, not an hour later', async () => {
    let jumped = false;
    const q = await queueHarness({
      sleep: 'advance',
      onWait: () => {
        if (jumped) return;
        jumped = true;
        q.clock.set(q.clock.now() - 60 * 60_000);
      },
    });
    await q.sim.faults.set({ type: 'http5xx', status: 503 }, { count: 1, path: /user-results/ });
    q.store.commit([resultFor(q, 0, '00:25:00'), resultFor(q, 1, '00:26:00')], keyboard);
    q.flusher.start();
    await until(() => q.entries.summary().sent === 2, 'the entries to be sent');
    expect(jumped).toBe(true);
    // One short wait (3/4 of 100 ms with the fixed jitter); never one of an hour.
    expect(q.waits.every((ms) => ms <= TEST_BACKOFF.maxMs)).toBe(true);
    expect(resultPosts(q.sim).map((r) => r.status)).toEqual([503, 200]);
  });

  it('caps a stored wait the clock jump left in the future', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    q.flusher.start();
    q.store.commit([resultFor(q, 2, '00:27:00')], keyboard);
    // A wait stored before the clock was set back an hour (start-up clears waits, so the
    // flusher is already running).
    q.db.prepare('UPDATE result_entries SET next_attempt_at = ?').run(q.clock.now() + 60 * 60_000);
    q.flusher.kick();
    await until(() => q.entries.summary().sent === 1, 'the entry to be sent');
    expect(q.waits.every((ms) => ms <= TEST_BACKOFF.maxMs)).toBe(true);
  });
});

describe('a write the disk refuses while sending', () => {
  it('puts the entries it left sending back in the queue and sends them, without a restart', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set({ type: 'latency', ms: 300 }, { count: 1, path: /user-results/ });
    q.store.commit(
      Array.from({ length: 3 }, (_, i) => resultFor(q, i, `00:3${i}:00`)),
      keyboard,
    );
    q.flusher.start();
    await until(() => q.flusher.state().sending, 'the batch to be in flight');
    // The disk refuses every write while RunSignup stores the batch: the receipts cannot be
    // written and the entries stay `sending`.
    q.db.pragma('query_only = ON');
    await until(() => q.logger.text().includes('could not use the database'), 'the write to fail');
    expect(q.entries.summary().sending).toBe(3);
    q.db.pragma('query_only = OFF');
    await until(() => q.entries.summary().sent === 3, 'the stranded entries to be sent');
    expect(q.entries.summary()).toMatchObject({ waiting: 0, sending: 0, sent: 3 });
    expect(q.sim.inspect.results(V5K)).toHaveLength(3);
  });
});

describe('a commit on a full disk', () => {
  it('says "the disk is full" in words and saves nothing', async () => {
    const q = await queueHarness({ sleep: 'frozen' });
    const pages = Number(q.db.pragma('page_count', { simple: true }));
    q.db.pragma(`max_page_count = ${pages}`);
    let thrown: unknown;
    try {
      commitTimes(q, 400, '00:40:00');
    } catch (e) {
      thrown = e;
    }
    expect(toFailure(thrown).message).toMatch(/disk is full/i);
    expect(q.entries.summary().waiting).toBe(0);
  });
});
