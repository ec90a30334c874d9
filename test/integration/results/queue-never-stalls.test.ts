/**
 * A results batch never stalls the queue (issue 10, point 2): receipts without elevation or
 * unreadable, a batch that keeps failing the same way, an error code nobody documented, and
 * the API caller registration refused. Real SQLite file, real HTTP to the simulator.
 */
import { describe, expect, it } from 'vitest';
import { SET_ASIDE_AFTER } from '../../../main/results/flush-policy';
import {
  CLIMB,
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

/** The user-results answer's receipts, each passed through `row` (undefined drops it). */
function receipts(row: (r: Record<string, unknown>) => Record<string, unknown> | undefined) {
  return (json: unknown) => {
    const body = json as { virtual_results?: Array<Record<string, unknown>> };
    if (!Array.isArray(body.virtual_results)) return json;
    return { ...body, virtual_results: body.virtual_results.map(row).filter(Boolean) };
  };
}

describe('receipts', () => {
  it('a receipt without elevation_gain_in_mm (the seed’s own XML example has none) is a receipt', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set(
      {
        type: 'rewrite',
        rewrite: receipts(({ elevation_gain_in_mm: _e, result_approval_ts: _a, ...r }) => r),
      },
      { path: /user-results/ },
    );
    q.store.commit([resultFor(q, 0, '00:25:00'), resultFor(q, 1, '00:26:00')], keyboard);
    q.flusher.start();
    await until(settled(q), 'the entries to be sent');
    const sent = q.entries.history().entries;
    expect(sent).toHaveLength(2);
    for (const e of sent) {
      expect(e.receipt).toMatchObject({ unreadable: false });
      expect(e.receipt?.receivedTs).toEqual(expect.any(Number));
      expect(e.receipt?.resultSetId).toEqual(expect.any(Number));
    }
    expect(q.entries.summary()).toMatchObject({ sent: 2, needsFix: 0 });
  });

  it('a JSON answer with no error and no readable receipt: RunSignup stored the rows, so they are sent, "receipt unreadable"', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    await q.sim.faults.set(
      { type: 'rewrite', rewrite: () => ({ status: 'ok' }) },
      { path: /user-results/ },
    );
    commitTimes(q, 3, '00:30:00');
    q.flusher.start();
    await until(settled(q), 'the entries to be settled');
    expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 0, sent: 3 });
    for (const e of q.entries.history().entries) {
      expect(e.receipt).toEqual({
        receivedTs: null,
        submittedMs: null,
        resultSetId: null,
        unreadable: true,
      });
    }
    // The simulator did store them: the answer alone was unreadable.
    expect(storedTimes(q.sim, V5K).size).toBe(3);
    expect(resultPosts(q.sim)).toHaveLength(1);
  });

  it('a receipt row without registration_id: that row is sent with "receipt unreadable", the others with theirs', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    const odd = q.runners[1]?.registration_id;
    await q.sim.faults.set(
      {
        type: 'rewrite',
        rewrite: receipts((r) => {
          if (r.registration_id !== odd) return r;
          const { registration_id: _id, ...rest } = r;
          return rest;
        }),
      },
      { path: /user-results/ },
    );
    commitTimes(q, 3, '00:31:00');
    q.flusher.start();
    await until(settled(q), 'the entries to be settled');
    const byReg = new Map(q.entries.history().entries.map((e) => [e.registrationId, e]));
    expect(byReg.get(odd ?? 0)?.receipt?.unreadable).toBe(true);
    expect(byReg.get(q.runners[0]?.registration_id ?? 0)?.receipt).toMatchObject({
      unreadable: false,
      resultSetId: expect.any(Number),
    });
    expect(q.entries.summary()).toMatchObject({ needsFix: 0, sent: 3 });
  });
});

describe('a batch that fails the same way again and again', () => {
  it(`is set aside after ${SET_ASIDE_AFTER} identical failures with RunSignup’s words, and the rest of the queue goes on`, async () => {
    const q = await queueHarness({ sleep: 'advance', batchSize: 2 });
    await q.sim.faults.set(
      {
        type: 'rewrite',
        rewrite: () => ({ error: { error_code: 5, error_msg: 'Database error' } }),
      },
      { count: SET_ASIDE_AFTER, path: /user-results/ },
    );
    commitTimes(q, 4, '00:35:00');
    q.flusher.start();
    await until(settled(q), 'the queue to be settled');
    const first = q.entries.list({ states: ['needs_fix'] }).entries;
    expect(first.map((e) => e.registrationId).sort()).toEqual(
      [q.runners[0]?.registration_id, q.runners[1]?.registration_id].sort(),
    );
    for (const e of first) {
      expect(e.setAside).toBe(true);
      expect(e.lastErrorKind).toBe('set-aside');
      expect(e.lastError).toContain('error 5: Database error');
      expect(e.attempts).toBe(SET_ASIDE_AFTER);
    }
    // The second batch went out right after.
    expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 2, sent: 2 });
    expect(storedTimes(q.sim, V5K).has(q.runners[2]?.registration_id ?? 0)).toBe(true);
    // Sent again by staff (an edit with the same values), it goes through.
    const again = q.store.edit(first[0]!.id, {}, { device: 'Table 1' });
    q.flusher.kick();
    await until(() => q.entries.get(again.id)?.state === 'sent', 'the resend to be sent');
  });

  it.each([500, 503] as const)(
    'is not set aside for web server error pages (HTTP %i): they say nothing about the batch',
    async (status) => {
      const q = await queueHarness({ sleep: 'advance', batchSize: 2 });
      await q.sim.faults.set(
        { type: 'http5xx', status },
        { count: SET_ASIDE_AFTER + 2, path: /user-results/ },
      );
      commitTimes(q, 4, '00:36:00');
      q.flusher.start();
      await until(settled(q), 'the queue to be settled');
      expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 0, sent: 4 });
    },
  );

  it('different failures in a row are not "the same way"', async () => {
    const q = await queueHarness({ sleep: 'advance', batchSize: 2 });
    let n = 0;
    // Five failures, but the message changes each time (RunSignup's error text varies).
    await q.sim.faults.set(
      {
        type: 'rewrite',
        rewrite: () => ({ error: { error_code: 5, error_msg: `Database error #${(n += 1)}` } }),
      },
      { count: SET_ASIDE_AFTER, path: /user-results/ },
    );
    commitTimes(q, 2, '00:37:00');
    q.flusher.start();
    await until(settled(q), 'the queue to be settled');
    expect(q.entries.summary()).toMatchObject({ needsFix: 0, sent: 2 });
  });
});

