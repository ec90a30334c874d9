/**
 * Reading what RunSignup really sends (docs/RUNSIGNUP.md §7): absent keys read as null,
 * unknown keys are ignored, a row without what identifies it is skipped and described, never
 * failing its page. Fixtures: test/fixtures/real-shaped-answers.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  toCheckIns,
  toParticipants,
  toRace,
  toReceipts,
  toRemovedParticipants,
  toResultSets,
} from '../../../main/runsignup/normalise';
import type { UnreadableRow } from '../../../main/runsignup/row-reading';
import { UnreadableRowTally } from '../../../main/runsignup/row-reading';
import {
  checkinsResponseSchema,
  participantsResponseSchema,
  raceResponseSchema,
  removedParticipantsResponseSchema,
  resultSetsResponseSchema,
  userResultsResponseSchema,
} from '../../../main/runsignup/schemas';
import { participant } from '../../support/participant';

const fixtures = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../fixtures/real-shaped-answers.json'), 'utf8'),
) as Record<string, unknown>;

describe('GET race', () => {
  const skipped: UnreadableRow[] = [];
  const race = toRace(raceResponseSchema.parse(fixtures.race), skipped);

  it('reads events with keys left out; "allow_elevation_gain" and "uses_tally" are not read', () => {
    expect(race.timezone).toBeNull();
    expect(race.events.map((e) => e.eventId)).toEqual([661702, 661704]);
    expect(race.events[0]).toMatchObject({ name: '24 hr', eventType: null, isVirtual: false });
    expect(race.events[1]).toEqual({
      eventId: 661704,
      name: 'Virtual 5K',
      startTime: expect.anything(),
      endTime: null,
      eventType: 'virtual_race',
      isVirtual: true,
    });
  });

  it('skips the event without an id and says so', () => {
    expect(skipped).toEqual([
      { source: 'events', problems: ['event_id missing'], fingerprint: expect.any(String) },
    ]);
  });
});

describe('participants', () => {
  const skipped: UnreadableRow[] = [];
  const people = toParticipants(participantsResponseSchema.parse(fixtures.participants), skipped);
  const byId = new Map(people.map((p) => [p.registrationId, p]));

  it('reads a full row, ignoring fees, transactions and other keys it does not use', () => {
    expect(byId.get(3210)).toMatchObject({
      eventId: 661702,
      bib: 12,
      chipNum: 'A12',
      firstName: 'Zoë',
      lastName: 'Ågren',
      age: 64,
      team: 'Run Club',
      lastModified: 1631042122,
    });
  });

  it('a key that is absent reads exactly like null (chip_num, team_name, registration_date, user parts)', () => {
    expect(byId.get(3211)).toEqual(
      participant({
        registrationId: 3211,
        eventId: 661702,
        userId: 1002,
        bib: 13,
        firstName: 'Sam',
        lastName: 'Lee',
      }),
    );
    // No user at all: still a participant, without a name.
    expect(byId.get(3212)).toMatchObject({ firstName: '', lastName: '', userId: null, age: null });
  });

  it('a row takes its group’s event, or names its own; with neither it cannot be placed', () => {
    expect(byId.get(3300)?.eventId).toBe(661704);
    expect(byId.has(3301)).toBe(false);
  });

  it('skips rows without a readable registration_id, saying what was missing, and keeps the page', () => {
    expect(people.map((p) => p.registrationId).sort()).toEqual([3210, 3211, 3212, 3300]);
    expect(skipped.map((s) => [s.source, s.problems])).toEqual([
      ['participants', ['registration_id missing']],
      ['participants', ['registration_id unreadable']],
      ['participants', ['not an object (string)']],
      ['participants', ['event_id missing']],
    ]);
  });
});

describe('removed participants', () => {
  it('reads the documented reasons; a row without registration_id is skipped', () => {
    const skipped: UnreadableRow[] = [];
    const removed = toRemovedParticipants(
      removedParticipantsResponseSchema.parse(fixtures.removedParticipants),
      skipped,
    );
    expect(removed).toEqual([
      {
        registrationId: 3400,
        eventId: 661702,
        reason: 'transferred',
        newRegistrationId: 3401,
        lastModifiedTs: 1730000000,
      },
      {
        registrationId: 3402,
        eventId: 661702,
        reason: 'deferred',
        newRegistrationId: null,
        lastModifiedTs: null,
      },
    ]);
    expect(skipped.map((s) => s.problems)).toEqual([['registration_id missing']]);
  });
});

describe('check-ins', () => {
  it('a check-in without checkin_ts (or without registration_id) is skipped, the rest read', () => {
    const skipped: UnreadableRow[] = [];
    const checkins = toCheckIns(checkinsResponseSchema.parse(fixtures.checkins), skipped);
    expect(checkins).toEqual([
      { registrationId: 3210, checkinTs: 1730113200 },
      { registrationId: 3211, checkinTs: 1730113260 },
    ]);
    expect(skipped.map((s) => s.problems)).toEqual([
      ['checkin_ts missing'],
      ['registration_id missing'],
    ]);
  });
});

describe('result sets', () => {
  it('reads sets with their name left out; a set without an id is skipped', () => {
    const skipped: UnreadableRow[] = [];
    const sets = toResultSets(resultSetsResponseSchema.parse(fixtures.resultSets), skipped);
    expect(sets).toEqual([
      { resultSetId: 17030, name: 'Virtual 5K Results' },
      { resultSetId: 17031, name: null },
    ]);
    expect(skipped).toHaveLength(1);
  });
});

describe('user-results answers', () => {
  it('the seed’s XML example as JSON (no elevation_gain_in_mm, no result_approval_ts) is a receipt', () => {
    const skipped: UnreadableRow[] = [];
    const receipts = toReceipts(
      userResultsResponseSchema.parse(fixtures.userResultsFromXmlExample),
      skipped,
    );
    expect(receipts).toEqual([
      {
        registrationId: 2645519,
        bib: 1,
        resultsReceivedTs: 1586572952,
        resultSetId: 895,
        submittedTimeMs: 1020500,
        elevationMm: null,
        approvalTs: null,
      },
    ]);
    expect(skipped.map((s) => [s.source, s.problems])).toEqual([
      ['result receipts', ['registration_id missing']],
    ]);
  });

  it('any JSON answer without an error reads (as no receipts) rather than failing', () => {
    for (const body of [{}, [], 'ok', null, { virtual_results: 'stored' }, { errors: 'none' }]) {
      const raw = userResultsResponseSchema.parse(body);
      expect(toReceipts(raw)).toEqual([]);
    }
  });
});

describe('UnreadableRowTally', () => {
  it('counts each unreadable row once, however often it is read again (polls repeat)', () => {
    const tally = new UnreadableRowTally();
    const read = () => {
      const skipped: UnreadableRow[] = [];
      toCheckIns(checkinsResponseSchema.parse(fixtures.checkins), skipped);
      return skipped;
    };
    expect(tally.add(read())).toBe(true);
    expect(tally.add(read())).toBe(false);
    expect(tally.count).toBe(2);
    const people: UnreadableRow[] = [];
    toParticipants(participantsResponseSchema.parse(fixtures.participants), people);
    tally.add(people);
    expect(tally.count).toBe(6);
    expect(tally.bySource()).toEqual({ 'check-ins': 2, participants: 4 });
  });
});
