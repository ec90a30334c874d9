import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries';
import type { RawRow } from '../../../main/results/import';
import type {
  EventRules,
  RosterRef,
  ValidationContext,
  ValidatedRow,
} from '../../../main/results/validation';
import { validateBatch, validateOne } from '../../../main/results/validation';

const EVENT = 661702;
const OTHER_EVENT = 661703;

const ROSTER: RosterRef[] = [
  { registrationId: 3456, bib: 34, name: 'Jane Doe', eventId: EVENT },
  { registrationId: 3457, bib: 12, name: 'Sam Lee', eventId: EVENT },
  { registrationId: 3458, bib: null, name: 'Ana Díaz', eventId: EVENT },
  { registrationId: 4000, bib: 77, name: 'Max Roe', eventId: OTHER_EVENT },
];

function context(rules: Partial<EventRules> = {}): ValidationContext {
  return {
    event: { eventId: EVENT, elevationRequired: false, ...rules },
    findByBib: (bib) => ROSTER.find((r) => r.bib === bib) ?? null,
    findByRegistration: (id) => ROSTER.find((r) => r.registrationId === id) ?? null,
    eventName: (id) => (id === EVENT ? 'Virtual 5K' : id === OTHER_EVENT ? '10K' : null),
  };
}

function check(raw: Omit<RawRow, 'line'>, rules: Partial<EventRules> = {}): ValidatedRow {
  return validateOne({ line: 7, ...raw }, context(rules));
}

describe('validateOne: who the result is for', () => {
  it('a bib resolves to its registration', () => {
    expect(check({ bib: '34', clockTime: '17:00.1' })).toEqual({
      line: 7,
      status: 'valid',
      name: 'Jane Doe',
      errors: [],
      warnings: [],
      entry: {
        eventId: EVENT,
        registrationId: 3456,
        bib: 34,
        clockTime: '00:17:00.1',
        tally: undefined,
        elevationMm: null,
      },
    });
  });

  it('a registration id alone, with leading zeros and spaces', () => {
    const row = check({ registrationId: ' 003457 ', clockTime: '1:02:03' });
    expect(row.entry).toMatchObject({ registrationId: 3457, bib: 12, clockTime: '01:02:03' });
    expect(row.warnings).toEqual([]);
  });

  it('bib and registration agreeing: no warning', () => {
    const row = check({ bib: '34', registrationId: '3456', clockTime: '17:00' });
    expect(row.status).toBe('valid');
    expect(row.warnings).toEqual([]);
  });

  it('bib and registration disagreeing: registration wins, with a warning', () => {
    const row = check({ bib: '12', registrationId: '3456', clockTime: '17:00' });
    expect(row.entry).toMatchObject({ registrationId: 3456, bib: 34 });
    expect(row.name).toBe('Jane Doe');
    expect(row.warnings).toEqual(["Bib 12 belongs to Sam Lee; using registration 3456's bib 34."]);
  });

  it('registration wins over a bib that is unknown or not a number', () => {
    expect(check({ bib: '9999', registrationId: '3456', clockTime: '17:00' }).warnings).toEqual([
      "Bib 9999 is not in the roster; using registration 3456's bib 34.",
    ]);
    const odd = check({ bib: '12a', registrationId: '3456', clockTime: '17:00' });
    expect(odd.status).toBe('valid');
    expect(odd.warnings).toEqual([
      'Bib "12a" is not a whole number; using registration 3456\'s bib 34.',
    ]);
  });

  it('a registration without a bib keeps no bib', () => {
    const row = check({ bib: '34', registrationId: '3458', clockTime: '17:00' });
    expect(row.entry).toMatchObject({ registrationId: 3458, bib: null });
    expect(row.warnings[0]).toContain('no bib');
  });

  it.each(['12a', '12.0', '-3', '1e3', '#12'])('bib %j must be a whole number', (bib) => {
    const row = check({ bib, clockTime: '17:00' });
    expect(row.status).toBe('invalid');
    expect(row.entry).toBeUndefined();
    expect(row.errors).toEqual([`Bib must be a whole number (got "${bib}").`]);
  });

  it('unknown bib or registration', () => {
    expect(check({ bib: '9999', clockTime: '17:00' }).errors).toEqual([
      'Bib 9999 is not in the roster.',
    ]);
    expect(check({ registrationId: '1', clockTime: '17:00' }).errors).toEqual([
      'Registration 1 is not in the roster.',
    ]);
    expect(check({ registrationId: 'x1', bib: '34', clockTime: '17:00' }).errors).toEqual([
      'Registration id must be a whole number (got "x1").',
    ]);
  });

  it('a runner in another event is an error naming that event, and still named', () => {
    const byBib = check({ bib: '77', clockTime: '17:00' });
    expect(byBib.status).toBe('invalid');
    expect(byBib.name).toBe('Max Roe');
    expect(byBib.errors).toEqual(['Bib 77 (Max Roe) is registered in 10K, not in Virtual 5K.']);
    expect(check({ registrationId: '4000', clockTime: '17:00' }).errors[0]).toContain(
      'registered in 10K',
    );
  });

  it('neither bib nor registration', () => {
    expect(check({ clockTime: '17:00' }).errors).toEqual(['Enter a bib or a registration id.']);
    expect(check({ bib: ' ', registrationId: '', clockTime: '17:00' }).errors).toEqual([
      'Enter a bib or a registration id.',
    ]);
  });
});

