/** parseResultTable under generated input (fast-check), and the regressions fuzzing found. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries';
import type { RawRow, RowField } from '../../../main/results/import';
import { parseResultTable } from '../../../main/results/import';

describe('parseResultTable: properties', () => {
  const csvish = fc.string({
    unit: fc.constantFrom(...'bib time,;\t"\n\r 0123456789:.-tallyREG#\uFEFF\u0000'.split('')),
    maxLength: 200,
  });

  it('never throws; gives rows or one non-empty error', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, csvish), (text) => {
        const table = parseResultTable(text);
        if (table.error !== undefined) {
          expect(table.error.length).toBeGreaterThan(10);
          expect(table.rows).toEqual([]);
          return;
        }
        expect(table.rows.length).toBeGreaterThan(0);
        let previous = 0;
        for (const row of table.rows) {
          expect(Number.isInteger(row.line) && row.line > previous).toBe(true);
          previous = row.line;
        }
      }),
      { numRuns: 300 },
    );
  });

  const HEADER_SPELLINGS: Record<RowField, string[]> = {
    bib: ['bib', 'Bib', 'BIB NUM', 'bib_num', 'Bib Number', 'Bib #', 'number'],
    registrationId: ['registration_id', 'Registration ID', 'reg id', 'Reg', 'REG_ID'],
    clockTime: ['clock_time', 'Time', 'Clock Time', 'finish time', 'Result'],
    tally: ['tally', 'Tally Value', 'distance', 'Miles', 'km', 'count'],
    elevation: [
      'elevation',
      'Elevation Gain',
      'elevation gain (mm)',
      'elevation_gain_in_mm',
      'gain',
    ],
  };
  const digits = fc.integer({ min: 0, max: 999_999 }).map(String);
  const time = fc.oneof(
    fc.constantFrom('17:00', '1:02:03.4', '00:17:00.1', '17:00,1', 'DNF', 'dq', '999:59:59'),
    fc
      .integer({ min: 0, max: 3_599_999 })
      .map(
        (s) =>
          `${Math.floor(s / 60_000)}:${String(Math.floor(s / 1000) % 60).padStart(2, '0')}.${s % 10}`,
      ),
  );
  const tally = fc.constantFrom('1.75', '1,75', '12', '0', '.5');
  const valueFor: Record<RowField, fc.Arbitrary<string>> = {
    bib: digits,
    registrationId: digits,
    clockTime: time,
    tally,
    elevation: digits,
  };
  const freeText = fc.string({
    unit: fc.constantFrom(...'ab ,;\t"\nZé'.split('')),
    maxLength: 12,
  });

  interface Spec {
    fields: RowField[];
    headers: string[];
    withName: boolean;
    rows: { values: string[]; name: string; blankBefore: string | null }[];
  }

  const headedSpec: fc.Arbitrary<Spec> = fc
    .record({
      id: fc.subarray<RowField>(['bib', 'registrationId'], { minLength: 1 }),
      extra: fc.subarray<RowField>(['tally', 'elevation']),
    })
    .chain(({ id, extra }) =>
      fc.shuffledSubarray([...id, 'clockTime', ...extra] as RowField[], {
        minLength: id.length + 1 + extra.length,
      }),
    )
    .chain((fields) =>
      fc.record({
        fields: fc.constant(fields),
        headers: fc.tuple(...fields.map((f) => fc.constantFrom(...HEADER_SPELLINGS[f]))),
        withName: fc.boolean(),
        rows: fc.array(
          fc.record({
            values: fc.tuple(
              ...fields.map((f) =>
                f === 'tally' || f === 'elevation'
                  ? fc.oneof(valueFor[f], fc.constant(''))
                  : valueFor[f],
              ),
            ),
            name: freeText,
            blankBefore: fc.option(fc.constantFrom('', '   ', '\t')),
          }),
          { minLength: 1, maxLength: 8 },
        ),
      }),
    );

  const positionalSpec: fc.Arbitrary<Spec> = fc.integer({ min: 2, max: 4 }).chain((width) => {
    const fields = (['bib', 'clockTime', 'tally', 'elevation'] as RowField[]).slice(0, width);
    return fc.record({
      fields: fc.constant(fields),
      headers: fc.constant([]),
      withName: fc.constant(false),
      rows: fc.array(
        fc.record({
          values: fc.tuple(...fields.map((f) => valueFor[f])),
          name: fc.constant(''),
          blankBefore: fc.option(fc.constantFrom('', '  ')),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    });
  });

  const layout = fc.record({
    separator: fc.constantFrom('\t', ';', ','),
    newline: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    quoting: fc.constantFrom('none', 'all', 'random'),
    quoteSeeds: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    padding: fc.boolean(),
    trailingNewline: fc.boolean(),
  });

  it('a generated table parses back to the same rows', () => {
    fc.assert(
      fc.property(fc.oneof(headedSpec, positionalSpec), layout, (spec, lay) => {
        let seed = 0;
        const cell = (value: string): string => {
          const mustQuote = /[\n\r"]/.test(value) || value.includes(lay.separator);
          const quote =
            mustQuote ||
            lay.quoting === 'all' ||
            (lay.quoting === 'random' && lay.quoteSeeds[seed++ % 64] === true);
          if (quote) return `"${value.replace(/"/g, '""')}"`;
          return lay.padding && value !== '' ? ` ${value} ` : value;
        };
        const lines: string[] = [];
        const expected: RawRow[] = [];
        let line = 1;
        const push = (text: string) => {
          lines.push(text);
          line += 1 + (text.match(/\n/g)?.length ?? 0);
        };
        const headed = spec.headers.length > 0;
        if (headed)
          push([...spec.headers, ...(spec.withName ? ['Name'] : [])].map(cell).join(lay.separator));
        for (const row of spec.rows) {
          if (row.blankBefore !== null) push(row.blankBefore);
          const raw: RawRow = { line };
          spec.fields.forEach((field, i) => {
            raw[field] = row.values[i] ?? '';
          });
          expected.push(raw);
          const cells = [...row.values, ...(spec.withName ? [row.name] : [])];
          push(cells.map(cell).join(lay.separator));
        }
        const text =
          (lay.bom ? '\uFEFF' : '') +
          lines.join('\n').replace(/\n/g, lay.newline) +
          (lay.trailingNewline ? lay.newline : '');

        const table = parseResultTable(text);
        expect(table.error).toBeUndefined();
        expect(table.headerDetected).toBe(headed);
        expect(table.rows).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseResultTable: regressions found by fuzzing', () => {
  it('does not take a tab inside a quoted cell for the separator', () => {
    const table = parseResultTable('"tally";registration_id;clock_time;Name\n1.75;0;17:00;"\t\n"');
    expect(table.error).toBeUndefined();
    expect(table.rows).toEqual([
      { line: 2, tally: '1.75', registrationId: '0', clockTime: '17:00' },
    ]);
  });
});
