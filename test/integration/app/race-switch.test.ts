import { beforeAll, describe, expect, it } from 'vitest';
import type { FeedSnapshot } from '../../../preload/api';
import type { Kiosk } from '../../../main/app';
import { AppError } from '../../../main/app-error';
import type { Simulator } from '../../../main/simulator/index';
import { MemorySecretStore } from '../../doubles/memory-secret-store';
import { everyone, kioskInPractice, simulator } from '../../support/kiosk';

// Practice → race A → race B → race A: each shows only its own roster, check-ins and results.
describe('switching races', () => {
  let a: Simulator;
  let b: Simulator;
  let kiosk: Kiosk;

  beforeAll(async () => {
    // Two RunSignups, one app registration: not what this test is about, so no cut-off.
    a = await simulator({
      seed: 61,
      registrationRequiredFrom: '2100-01-01',
      scenario: { raceId: 1001, raceName: 'Race A', participants: 150, checkedInFraction: 0.5 },
    });
    b = await simulator({
      seed: 62,
      registrationRequiredFrom: '2100-01-01',
      scenario: { raceId: 2002, raceName: 'Race B', participants: 90, checkedInFraction: 0.2 },
    });
    ({ kiosk } = kioskInPractice(a, {
      secrets: new MemorySecretStore(),
      trustedBaseUrls: [a.url, b.url],
      practice: { participants: 300 },
    }));
    await kiosk.start();
  });
  /** The feed once the roster has `total` runners and (if given) `checkedIn` check-ins. */
  const loaded = async (total: number, checkedIn?: number) => {
    const done = (f: FeedSnapshot) =>
      everyone(f) === total && (checkedIn === undefined || f.stats.checkedIn === checkedIn);
    for (let i = 0; i < 200 && !done(await kiosk.api.getFeed()); i++)
      await new Promise((r) => setTimeout(r, 25));
    return kiosk.api.getFeed();
  };
  const use = async (sim: Simulator) => {
    await kiosk.api.updateSettings({ baseUrl: sim.url });
    await kiosk.api.connect({
      credentials: { kind: 'v2', ...sim.credentials.v2 },
      raceId: sim.raceId,
    });
    await kiosk.api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: true });
  };

  it('starts in practice, then shows race A only', async () => {
    expect((await kiosk.api.getStatus()).practice).toBe(true);
    expect(everyone(await loaded(300))).toBe(300);
    await use(a);
    const feed = await loaded(150, a.inspect.checkins().length);
    expect((await kiosk.api.getStatus()).race?.name).toBe('Race A');
    expect(feed.stats.checkedIn).toBe(a.inspect.checkins().length);
    expect(new Set(feed.rows.map((r) => r.registrationId))).toEqual(
      new Set(a.inspect.checkins().map((c) => c.registration_id)),
    );
  });

  it('switches to race B with none of race A in it', async () => {
    const event = (await kiosk.api.getResultEvents())[0]!;
    const runner = a.inspect.participants(event.eventId).find((p) => p.bib_num !== null)!;
    await kiosk.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      rows: [{ bib: String(runner.bib_num), clockTime: '0:40:00', elevation: '100' }],
      source: 'keyboard',
    });
    // While that result cannot reach RunSignup, switching asks first.
    await a.faults.set({ type: 'refused' });
    await kiosk.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      // The runner already has 0:40:00 queued: this row says to replace it.
      rows: [{ bib: String(runner.bib_num), clockTime: '0:39:00', replace: true }],
      source: 'keyboard',
    });
    await kiosk.api.updateSettings({ baseUrl: b.url });
    await kiosk.api.connect({ credentials: { kind: 'v2', ...b.credentials.v2 }, raceId: b.raceId });
    const refusal = await kiosk.api
      .selectRace({ raceId: b.raceId, eventIds: [], confirmUnsent: false })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).kind).toBe('unsent-results');
    expect((refusal as AppError).message).toMatch(/1 result has not been sent/);
    await use(b);
    await a.faults.clear();
    const feed = await loaded(90, b.inspect.checkins().length);
    expect((await kiosk.api.getStatus()).race?.name).toBe('Race B');
    expect(new Set(feed.rows.map((r) => r.registrationId))).toEqual(
      new Set(b.inspect.checkins().map((c) => c.registration_id)),
    );
    expect(
      (await kiosk.api.search(String(runner.bib_num))).hits.every(
        (h) => h.registrationId !== runner.registration_id,
      ),
    ).toBe(true);
    const entries = await kiosk.api.listEntries({
      view: 'queue',
      eventId: null,
      search: '',
      limit: 100,
      offset: 0,
    });
    expect(entries.total).toBe(0);
  });

  it('comes back to race A with its data, and sends the result it kept', async () => {
    await use(a);
    const feed = await loaded(150, a.inspect.checkins().length);
    expect(feed.stats.checkedIn).toBe(a.inspect.checkins().length);
    // Held until race A's result sets are known (they come with its roster), then sent.
    const unsent = async () => {
      const q = (await kiosk.api.getStatus()).queue;
      return q.waiting + q.held;
    };
    for (let i = 0; i < 200 && (await unsent()) > 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    const held = a.inspect.results();
    expect(held).toHaveLength(1);
    expect(held[0]!.clock_time).toBe('00:39:00');
  });
});
