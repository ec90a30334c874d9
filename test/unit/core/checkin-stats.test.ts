import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckinStore } from '../../../main/checkins/checkin-store';
import { migrate } from '../../../main/db/migrations';
import { RosterStore } from '../../../main/roster/roster-store';
import { participant } from '../../support/participant';

// Check-in counts are kept in memory and must stay equal to what the database says, worked out
// here by plain SQL, after any mix of polls, reconciles and roster changes (made through another
// RosterStore, as the roster sync does).
const RACE = 3;
const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;

function sqlStats(db: Database.Database, eventIds: number[]) {
  const events = db
    .prepare(
      `SELECT e.event_id AS eventId, e.is_virtual AS v,
         (SELECT COUNT(*) FROM participants p WHERE p.race_id = e.race_id AND p.event_id = e.event_id) AS total,
         (SELECT COUNT(*) FROM participants p JOIN checkins c ON c.race_id = p.race_id AND c.registration_id = p.registration_id
           WHERE p.race_id = e.race_id AND p.event_id = e.event_id) AS checkedIn
       FROM events e WHERE e.race_id = ? ORDER BY e.event_id`,
    )
    .all(RACE) as Array<{ eventId: number; v: number; total: number; checkedIn: number }>;
  const mine = events.filter((e) => eventIds.includes(e.eventId));
  const shown = mine.length ? mine : events;
  const inPerson = shown.some((e) => e.v === 0) ? shown.filter((e) => e.v === 0) : shown;
  const counted = JSON.stringify(inPerson.map((e) => e.eventId));
  const since = `FROM checkins c LEFT JOIN participants p ON p.race_id = c.race_id AND p.registration_id = c.registration_id
    WHERE c.race_id = @race AND c.checkin_ts > @after
      AND (p.registration_id IS NULL OR p.event_id IN (SELECT value FROM json_each(@counted)))`;
  const maxTs = db.prepare('SELECT MAX(checkin_ts) FROM checkins').pluck().get() as number | null;
  const after = Math.max(NOW_S, maxTs ?? NOW_S) - 24 * 3600;
  return {
    total: inPerson.reduce((n, e) => n + e.total, 0),
    checkedIn: inPerson.reduce((n, e) => n + e.checkedIn, 0),
    perEvent: shown.map((e) => [e.eventId, e.total, e.checkedIn]),
    buckets: db
      .prepare(
        `SELECT (c.checkin_ts / 600) * 600 AS start, COUNT(*) AS count ${since} GROUP BY start`,
      )
      .all({ race: RACE, after, counted }),
    lastQuarterHour: db
      .prepare(`SELECT COUNT(*) ${since}`)
      .pluck()
      .get({ race: RACE, after: NOW_S - 900, counted }),
    unknown: db
      .prepare(
        `SELECT COUNT(*) FROM checkins c LEFT JOIN participants p ON p.registration_id = c.registration_id
         WHERE p.registration_id IS NULL`,
      )
      .pluck()
      .get(),
  };
}

const person = (id: number, eventId: number) =>
  participant({ registrationId: id, eventId, bib: id, firstName: 'A', lastName: `B${id}` });

const id = fc.integer({ min: 1, max: 30 });
const ts = fc.integer({ min: NOW_S - 30 * 3600, max: NOW_S + 600 });
const step = fc.oneof(
  fc.record({
    kind: fc.constant('poll' as const),
    list: fc.array(fc.tuple(id, ts), { maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('reconcile' as const),
    list: fc.array(fc.tuple(id, ts), { maxLength: 20 }),
  }),
  fc.record({
    kind: fc.constant('roster' as const),
    list: fc.array(fc.tuple(id, fc.integer({ min: 1, max: 3 })), { maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('removal' as const), ids: fc.array(id, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('stats' as const), eventIds: fc.subarray([1, 2, 3, 9]) }),
);

describe('check-in stats', () => {
  it('stay equal to the database after polls, reconciles and roster changes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 20 }), (steps) => {
        const db = new Database(':memory:');
        migrate(db);
        new RosterStore(db, RACE).saveRace(
          {
            raceId: RACE,
            name: 'R',
            timezone: null,
            events: [1, 2, 3].map((eventId) => ({
              eventId,
              name: `E${eventId}`,
              eventType: null,
              isVirtual: eventId === 3,
              startTime: null,
              endTime: null,
            })),
          } as never,
          NOW_MS,
        );
        const checkins = new CheckinStore(db, RACE);
        const roster = new RosterStore(db, RACE);
        for (const s of steps) {
          if (s.kind === 'poll' || s.kind === 'reconcile') {
            const list = [...new Map(s.list).entries()].map(([registrationId, checkinTs]) => ({
              registrationId,
              checkinTs,
            }));
            if (s.kind === 'poll') checkins.merge(list, NOW_MS);
            else checkins.reconcile(list, NOW_MS);
          } else if (s.kind === 'roster') {
            roster.upsertParticipants(s.list.map(([r, e]) => person(r, e)));
          } else if (s.kind === 'removal') {
            roster.applyRemovals(
              s.ids.map((r) => ({
                registrationId: r,
                eventId: null,
                reason: null,
                newRegistrationId: null,
                lastModifiedTs: null,
              })),
            );
          } else {
            const got = checkins.stats(s.eventIds, NOW_MS);
            const want = sqlStats(db, s.eventIds);
            expect({
              total: got.total,
              checkedIn: got.checkedIn,
              perEvent: got.perEvent.map((e) => [e.eventId, e.total, e.checkedIn]),
              buckets: got.buckets.filter((b) => b.count > 0),
              lastQuarterHour: got.lastQuarterHour,
              unknown: got.unknown,
            }).toEqual(want);
          }
        }
        db.close();
      }),
      { numRuns: 300 },
    );
  });
});
