import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { ManualClock } from '../../doubles/manual-clock';
import type { Participant } from '../../../main/runsignup/types';
import { credentialsFor, simClient } from './sim-client';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const isCheckinRequest = (url: URL) => url.pathname.endsWith('/checkin-timestamps.json');
const isParticipantsRequest = (url: URL) => url.pathname.endsWith('/participants');

describe('check-in paging', () => {
  it('reads more than 1,250 check-ins that share one second', async () => {
    const clock = new ManualClock();
    sim = await startSimulator({ seed: 11, clock, scenario: { participants: 1400 } });
    const nowTs = Math.floor(clock.now() / 1000);
    const early = sim.control.checkInBurst(20, nowTs - 5);
    const burst = sim.control.checkInBurst(1300, nowTs - 2);
    const late = sim.control.checkInBurst(10, nowTs);
    const c = simClient(sim, credentialsFor(sim, 'v2'), { clock });

    const { checkins } = await c.client.fetchCheckinsSince({
      raceId: sim.raceId,
      sinceTs: nowTs - 2,
    });
    const ids = checkins.map((x) => x.registrationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...burst, ...late].sort());
    expect(ids).not.toContain(early[0]);

    const pages = c.sent.map((r) => new URL(r.url)).filter(isCheckinRequest);
    expect(pages.map((u) => u.searchParams.get('max_checkin_ts'))).toEqual(
      pages.map(() => String(nowTs)),
    );
    expect(pages.every((u) => u.searchParams.get('num') === '1250')).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  it('stays complete while check-ins keep arriving between pages', async () => {
    const clock = new ManualClock();
    sim = await startSimulator({
      seed: 12,
      clock,
      scenario: { participants: 400, checkedInFraction: 0.4 },
    });
    const sinceTs = Math.floor(clock.now() / 1000) - 4 * 3600;
    const before = sim.inspect.checkins().filter((x) => x.checkin_ts >= sinceTs);
    expect(before.length).toBeGreaterThan(60);
    const s = sim;
    const c = simClient(s, credentialsFor(s, 'v1'), {
      clock,
      before: (url) => {
        if (!isCheckinRequest(url)) return;
        s.control.lateUpload(3, 600); // an offline device catching up: old timestamps in the window
        s.control.checkInBurst(4); // and new check-ins at "now"
      },
    });

    const { checkins } = await c.client.fetchCheckinsSince({ raceId: s.raceId, sinceTs, num: 25 });
    const ids = checkins.map((x) => x.registrationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of before) expect(ids).toContain(row.registration_id);
    // every row read is really there, at the time the simulator holds
    const truth = new Map(s.inspect.checkins().map((x) => [x.registration_id, x.checkin_ts]));
    for (const row of checkins) expect(truth.get(row.registrationId)).toBe(row.checkinTs);
    expect(c.sent.filter((r) => isCheckinRequest(new URL(r.url))).length).toBeGreaterThan(3);
  });
});

describe('participant paging', () => {
  it('reads every registration once while new ones arrive between pages', async () => {
    sim = await startSimulator({ seed: 13, scenario: { participants: 300 } });
    const s = sim;
    const eventIds = s.inspect.events().map((e) => e.eventId);
    const original = s.inspect.participants().map((p) => p.registration_id);
    const c = simClient(s, credentialsFor(s, 'oauth'), {
      before: (url) => {
        if (isParticipantsRequest(url)) s.control.addParticipants(6);
      },
    });

    const seen: Participant[] = [];
    const pages: number[] = [];
    for await (const page of c.client.participantPages({
      raceId: s.raceId,
      eventIds,
      perPage: 30,
    })) {
      seen.push(...page.participants);
      pages.push(page.page);
      if (page.done) expect(page.participants.length).toBeLessThan(30 * eventIds.length);
    }
    const ids = seen.map((p) => p.registrationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of original) expect(ids).toContain(id);
    expect(pages).toEqual(pages.map((_, i) => i + 1));
    const sorts = c.sent.map((r) => new URL(r.url).searchParams.get('sort'));
    expect(new Set(sorts)).toEqual(new Set(['registration_id ASC']));
  });
});
