import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import type { CheckinPage } from './sim-requests';
import { getCheckins } from './sim-requests';

const clock = new ManualClock(Date.UTC(2026, 10, 22, 12, 0, 0));
const NOW = Math.floor(clock.now() / 1000);
let sim: Simulator;

async function page(params: Record<string, number>): Promise<CheckinPage['checkin_timestamps']> {
  const r = await getCheckins(sim, { race_id: sim.raceId, ...params });
  expect(r.status).toBe(200);
  return (r.body as CheckinPage).checkin_timestamps;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, clock, scenario: { participants: 3000 } });
});
afterAll(() => sim.close());

describe('checkin-timestamps', () => {
  it('starts empty by default and defaults to 100 per page', async () => {
    expect(await page({})).toEqual([]);
    const ids = sim.inspect
      .participants()
      .slice(0, 150)
      .map((p) => p.registration_id);
    sim.control.checkIn(ids, NOW - 1000);
    expect(await page({})).toHaveLength(100);
    expect(await page({ page: 2 })).toHaveLength(50);
    expect(await page({ page: 3 })).toEqual([]);
  });

  it('orders by checkin_ts then registration_id', async () => {
    const ids = sim.inspect
      .participants()
      .slice(150, 160)
      .map((p) => p.registration_id);
    sim.control.checkIn(ids.slice(5), NOW - 2000);
    sim.control.checkIn(ids.slice(0, 5), NOW - 1500);
    const rows = await page({ num: 1250 });
    const sorted = [...rows].sort(
      (a, b) => a.checkin_ts - b.checkin_ts || a.registration_id - b.registration_id,
    );
    expect(rows).toEqual(sorted);
    expect(rows[0]?.checkin_ts).toBe(NOW - 2000);
    expect(rows).toEqual(sim.inspect.checkins());
  });

  it('bounds are inclusive on both sides', async () => {
    const rows = await page({ min_checkin_ts: NOW - 1500, max_checkin_ts: NOW - 1500 });
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.checkin_ts === NOW - 1500)).toBe(true);
    const range = await page({ min_checkin_ts: NOW - 2000, max_checkin_ts: NOW - 1000, num: 1250 });
    expect(range).toHaveLength(160);
    expect(await page({ min_checkin_ts: NOW - 1999, max_checkin_ts: NOW - 1001 })).toHaveLength(5);
  });

  it('a burst of more than 1,250 in one second needs more than one full page', async () => {
    const burstTs = NOW - 100;
    const burst = sim.control.checkInBurst(1300, burstTs);
    expect(burst).toHaveLength(1300);
    const first = await page({ min_checkin_ts: burstTs, max_checkin_ts: burstTs, num: 1250 });
    const second = await page({
      min_checkin_ts: burstTs,
      max_checkin_ts: burstTs,
      num: 1250,
      page: 2,
    });
    expect(first).toHaveLength(1250);
    expect(second).toHaveLength(50);
    expect(new Set([...first, ...second].map((r) => r.registration_id))).toEqual(new Set(burst));
  });

  it('num 1,251 is refused with 400; num 0 and page 0 too', async () => {
    const cases: Array<Record<string, number>> = [
      { num: 1251 },
      { num: 0 },
      { page: 0 },
      { min_checkin_ts: -5 },
    ];
    for (const params of cases) {
      const r = await getCheckins(sim, { race_id: sim.raceId, ...params });
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.body).toMatchObject({ error: expect.any(String), details: expect.any(Object) });
    }
  });

  it('a late upload with old timestamps shifts rows between pages', async () => {
    const before = await page({ num: 100, page: 2 });
    const late = sim.control.lateUpload(3, 5000);
    expect(late).toHaveLength(3);
    const lateRows = sim.inspect.checkins().filter((r) => late.includes(r.registration_id));
    expect(lateRows.every((r) => r.checkin_ts < NOW - 4000)).toBe(true);
    const after = await page({ num: 100, page: 2 });
    expect(after[0]).not.toEqual(before[0]);
    expect(after.slice(3)).toEqual(before.slice(0, 97));
  });

  it('checking in again moves the registration to its new time (one row per registration)', async () => {
    const id = sim.inspect.checkins()[0]?.registration_id ?? 0;
    sim.control.checkIn([id], NOW);
    const rows = sim.inspect.checkins().filter((r) => r.registration_id === id);
    expect(rows).toEqual([{ registration_id: id, checkin_ts: NOW }]);
    const latest = await page({ min_checkin_ts: NOW });
    expect(latest).toEqual([{ registration_id: id, checkin_ts: NOW }]);
  });

  it('a removed registration leaves the feed', async () => {
    const id = sim.inspect.checkins()[0]?.registration_id ?? 0;
    sim.control.removeParticipant(id, 'removed');
    const all = await page({ num: 1250, min_checkin_ts: 0 });
    expect(all.map((r) => r.registration_id)).not.toContain(id);
  });
});

describe('scenario check-ins', () => {
  it('checkedInFraction checks in that share of in-person registrations before now', async () => {
    const s = await startSimulator({
      seed: 9,
      clock,
      scenario: { participants: 400, checkedInFraction: 0.5 },
    });
    try {
      const inPerson = new Set(
        s.inspect
          .events()
          .filter((e) => e.eventType === 'running_race')
          .map((e) => e.eventId),
      );
      const eligible = s.inspect.participants().filter((p) => inPerson.has(p.event_id));
      const rows = s.inspect.checkins();
      expect(rows.length).toBe(Math.round(eligible.length * 0.5));
      const ids = new Set(eligible.map((p) => p.registration_id));
      expect(rows.every((r) => ids.has(r.registration_id) && r.checkin_ts <= NOW)).toBe(true);
    } finally {
      await s.close();
    }
  });
});
