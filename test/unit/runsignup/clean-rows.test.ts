import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanParticipant, cleanPlacedParticipant } from '../../../main/runsignup/clean-rows';
import { wireParticipantSchema, wireId } from '../../../main/runsignup/schemas';

// The plain reading of clean rows must give exactly what the schema gives, and hand every
// other row to the schema (which keeps the lenient rules and describes unreadable rows).
const placedSchema = wireParticipantSchema.extend({ event_id: wireId });

const value = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, '', ' 12 ', '12', 'x', 'T', true, 1.5, -3),
  fc.string(),
  fc.constant({}),
  fc.constant([]),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const user = fc.oneof(
  value,
  fc.record(
    {
      user_id: maybe(value),
      first_name: maybe(fc.oneof(fc.string(), value)),
      middle_name: maybe(value),
      last_name: maybe(fc.oneof(fc.string(), value)),
      dob: maybe(value),
      gender: maybe(value),
      email: maybe(fc.string()),
    },
    { requiredKeys: [] },
  ),
);
const text = fc.oneof(fc.string(), fc.constant(null));
const cleanRow = fc.record(
  {
    registration_id: fc.integer({ min: 1 }),
    event_id: fc.integer({ min: 1 }),
    bib_num: fc.oneof(fc.integer(), fc.constant(null)),
    age: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constant(null)),
    team_name: text,
    last_modified: fc.integer(),
    user: fc.record({ first_name: text, last_name: text, gender: text }, { requiredKeys: [] }),
  },
  { requiredKeys: ['registration_id'] },
);
const row = fc.oneof(
  cleanRow,
  value,
  fc.record(
    {
      registration_id: fc.oneof(fc.integer({ min: 1 }), value),
      event_id: fc.oneof(fc.integer({ min: 1 }), value),
      bib_num: fc.oneof(fc.integer(), value),
      chip_num: value,
      age: value,
      registration_date: fc.oneof(fc.constant('9/7/2021 15:15'), value),
      team_name: value,
      last_modified: fc.oneof(fc.integer(), value),
      user,
      extra: value,
    },
    { requiredKeys: [] },
  ),
);

describe('clean participant rows', () => {
  it.each([
    ['any group', cleanParticipant, wireParticipantSchema],
    ['a group without an event', cleanPlacedParticipant, placedSchema],
  ] as const)('read like the schema, or go to it (%s)', (_, clean, schema) => {
    let quick = 0;
    fc.assert(
      fc.property(row, (r) => {
        const got = clean(r);
        if (got === undefined) return;
        quick += 1;
        const parsed = schema.safeParse(r);
        expect(parsed.success).toBe(true);
        expect(got).toStrictEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
    expect(quick).toBeGreaterThan(0);
  });

  it('reads the usual clean row without the schema', () => {
    const r = {
      registration_id: 7,
      bib_num: 12,
      age: 30,
      last_modified: 1700000000,
      registration_date: '9/7/2021 15:15',
      team_name: null,
      user: { user_id: 3, first_name: 'Zoë', last_name: 'Ågren', gender: 'F' },
    };
    expect(cleanParticipant(r)).toStrictEqual(wireParticipantSchema.parse(r));
  });
});
