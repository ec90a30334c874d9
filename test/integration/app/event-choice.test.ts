/**
 * This year's events only (issue 10 point 4): RunSignup lists every event the race ever had and
 * bibs repeat across years. Through the app factory, real SQLite, real HTTP to a simulator that
 * lists last year's events (with reused bibs and last year's check-ins): by default the kiosk
 * uses this event day's events, and roster, feed, counts, bib lookup and Results use only the
 * chosen ones; Settings' choice moves all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import type { SimEvent, Simulator } from '../../../main/simulator/index';
import { everyone, kioskInPractice, simulator } from '../../support/kiosk';
import { until } from '../../support/until';

describe('the events in use', () => {
  let sim: Simulator;
  let kiosk: Kiosk;
  let thisYear: SimEvent[];
  let lastYear: SimEvent[];
  const ids = (events: SimEvent[]) => events.map((e) => e.eventId);
  const runnersOf = (events: SimEvent[]) =>
    new Set(
      events.flatMap((e) => sim.inspect.participants(e.eventId)).map((p) => p.registration_id),
    );

  beforeAll(async () => {
    sim = await simulator({
      seed: 83,
      omitOptionalKeys: true,
      scenario: { participants: 300, pastYears: 1, checkedInFraction: 0.3 },
    });
    thisYear = sim.inspect.events().filter((e) => e.year === 0);
    lastYear = sim.inspect.events().filter((e) => e.year === 1);
    ({ kiosk } = kioskInPractice(sim, {
      timings: { rosterIntervalMs: 300, reconcileEveryMs: 600_000 },
    }));
    await kiosk.start();
  });

  it("Check and connect lists every year's events and ticks only this event day's", async () => {
    const candidate = await kiosk.api.connect({
      credentials: { kind: 'v2', ...sim.credentials.v2 },
      raceId: sim.raceId,
    });
    expect(candidate.events.map((e) => e.eventId).sort()).toEqual(
      ids([...thisYear, ...lastYear]).sort(),
    );
    expect(candidate.defaultEventIds.sort()).toEqual(ids(thisYear).sort());
    expect(candidate.chosenEventIds.sort()).toEqual(ids(thisYear).sort());
    // Each event says when it starts (its day), so Settings can group them.
    const last5k = lastYear.find((e) => e.name === '5K')!;
    expect(candidate.events.find((e) => e.eventId === last5k.eventId)?.startTime).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
    );
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false });
    await until(kiosk.api.getStatus, (s) => s.roster?.phase === 'done', 'the roster');
  });

  it("roster, feed and counts hold this year's runners and check-ins only", async () => {
    const mine = runnersOf(thisYear);
    const checkedIn = sim.inspect.checkins().filter((c) => mine.has(c.registration_id));
    const feed = await until(
      kiosk.api.getFeed,
      (f) => f.stats.checkedIn === checkedIn.length,
      "this year's check-ins",
    );
    expect(everyone(feed)).toBe(mine.size);
    expect(feed.rows.every((r) => mine.has(r.registrationId))).toBe(true);
    expect(feed.rows.filter((r) => r.name === null)).toEqual([]);
    expect(feed.stats.perEvent.map((e) => e.eventId).sort()).toEqual(ids(thisYear).sort());
    expect(feed.stats.unknown).toBe(0);
    const race = (await kiosk.api.getRace())!;
    for (const e of race.events)
      if (lastYear.some((l) => l.eventId === e.eventId)) expect(e.participants).toBe(0);
    expect(race.chosenEventIds.sort()).toEqual(ids(thisYear).sort());
  });

  it("bib lookup finds this year's runner, never last year's with the same bib", async () => {
    const five = thisYear.find((e) => e.name === '5K')!;
    const runner = sim.inspect.participants(five.eventId).find((p) => p.bib_num !== null)!;
    const old = lastYear.find((e) => e.name === '5K')!;
    const oldRunner = sim.inspect
      .participants(old.eventId)
      .find((p) => p.bib_num === runner.bib_num);
    expect(oldRunner, 'the same bib last year').toBeDefined();
    const found = await kiosk.api.search(String(runner.bib_num));
    expect(found.matchedBy).toBe('bib');
    expect(found.hits.map((h) => h.registrationId)).toEqual([runner.registration_id]);
    const byName = await kiosk.api.search(oldRunner!.user.last_name);
    expect(byName.hits.some((h) => h.registrationId === oldRunner!.registration_id)).toBe(false);
  });

  it("Results offer this year's virtual events only, and a bib there is this year's runner", async () => {
    const events = await kiosk.api.getResultEvents();
    expect(events.map((e) => e.eventId).sort()).toEqual(
      ids(thisYear.filter((e) => e.eventType !== 'running_race')).sort(),
    );
    const v5k = thisYear.find((e) => e.name === 'Virtual 5K')!;
    const runner = sim.inspect.participants(v5k.eventId).find((p) => p.bib_num !== null)!;
    const check = await kiosk.api.checkRow({
      eventId: v5k.eventId,
      row: { bib: String(runner.bib_num), clockTime: '0:25:00' },
    });
    expect(check.status).toBe('valid');
    expect(check.registrationId).toBe(runner.registration_id);
  });

  it("choosing last year's 5K in Settings moves roster, feed and lookup to it", async () => {
    const old = lastYear.find((e) => e.name === '5K')!;
    await kiosk.api.updateSettings({ eventIds: [old.eventId] });
    const theirs = runnersOf([old]);
    const feed = await until(
      kiosk.api.getFeed,
      (f) =>
        everyone(f) === theirs.size &&
        f.rows.length > 0 &&
        f.rows.every((r) => theirs.has(r.registrationId)),
      "last year's roster and check-ins",
    );
    expect(feed.rows.every((r) => theirs.has(r.registrationId))).toBe(true);
    const runner = sim.inspect.participants(old.eventId)[3]!;
    const found = await kiosk.api.search(String(runner.bib_num));
    expect(found.hits.map((h) => h.registrationId)).toEqual([runner.registration_id]);
    expect(await kiosk.api.getResultEvents()).toEqual([]);

    // Back to the default: this year's again.
    await kiosk.api.updateSettings({ eventIds: [] });
    await until(
      kiosk.api.getFeed,
      (f) => everyone(f) === runnersOf(thisYear).size,
      "this year's roster again",
    );

    // One of this year's events only: the others' check-ins are known runners, just not shown.
    const five = thisYear.find((e) => e.name === '5K')!;
    await kiosk.api.updateSettings({ eventIds: [five.eventId] });
    const fives = runnersOf([five]);
    const only = await until(
      kiosk.api.getFeed,
      (f) => everyone(f) === fives.size && f.rows.every((r) => fives.has(r.registrationId)),
      'the 5K alone',
    );
    expect(only.stats.unknown).toBe(0);
    expect(only.rows.length).toBeGreaterThan(0);
  });
});