describe('validateOne: time', () => {
  it('is normalised, and status codes pass', () => {
    expect(check({ bib: '34', clockTime: ' dnf ' }).entry?.clockTime).toBe('DNF');
    expect(check({ bib: '34', clockTime: '59:59.95' }).entry?.clockTime).toBe('01:00:00.0');
  });

  it('missing or malformed is an error from parseClockTime', () => {
    expect(check({ bib: '34' }).errors[0]).toMatch(/^Time is empty/);
    expect(check({ bib: '34', clockTime: '75:00' }).errors[0]).toContain(
      'Minutes must be under 60 (got 75)',
    );
  });

  it('zero is allowed with a warning', () => {
    const row = check({ bib: '34', clockTime: '0:00' });
    expect(row.status).toBe('valid');
    expect(row.warnings).toEqual(['Time is zero (00:00:00): check it.']);
  });

  it('reports every problem of a row at once', () => {
    const row = check({ bib: '9999', clockTime: 'x', tally: 'y' });
    expect(row.errors).toHaveLength(3);
  });
});

describe('validateOne: tally', () => {
  const tallyOf = (tally: string | undefined) =>
    check({ bib: '34', clockTime: '17:00', ...(tally === undefined ? {} : { tally }) });

  it.each<[string, number]>([
    ['1.75', 1.75],
    ['1,75', 1.75],
    ['1,5', 1.5],
    ['12', 12],
    ['0', 0],
    ['.5', 0.5],
    ['3.', 3],
    ['1,7500', 1.75],
  ])('%j → %d', (tally, value) => {
    const row = tallyOf(tally);
    expect(row.errors).toEqual([]);
    expect(row.entry?.tally).toBe(value);
  });

  it('absent leaves it unchanged; empty clears it, with a warning', () => {
    expect(tallyOf(undefined).entry).toHaveProperty('tally', undefined);
    const cleared = tallyOf('  ');
    expect(cleared.entry?.tally).toBeNull();
    expect(cleared.warnings).toEqual([
      'Tally is empty: this clears the tally already on RunSignup.',
    ]);
  });

  it.each([
    ['abc', 'must be a number'],
    ['1.2.3', 'must be a number'],
    ['1 000', 'must be a number'],
    ['-1', 'cannot be negative'],
    ['1,750', 'ambiguous: write 1750 or 1.750'],
    ['1,000,000', 'must be a number'],
    ['9'.repeat(400), 'must be a number'],
  ])('%j is refused (%s)', (tally, message) => {
    const row = tallyOf(tally);
    expect(row.status).toBe('invalid');
    expect(row.errors[0]).toContain(message);
  });

  it('is read for every event: RunSignup has no "uses tally" field, so what is typed is sent', () => {
    expect(check({ bib: '34', clockTime: '17:00', tally: '2.5' }).entry?.tally).toBe(2.5);
    expect(check({ bib: '34', clockTime: '17:00', tally: 'abc' }).status).toBe('invalid');
  });
});

describe('validateOne: elevation gain (mm)', () => {
  const elevationOf = (elevation: string | undefined) =>
    check(
      { bib: '34', clockTime: '17:00', ...(elevation === undefined ? {} : { elevation }) },
      { elevationRequired: true },
    );

  it('a whole number of millimetres', () => {
    expect(elevationOf('1200').entry?.elevationMm).toBe(1200);
    expect(elevationOf('0').entry?.elevationMm).toBe(0);
    expect(elevationOf('0').warnings).toEqual([]);
  });

  it('is required once the event is marked "elevation required"', () => {
    expect(elevationOf(undefined).errors).toEqual(['Elevation gain is required for this event.']);
    expect(elevationOf('').status).toBe('invalid');
  });

  it.each([
    ['12.5', 'whole number of millimetres'],
    ['1,200', 'without separators'],
    ['300m', 'whole number'],
    ['-5', 'cannot be negative'],
    ['9'.repeat(20), 'whole number'],
  ])('%j is refused (%s)', (elevation, message) => {
    expect(elevationOf(elevation).errors[0]).toContain(message);
  });

  it('a value under a metre is kept with a warning that it is probably metres', () => {
    const row = elevationOf('850');
    expect(row.entry?.elevationMm).toBe(850);
    expect(row.warnings).toEqual([
      'Elevation gain is in millimetres: 850 mm is only 0.85 m. For 850 m enter 850000.',
    ]);
  });

  it('is optional otherwise: what is typed is sent, nothing typed sends nothing', () => {
    const typed = check({ bib: '34', clockTime: '17:00', elevation: '1200' });
    expect(typed.entry?.elevationMm).toBe(1200);
    expect(typed.warnings).toEqual([]);
    const none = check({ bib: '34', clockTime: '17:00' });
    expect(none.status).toBe('valid');
    expect(none.entry?.elevationMm).toBeNull();
    expect(check({ bib: '34', clockTime: '17:00', elevation: 'abc' }).status).toBe('invalid');
  });
});

