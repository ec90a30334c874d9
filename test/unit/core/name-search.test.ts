import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/db/migrations';
import { RosterStore } from '../../../main/roster/roster-store';
import { participant } from '../../support/participant';

// The name-search rule: the typed text, folded like the names, starts a word of "first last" or
// of "last first". An in-memory SQLite with the real schema (the rule is one SQL condition).
const NAMES: Array<[string, string]> = [
  ['Sean', "O'Brien"],
  ['Kelly', 'O’Brien'],
  ["D'Andre", 'Jones'],
  ['Mary-Kate', 'Olsen'],
  ['María', 'García Márquez'],
  ['Ida', 'Øster'],
  ['Anna', 'Van der Berg'],
  ['Zoë', 'Ågren'],
  ['Tom', 'Smith'],
  ['Kathleen', 'Schmidt-Hartmann'],
  ['Bob', 'Marquette'],
];

let store: RosterStore;

const person = (i: number, first: string, last: string) =>
  participant({
    registrationId: 1000 + i,
    eventId: 1,
    bib: 100 + i,
    firstName: first,
    lastName: last,
    age: 30,
  });

const found = (q: string) => store.searchByName(q, 50).map((p) => `${p.firstName} ${p.lastName}`);

beforeAll(() => {
  const db = new Database(':memory:');
  migrate(db);
  store = new RosterStore(db, 7);
  store.upsertParticipants(NAMES.map(([f, l], i) => person(i, f, l)));
  store.upsertParticipants(
    Array.from({ length: 120 }, (_, i) => person(500 + i, `Runner${i}`, 'Lee')),
  );
});

describe('name search', () => {
  it.each([
    ['obrien', ["Sean O'Brien", 'Kelly O’Brien']],
    ["o'brien", ["Sean O'Brien", 'Kelly O’Brien']],
    ['dandre', ["D'Andre Jones"]],
    ['mary kate', ['Mary-Kate Olsen']],
    ['mary-kate', ['Mary-Kate Olsen']],
    ['marquez', ['María García Márquez']],
    ['garcia marquez', ['María García Márquez']],
    ['marquez maria', ['María García Márquez']],
    ['oster', ['Ida Øster']],
    ['van der', ['Anna Van der Berg']],
    ['berg', ['Anna Van der Berg']],
    ['zoe agr', ['Zoë Ågren']],
    ['smith tom', ['Tom Smith']],
    ['hartmann', ['Kathleen Schmidt-Hartmann']],
  ])('"%s" finds %j', (q, names) => {
    expect(found(q).sort()).toEqual([...names].sort());
  });

  it('matches only at the start of a word', () => {
    expect(found('rien')).toEqual([]);
    expect(found('arquez')).toEqual([]);
    expect(found('marq').sort()).toEqual(['Bob Marquette', 'María García Márquez']);
  });

  it('finds nothing for text that folds to nothing', () => {
    expect(found("'-")).toEqual([]);
    expect(store.countByName('  ')).toBe(0);
  });

  it('counts every match while returning at most the limit', () => {
    expect(store.searchByName('lee', 50)).toHaveLength(50);
    expect(store.countByName('lee')).toBe(120);
    expect(store.countByName('obrien')).toBe(2);
  });
});
