import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedDelta } from '../../../preload/api';
import { systemClock } from '../../../main/clock';
import { silentLogger } from '../../../main/logging';
import { RaceSession } from '../../../main/race-session';
import { RunSignupClient } from '../../../main/runsignup/client';
import { startSimulator } from '../../../main/simulator/index';
import type { Simulator } from '../../../main/simulator/index';
import { tempDatabase } from '../../support/temp-database';

// The local feed against the simulator's truth, through real HTTP and a real SQLite file.
describe('roster sync and the check-in feed', () => {
  let sim: Simulator;
  let session: RaceSession;
  let deltas: FeedDelta[];
  let online = true;

  beforeEach(async () => {
    sim = await startSimulator({
      seed: 21,
      scenario: { participants: 3000, checkedInFraction: 0.2 },
    });
    const db = tempDatabase('feed');
    const client = new RunSignupClient({
      baseUrl: sim.url,
      getCredentials: () => ({ kind: 'v2', ...sim.credentials.v2 }),
      getCallerRegistration: () => sim.callerRegistration,
      clock: systemClock,
      logger: silentLogger,
      userAgent: 'RaceDayKiosk/test',
      timeoutMs: 2000,
      retry: { attempts: 1, baseMs: 10, maxMs: 20 },
    });
    deltas = [];
    online = true;
    session = new RaceSession({
      db,
      raceId: sim.raceId,
      client,
      clock: systemClock,
      logger: silentLogger,
      isOnline: () => online,
      pollIntervalMs: () => 60_000,
      eventIds: () => [],
      emitFeed: (d) => deltas.push(d),
      statusChanged: () => {},
      connectivity: { onOnline: () => () => {} },
      deviceName: () => 'Test table',
      resultsChanged: () => {},
      timings: { reconcileEveryMs: 60 * 60_000 },
    });
    await session.rosterSync.syncNow();
    await session.poller.pollNow();
  });

  afterEach(async () => {
    await session.stop();
    await sim.close();
  });

  const localIds = () =>
    session.checkins
      .all()
      .map((c) => `${c.registrationId}@${c.checkinTs}`)
      .sort();
  const truthIds = () =>
    sim.inspect
      .checkins()
      .map((c) => `${c.registration_id}@${c.checkin_ts}`)
      .sort();
  const nowS = () => Math.floor(Date.now() / 1000);

  it('loads the whole roster and the check-ins', () => {
    expect(session.roster.count()).toBe(sim.inspect.participants().length);
    expect(localIds()).toEqual(truthIds());
    expect(session.feed().stats.checkedIn).toBe(sim.inspect.checkins().length);
  });

  it('stays equal through a burst of more than 1,250 check-ins in one second', async () => {
    const burst = sim.control.checkInBurst(1400, nowS());
    expect(burst).toHaveLength(1400);
    await session.poller.pollNow();
    expect(localIds()).toEqual(truthIds());
    expect(deltas.at(-1)!.rows.length).toBe(1400);
  });

  it('picks up late uploads with old timestamps at the next full reconciliation', async () => {
    sim.control.lateUpload(25, 3600);
    await session.poller.pollNow();
    // An incremental poll cannot see check-ins an hour old…
    session.sync.set('checkins.lastFullAt', 0);
    // …the periodic full reconciliation does.
    await session.poller.pollNow();
    expect(localIds()).toEqual(truthIds());
  });

  it('picks up late uploads up to 30 minutes old at the next recent-window re-read', async () => {
    // 30 minutes old when uploaded, and the re-read may come up to a minute later.
    sim.control.lateUpload(25, 30 * 60 + 55);
    // The re-read is not due: an incremental poll cannot see check-ins 28 minutes old…
    session.sync.set('checkins.lastRecentAt', Date.now());
    await session.poller.pollNow();
    expect(localIds()).not.toEqual(truthIds());
    // …the recent-window re-read does, well before the full reconciliation is due.
    session.sync.set('checkins.lastRecentAt', 0);
    await session.poller.pollNow();
    expect(localIds()).toEqual(truthIds());
  });

  it('takes removed and transferred runners off the roster, and fills in late registrations', async () => {
    const [a, b] = sim.inspect.participants();
    sim.control.removeParticipant(a!.registration_id, 'removed');
    const otherEvent = sim.inspect.events().find((e) => e.eventId !== b!.event_id)!.eventId;
    const moved = sim.control.transferParticipant(b!.registration_id, otherEvent);
    const [late] = sim.control.addParticipants(1);
    sim.control.checkIn([late!.registration_id], nowS());
    await session.poller.pollNow();
    // The check-in arrived before the roster knew the runner: shown as unknown…
    expect(
      session.checkins.feed([]).find((r) => r.registrationId === late!.registration_id)?.name,
    ).toBeNull();
    await session.rosterSync.syncNow();
    expect(session.roster.byRegistration(a!.registration_id)).toBeNull();
    expect(session.roster.byRegistration(b!.registration_id)).toBeNull();
    expect(session.roster.byRegistration(moved.registration_id)?.eventId).toBe(otherEvent);
    // …and filled in when the roster caught up.
    expect(
      session.checkins.feed([]).find((r) => r.registrationId === late!.registration_id)?.name,
    ).toBe(`${late!.user.first_name} ${late!.user.last_name}`);
    expect(session.roster.count()).toBe(sim.inspect.participants().length);
  });

  it('survives an outage in the middle of a poll and catches up afterwards', async () => {
    sim.control.checkInBurst(1300, nowS());
    await sim.faults.set({ type: 'reset' }, { count: 1, path: /checkin/ });
    await expect(session.poller.pollNow()).resolves.toBeUndefined();
    sim.control.checkInBurst(50, nowS());
    await session.poller.pollNow();
    expect(localIds()).toEqual(truthIds());
  });

  it('does not poll while offline, and catches up when back', async () => {
    online = false;
    sim.control.checkInBurst(30, nowS());
    await session.poller.pollNow();
    expect(localIds()).not.toEqual(truthIds());
    online = true;
    await session.poller.pollNow();
    expect(localIds()).toEqual(truthIds());
  });
});