describe('an error code the kiosk does not know', () => {
  const mystery = { error: { error_code: 987, error_msg: 'Results are locked for this race' } };

  it('alike for a batch and both its halves: the queue pauses with RunSignup’s message and keeps every row', async () => {
    const q = await queueHarness({ sleep: 'advance', batchSize: 8 });
    await q.sim.faults.set({ type: 'rewrite', rewrite: () => mystery }, { path: /user-results/ });
    commitTimes(q, 8, '00:40:00');
    q.flusher.start();
    await until(() => q.flusher.state().pausedReason !== null, 'the queue to pause');
    expect(q.flusher.state().pausedReason).toContain('Results are locked for this race');
    expect(q.entries.summary()).toMatchObject({ waiting: 8, needsFix: 0, sent: 0 });
    // The whole batch, then each half: three requests, not one per row.
    expect(resultPosts(q.sim)).toHaveLength(3);

    await q.sim.faults.clear();
    q.flusher.resume();
    await until(settled(q), 'the queue to be sent after resuming');
    expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 0, sent: 8 });
  });

  it('for the batch and one half only: not a pause; the rows are sorted out as usual', async () => {
    const q = await queueHarness({ sleep: 'advance', batchSize: 4 });
    // The whole batch and its left half are refused; after that RunSignup takes everything.
    await q.sim.faults.set(
      { type: 'rewrite', rewrite: () => mystery },
      { count: 2, path: /user-results/ },
    );
    commitTimes(q, 4, '00:41:00');
    q.flusher.start();
    await until(settled(q), 'the queue to be settled');
    expect(q.flusher.state().pausedReason).toBeNull();
    expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 0, sent: 4 });
  });
});

describe('the API caller registration refused (code 17)', () => {
  it('pauses the queue and keeps every row; sending resumes once it is accepted again', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    q.sim.control.revokeCallerRegistration();
    commitTimes(q, 3, '00:42:00');
    q.flusher.start();
    await until(() => q.flusher.state().pausedReason !== null, 'the queue to pause');
    expect(q.flusher.state().pausedReason).toContain('caller registration');
    expect(q.entries.summary()).toMatchObject({ waiting: 3, needsFix: 0, sent: 0 });
    expect(resultPosts(q.sim).map((r) => r.status)).toEqual([400]);

    q.sim.control.restoreCallerRegistration();
    q.flusher.resume();
    await until(settled(q), 'the rows to be sent');
    expect(q.entries.summary()).toMatchObject({ waiting: 0, needsFix: 0, sent: 3 });
  });
});

describe('elevation', () => {
  it('once the event requires elevation, rows without it park at once, without a request each', async () => {
    const required = new Set<number>();
    const q = await queueHarness({
      sleep: 'advance',
      batchSize: 8,
      elevation: {
        onElevationRequired: (eventId) => required.add(eventId),
        requiresElevation: (eventId) => required.has(eventId),
      },
    });
    q.store.commit(
      climbResults(q, 8, (i) => ({ tally: undefined, elevationMm: i < 6 ? null : 100_000 })),
      keyboard,
    );
    q.flusher.start();
    await until(settled(q), 'the queue to be settled');
    expect(required.has(CLIMB)).toBe(true);
    expect(q.entries.summary()).toMatchObject({ sent: 2, needsFix: 6 });
    const parked = q.entries.list({ states: ['needs_fix'] }).entries;
    expect(
      parked.filter((e) => /elevation_gain_in_mm is required/.test(e.lastError ?? '')),
    ).toHaveLength(1);
    expect(
      parked.filter((e) => /Elevation gain is required for this event/.test(e.lastError ?? '')),
    ).toHaveLength(5);
    // The whole batch, its left half, its left quarter, the first row; then the good rows.
    expect(resultPosts(q.sim)).toHaveLength(5);
  });

  it('a refusal for missing elevation parks that row alone, with RunSignup’s words', async () => {
    const q = await queueHarness({ sleep: 'advance' });
    const climbers = climbResults(q, 2, (i) => ({
      tally: undefined,
      elevationMm: i === 0 ? null : 120_000,
    }));
    q.store.commit(climbers, keyboard);
    q.flusher.start();
    await until(settled(q), 'the queue to be settled');
    const parked = q.entries.list({ states: ['needs_fix'] }).entries;
    expect(parked).toHaveLength(1);
    expect(parked[0]?.registrationId).toBe(climbers[0]?.registrationId);
    expect(parked[0]?.lastError).toMatch(/elevation_gain_in_mm is required/);
    expect(q.entries.summary()).toMatchObject({ sent: 1, needsFix: 1 });
  });
});
