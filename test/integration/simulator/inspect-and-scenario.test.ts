import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import type { Simulator } from '../../../main/simulator/index';
import { startSimulator } from '../../../main/simulator/index';
import { get, getCheckins, postJsonResults } from './sim-requests';

const START = Date.UTC(2026, 10, 22, 12, 0, 0);

async function withSim<T>(
  opts: Parameters<typeof startSimulator>[0],
  run: (sim: Simulator) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator(opts);
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

/** Everything a client could learn from one simulator after the same script of changes. */
async function transcript(seed: number): Promise<string[]> {
  return withSim(
    { seed, clock: new ManualClock(START), scenario: { participants: 250 } },
    async (sim) => {
      const events = sim.inspect
        .events()
        .map((e) => e.eventId)
        .join(',');
      sim.control.checkInBurst(40, 1795000000);
      sim.control.addParticipants(5);
      const first = sim.inspect.participants()[0];
      if (first)
        sim.control.transferParticipant(
          first.registration_id,
          sim.inspect.events()[1]?.eventId ?? 0,
        );
      return [
        (await get(sim, `/race/${sim.raceId}`, { format: 'json' })).text,
        (
          await get(sim, `/race/${sim.raceId}/participants`, {
            format: 'json',
            event_id: events,
            results_per_page: 2500,
          })
        ).text,
        (await get(sim, `/race/${sim.raceId}/removed-participants`, { format: 'json' })).text,
        (await getCheckins(sim, { race_id: sim.raceId, num: 1250 })).text,
        JSON.stringify(sim.credentials),
      ];
    },
  );
}

describe('determinism', () => {
  it('the same seed, clock and script give byte-identical answers', async () => {
    expect(await transcript(42)).toEqual(await transcript(42));
  });

  it('the clock moves times only: ids, names and bibs depend on the seed alone', async () => {
    const roster = async (startMs: number) =>
      withSim(
        { seed: 8, clock: new ManualClock(startMs), scenario: { participants: 100 } },
        async (sim) =>
          sim.inspect
            .participants()
            .map((p) => [
              p.registration_id,
              p.user.first_name,
              p.user.last_name,
              p.bib_num,
              p.event_id,
            ]),
      );
    expect(await roster(START)).toEqual(await roster(START + 37 * 86_400_000));
  });

  it('another seed gives another race', async () => {
    const [a, b] = [await transcript(42), await transcript(43)];
    expect(a[1]).not.toEqual(b[1]);
    expect(a[3]).not.toEqual(b[3]);
  });
});

describe('scenario data', () => {
  it('50,000 registrations with unique ids and bibs, a few without a bib, spread over every event', async () => {
    await withSim({ seed: 1, scenario: { participants: 50_000 } }, async (sim) => {
      const all = sim.inspect.participants();
      expect(all).toHaveLength(50_000);
      expect(new Set(all.map((p) => p.registration_id)).size).toBe(50_000);
      const bibs = all.map((p) => p.bib_num).filter((b): b is number => b !== null);
      expect(new Set(bibs).size).toBe(bibs.length);
      expect(bibs.length).toBeLessThan(50_000);
      expect(bibs.length).toBeGreaterThan(49_000);
      for (const e of sim.inspect.events())
        expect(sim.inspect.participants(e.eventId).length).toBeGreaterThan(1000);
      expect(all.some((p) => /[^\x20-\x7e]/.test(p.user.first_name + p.user.last_name))).toBe(true);
      expect(all.some((p) => p.team_name !== null)).toBe(true);
      expect(all.some((p) => p.team_name === null)).toBe(true);
    });
  });

  it('custom events and race id are honoured', async () => {
    await withSim(
      {
        scenario: {
          raceId: 123,
          raceName: 'Hill Climb',
          participants: 30,
          events: [
            {
              eventId: 9,
              name: 'Virtual Hill',
              eventType: 'virtual_challenge',
              allowElevation: true,
            },
          ],
        },
      },
      async (sim) => {
        expect(sim.raceId).toBe(123);
        const r = JSON.parse((await get(sim, '/race/123', { format: 'json' })).text) as {
          race: { name: string; events: unknown[] };
        };
        expect(r.race.name).toBe('Hill Climb');
        expect(r.race.events).toEqual([
          expect.objectContaining({
            event_id: 9,
            event_type: 'virtual_challenge',
          }),
        ]);
        expect(sim.inspect.participants(9)).toHaveLength(30);
      },
    );
  });
});

describe('inspection', () => {
  it('results carry their set, receipt time and a version per post', async () => {
    const clock = new ManualClock(START);
    await withSim({ seed: 2, clock, scenario: { participants: 200 } }, async (sim) => {
      const event = sim.inspect.events().find((e) => e.eventType === 'virtual_race');
      const [a, b] = sim.inspect.participants(event?.eventId);
      await postJsonResults(sim, event?.eventId ?? 0, [
        { registration_id: a?.registration_id, clock_time: '00:20:00.0', tally_value: 1 },
      ]);
      clock.advance(5000);
      await postJsonResults(sim, event?.eventId ?? 0, [
        { registration_id: b?.registration_id, clock_time: '00:21:00.0' },
      ]);
      const results = sim.inspect.results(event?.eventId);
      const [set] = sim.inspect.resultSets(event?.eventId ?? 0);
      expect(results).toEqual([
        expect.objectContaining({
          registration_id: a?.registration_id,
          bib_num: a?.bib_num,
          clock_time: '00:20:00.0',
          tally_value: 1,
          individual_result_set_id: set?.individual_result_set_id,
          results_received_ts: START / 1000,
          submitted_time_in_ms: 1200000,
          version: 1,
        }),
        expect.objectContaining({
          registration_id: b?.registration_id,
          results_received_ts: START / 1000 + 5,
          version: 2,
        }),
      ]);
      expect(sim.inspect.results()).toHaveLength(2);
    });
  });

  it('the request log keeps method, path, redacted query, status and auth form, and no secret anywhere', async () => {
    await withSim({ seed: 3, scenario: { participants: 20 } }, async (sim) => {
      await get(sim, `/race/${sim.raceId}`, { format: 'json' }, { auth: 'v1' });
      await getCheckins(sim, { race_id: sim.raceId }, { auth: 'v2' });
      await get(sim, '/v2/auth-info/entity-info.json', {}, { auth: 'oauth' });
      await getCheckins(sim, { race_id: sim.raceId, num: 5000 }, { auth: 'v2' });
      const log = sim.inspect.requests();
      expect(log.map((e) => [e.method, e.path, e.status, e.auth])).toEqual([
        ['GET', `/rest/race/${sim.raceId}`, 200, 'v1'],
        ['GET', '/rest/v2/participants/checkin-timestamps.json', 200, 'v2'],
        ['GET', '/rest/v2/auth-info/entity-info.json', 200, 'oauth'],
        ['GET', '/rest/v2/participants/checkin-timestamps.json', 400, 'v2'],
      ]);
      // The caller registration id is no secret (it identifies the app); its secret is a header.
      const rsu_api_reg = sim.callerRegistration.regId;
      expect(log[0]?.query).toEqual({
        api_key: '[REDACTED]',
        api_secret: '[REDACTED]',
        format: 'json',
        rsu_api_reg,
      });
      expect(log[1]?.query).toEqual({
        rsu_api_key: '[REDACTED]',
        race_id: String(sim.raceId),
        rsu_api_reg,
      });
      const text = JSON.stringify(log);
      for (const secret of [
        sim.credentials.v1.apiKey,
        sim.credentials.v1.apiSecret,
        sim.credentials.v2.apiKey,
        sim.credentials.v2.apiSecret,
        sim.credentials.oauth.accessToken,
        sim.callerRegistration.secret,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(log.every((e) => typeof e.ms === 'number' && !e.path.includes('?'))).toBe(true);
      sim.inspect.clearRequests();
      expect(sim.inspect.requests()).toEqual([]);
    });
  });

  it('inspection returns copies', async () => {
    await withSim({ seed: 4, scenario: { participants: 10 } }, async (sim) => {
      const p = sim.inspect.participants()[0];
      if (!p) throw new Error('empty roster');
      p.user.first_name = 'Changed';
      expect(sim.inspect.participants()[0]?.user.first_name).not.toBe('Changed');
    });
  });
});

describe('live check-ins', () => {
  it('keep coming along the clock while started, and stop when stopped', async () => {
    const clock = new ManualClock(START);
    await withSim({ seed: 6, clock, scenario: { participants: 500 } }, async (sim) => {
      sim.control.startLive({ checkinsPerMinute: 60, clock, tickMs: 5, lateUploadsPerMinute: 0 });
      clock.advance(10 * 60_000);
      await vi.waitFor(() => expect(sim.inspect.checkins().length).toBeGreaterThan(50), {
        timeout: 2000,
        interval: 5,
      });
      sim.control.stopLive();
      const rows = sim.inspect.checkins();
      expect(
        rows.every((r) => r.checkin_ts > START / 1000 && r.checkin_ts <= START / 1000 + 600),
      ).toBe(true);
      const inPerson = new Set(
        sim.inspect
          .events()
          .filter((e) => e.eventType === 'running_race')
          .map((e) => e.eventId),
      );
      const byId = new Map(sim.inspect.participants().map((p) => [p.registration_id, p]));
      expect(rows.every((r) => inPerson.has(byId.get(r.registration_id)?.event_id ?? 0))).toBe(
        true,
      );
      clock.advance(10 * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(sim.inspect.checkins()).toHaveLength(rows.length);
    });
  });
});