describe('validateBatch', () => {
  it('the last valid row for a registration wins; earlier ones are marked, not committed', () => {
    const batch = validateBatch(
      [
        { line: 2, bib: '34', clockTime: '17:00' },
        { line: 3, bib: '12', clockTime: '18:00' },
        { line: 4, registrationId: '3456', clockTime: '17:30' },
        { line: 5, bib: '34', clockTime: 'bad' },
      ],
      context(),
    );
    const [first, second, third, fourth] = batch.rows;
    expect(first).toMatchObject({ status: 'valid', supersededBy: 4 });
    expect(first?.warnings).toEqual([
      'Bib 34 (Jane Doe) appears again on line 4; that later row is used instead of this one.',
    ]);
    expect(second?.supersededBy).toBeUndefined();
    expect(third?.supersededBy).toBeUndefined();
    expect(fourth?.status).toBe('invalid');
    expect(batch.valid.map((e) => [e.registrationId, e.clockTime])).toEqual([
      [3457, '00:18:00'],
      [3456, '00:17:30'],
    ]);
    expect(batch).toMatchObject({ invalidCount: 1, warningCount: 1, supersededCount: 1 });
  });

  it('an empty batch', () => {
    expect(validateBatch([], context())).toEqual({
      rows: [],
      valid: [],
      invalidCount: 0,
      warningCount: 0,
      supersededCount: 0,
    });
  });

  const maybeText = fc.option(fc.oneof(anyText, fc.constantFrom('34', '12', '3456', '17:00', '')), {
    nil: undefined,
  });
  const anyRow = fc.record({
    line: fc.integer({ min: 1, max: 10_000 }),
    bib: maybeText,
    registrationId: maybeText,
    clockTime: maybeText,
    tally: maybeText,
    elevation: maybeText,
  });
  const anyRules = fc.record({ elevationRequired: fc.boolean() });

  it('never throws; every row is valid with an entry or invalid with clear errors', () => {
    fc.assert(
      fc.property(fc.array(anyRow, { maxLength: 10 }), anyRules, (rows, rules) => {
        const batch = validateBatch(rows, context(rules));
        expect(batch.rows).toHaveLength(rows.length);
        for (const row of batch.rows) {
          if (row.status === 'valid') {
            expect(row.errors).toEqual([]);
            expect(row.entry?.eventId).toBe(EVENT);
          } else {
            expect(row.entry).toBeUndefined();
            expect(row.errors.length).toBeGreaterThan(0);
          }
          for (const message of [...row.errors, ...row.warnings]) {
            expect(message.trim().length).toBeGreaterThan(10);
          }
        }
        const ids = batch.valid.map((e) => e.registrationId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(batch.invalidCount).toBe(batch.rows.filter((r) => r.status === 'invalid').length);
      }),
      { numRuns: 300 },
    );
  });

  const inEvent = ROSTER.filter((r) => r.eventId === EVENT);
  const goodRow = fc.record({
    runner: fc.constantFrom(...inEvent),
    by: fc.constantFrom('bib', 'registration', 'both'),
    minutes: fc.integer({ min: 0, max: 59 }),
    tally: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    elevation: fc.integer({ min: 1000, max: 10_000_000 }),
  });

  it('good rows are all valid and the commit list holds the last row per registration', () => {
    fc.assert(
      fc.property(fc.array(goodRow, { minLength: 1, maxLength: 12 }), (specs) => {
        const rows: RawRow[] = specs.map((s, i) => ({
          line: i + 2,
          ...(s.by !== 'registration' && s.runner.bib !== null
            ? { bib: String(s.runner.bib) }
            : {}),
          ...(s.by !== 'bib' || s.runner.bib === null
            ? { registrationId: String(s.runner.registrationId) }
            : {}),
          clockTime: `${s.minutes}:00`,
          ...(s.tally === undefined ? {} : { tally: String(s.tally) }),
          elevation: String(s.elevation),
        }));
        const batch = validateBatch(rows, context({ elevationRequired: true }));
        expect(batch.invalidCount).toBe(0);

        const last = new Map<number, number>();
        specs.forEach((s, i) => last.set(s.runner.registrationId, i));
        const expected = [...last.values()]
          .sort((a, b) => a - b)
          .map((i) => {
            const s = specs[i]!;
            return {
              eventId: EVENT,
              registrationId: s.runner.registrationId,
              bib: s.runner.bib,
              clockTime: `00:${String(s.minutes).padStart(2, '0')}:00`,
              tally: s.tally,
              elevationMm: s.elevation,
            };
          });
        expect(batch.valid).toEqual(expected);
        expect(batch.supersededCount).toBe(specs.length - last.size);
      }),
      { numRuns: 200 },
    );
  });
});
