import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/db/migrations';
import { nameIndexTuning } from '../../../main/roster/name-index';
import { nameKey } from '../../../main/roster/name-key';
import { RosterStore } from '../../../main/roster/roster-store';
import { participant } from '../../support/participant';

// The name index must answer exactly what the plain rule answers (the query, folded, starts a
// word of "first last" or "last first"; "last first" order) after any mix of first loads,
// renames, removals and clears, including changes made through another RosterStore on the db.
const WORDS = ['ann', 'anna', 'van der', 'o’brien', 'mary-kate', 'lee', 'le', 'zoë', 'ågren', 'a'];

const person = (id: number, first: string, last: string) =>
  participant({ registrationId: id, eventId: 1, bib: id, firstName: first, lastName: last });

type Step =
  | { kind: 'upsert'; people: Array<[number, string, string]> }
  | { kind: 'remove'; ids: number[] }
  | { kind: 'clear' }
  | { kind: 'search'; query: string };

const word = fc.constantFrom(...WORDS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('upsert' as const),
    people: fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), word, word), { maxLength: 30 }),
  }),
  fc.record({
    kind: fc.constant('remove' as const),
    ids: fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
  }),
  fc.constant({ kind: 'clear' as const }),
  fc.record({
    kind: fc.constant('search' as const),
    query: fc.oneof(word, fc.constantFrom('a', 'an', 'v', 'der', 'lee ann', 'o', 'z', 'x')),
  }),
);

/** The rule, applied to every stored runner one by one. */
function plainSearch(db: Database.Database, query: string): number[] {
  const key = nameKey(query);
  const rows = db
    .prepare('SELECT registration_id AS id, name_key, last_key FROM participants')
    .all() as Array<{ id: number; name_key: string; last_key: string }>;
  return rows
    .filter((r) => ` ${r.name_key}`.includes(` ${key}`) || ` ${r.last_key}`.includes(` ${key}`))
    .sort((a, b) => (a.last_key < b.last_key ? -1 : a.last_key > b.last_key ? 1 : a.id - b.id))
    .map((r) => r.id);
}

const defaults = { ...nameIndexTuning };
afterEach(() => Object.assign(nameIndexTuning, defaults));

describe('name index', () => {
  it.each([
    ['as tuned', defaults],
    [
      'rebuilding after 3 changes, walking the order above 2 matches',
      { rebuildAbove: 3, sortUpTo: 2 },
    ],
  ])('answers like the plain rule after any upserts, removals and clears (%s)', (_, tuning) => {
    Object.assign(nameIndexTuning, tuning);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const db = new Database(':memory:');
        migrate(db);
        const stores = [new RosterStore(db, 7), new RosterStore(db, 7)];
        let turn = 0;
        for (const s of steps) {
          const store = stores[turn++ % 2]!;
          if (s.kind === 'upsert')
            store.upsertParticipants(s.people.map(([id, f, l]) => person(id, f, l)));
          else if (s.kind === 'remove')
            store.applyRemovals(
              s.ids.map((id) => ({
                registrationId: id,
                eventId: 1,
                reason: 'refund',
                newRegistrationId: null,
                lastModifiedTs: null,
              })),
            );
          else if (s.kind === 'clear') store.clear();
          else {
            const expected = plainSearch(db, s.query);
            expect(store.searchByName(s.query, 5).map((p) => p.registrationId)).toEqual(
              expected.slice(0, 5),
            );
            expect(store.countByName(s.query)).toBe(expected.length);
          }
        }
        db.close();
      }),
      { numRuns: 200 },
    );
  });
});
