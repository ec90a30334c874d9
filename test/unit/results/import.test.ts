import { describe, expect, it } from 'vitest';
import type { RawRow, RowField } from '../../../main/results/import';
import { fieldForHeader, parseResultTable } from '../../../main/results/import';

function rowsOf(text: string): RawRow[] {
  const table = parseResultTable(text);
  expect(table.error).toBeUndefined();
  return table.rows;
}

function errorOf(text: string): string {
  const table = parseResultTable(text);
  expect(table.rows).toEqual([]);
  if (table.error === undefined) throw new Error('expected an error');
  return table.error;
}

describe('parseResultTable: shapes of input', () => {
  it('reads a spreadsheet paste (tabs) with a header', () => {
    const table = parseResultTable('Bib\tTime\tTally\n12\t17:00.1\t1.75\n34\t1:02:03\t\n');
    expect(table.headerDetected).toBe(true);
    expect(table.warnings).toEqual([]);
    expect(table.columns).toEqual([
      { field: 'bib', header: 'Bib' },
      { field: 'clockTime', header: 'Time' },
      { field: 'tally', header: 'Tally' },
    ]);
    expect(table.rows).toEqual([
      { line: 2, bib: '12', clockTime: '17:00.1', tally: '1.75' },
      { line: 3, bib: '34', clockTime: '1:02:03', tally: '' },
    ]);
  });

  it('drops a BOM and reads CRLF semicolon files with decimal commas', () => {
    const text = '\uFEFFbib;clock_time;tally_value\r\n12;17:00,1;1,75\r\n13;18:00;2\r\n';
    expect(rowsOf(text)).toEqual([
      { line: 2, bib: '12', clockTime: '17:00,1', tally: '1,75' },
      { line: 3, bib: '13', clockTime: '18:00', tally: '2' },
    ]);
  });

  it('reads semicolons even when every data row also has a comma in each cell', () => {
    expect(rowsOf('12;17:00,1\n13;18:00,2\n')).toEqual([
      { line: 1, bib: '12', clockTime: '17:00,1' },
      { line: 2, bib: '13', clockTime: '18:00,2' },
    ]);
  });

  it('reads quoted cells holding separators, quotes and line breaks, keeping line numbers', () => {
    const text = [
      'bib,name,time',
      '12,"Doe, ""JJ"" Jane",17:00',
      '13,"two',
      'line name",18:00',
      '14,plain,"19:00"',
    ].join('\n');
    const table = parseResultTable(text);
    expect(table.rows).toEqual([
      { line: 2, bib: '12', clockTime: '17:00' },
      { line: 3, bib: '13', clockTime: '18:00' },
      { line: 5, bib: '14', clockTime: '19:00' },
    ]);
    expect(table.warnings).toEqual(['Column "name" ignored: it is not a result field.']);
  });

  it('skips blank lines (empty, spaces, separators only) but counts them for line numbers', () => {
    const text = '\n  \nbib,time\n\n12,17:00\n,,\n \t \n13,18:00';
    expect(rowsOf(text)).toEqual([
      { line: 5, bib: '12', clockTime: '17:00' },
      { line: 8, bib: '13', clockTime: '18:00' },
    ]);
  });

  it('treats CR-only line ends (old Mac exports) as line breaks', () => {
    expect(rowsOf('bib,time\r12,17:00\r13,18:00')).toEqual([
      { line: 2, bib: '12', clockTime: '17:00' },
      { line: 3, bib: '13', clockTime: '18:00' },
    ]);
  });

  it('trims cells and unwraps a quoted cell preceded by spaces', () => {
    expect(rowsOf('bib , time\n 12 ,  "17:00" \n')).toEqual([
      { line: 2, bib: '12', clockTime: '17:00' },
    ]);
  });

  it('ignores a trailing separator on the header line without a warning', () => {
    const table = parseResultTable('bib,time,\n12,17:00,\n');
    expect(table.rows).toEqual([{ line: 2, bib: '12', clockTime: '17:00' }]);
    expect(table.warnings).toEqual([]);
  });

  it('warns about data under an empty header', () => {
    const table = parseResultTable('bib,time,\n12,17:00,oops\n');
    expect(table.warnings).toEqual(['Column 3 ignored: it has no header.']);
  });

  it('with a header, a short row leaves the missing fields absent and an empty cell is ""', () => {
    expect(rowsOf('bib,time,tally,elevation\n12,17:00\n13,18:00,,500\n')).toEqual([
      { line: 2, bib: '12', clockTime: '17:00' },
      { line: 3, bib: '13', clockTime: '18:00', tally: '', elevation: '500' },
    ]);
  });

  it('warns about an unclosed quote and names its line', () => {
    const table = parseResultTable('bib,time\n12,17:00\n13,"18:00\n14,19:00\n');
    expect(table.warnings.some((w) => w.startsWith('Line 3:') && w.includes('never closed'))).toBe(
      true,
    );
    expect(table.rows[0]).toEqual({ line: 2, bib: '12', clockTime: '17:00' });
  });
});

describe('parseResultTable: header names', () => {
  it.each<[string, RowField]>([
    ['bib', 'bib'],
    ['Bib #', 'bib'],
    ['BIB_NUM', 'bib'],
    ['bib number', 'bib'],
    ['Number', 'bib'],
    ['registration_id', 'registrationId'],
    ['Registration ID', 'registrationId'],
    ['reg id', 'registrationId'],
    ['Reg', 'registrationId'],
    ['clock_time', 'clockTime'],
    ['Time', 'clockTime'],
    ['Clock Time', 'clockTime'],
    ['Finish time', 'clockTime'],
    ['RESULT', 'clockTime'],
    ['tally', 'tally'],
    ['tally_value', 'tally'],
    ['Distance', 'tally'],
    ['miles', 'tally'],
    ['KM', 'tally'],
    ['count', 'tally'],
    ['elevation', 'elevation'],
    ['elevation_gain', 'elevation'],
    ['Elevation gain (mm)', 'elevation'],
    ['elevation_gain_in_mm', 'elevation'],
    ['gain', 'elevation'],
  ])('%j → %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it.each(['name', '', '   ', 'bibliography', 'Elevation (m)', 'timestamp'])(
    '%j is not a field',
    (header) => {
      expect(fieldForHeader(header)).toBeNull();
    },
  );

  it('reads registration ids and elevation by header, ignoring other columns', () => {
    const table = parseResultTable(
      'Name,Reg ID,Finish Time,Elevation gain (mm)\nJane,3456,17:00,1200\n',
    );
    expect(table.rows).toEqual([
      { line: 2, registrationId: '3456', clockTime: '17:00', elevation: '1200' },
    ]);
    expect(table.warnings).toEqual(['Column "Name" ignored: it is not a result field.']);
  });

  it('uses the first of two columns for the same field and warns about the second', () => {
    const table = parseResultTable('bib,number,time\n12,99,17:00\n');
    expect(table.rows).toEqual([{ line: 2, bib: '12', clockTime: '17:00' }]);
    expect(table.columns[1]).toEqual({ field: null, header: 'number' });
    expect(table.warnings).toEqual([
      'Column "number" ignored: the bib already comes from column "bib".',
    ]);
  });

  it('refuses an elevation column in other units, saying why', () => {
    const table = parseResultTable('bib,time,Elevation (m)\n12,17:00,300\n');
    expect(table.rows).toEqual([{ line: 2, bib: '12', clockTime: '17:00' }]);
    expect(table.warnings[0]).toContain('millimetres');
  });
});

describe('parseResultTable: without a header', () => {
  it('reads columns by position: bib, time, tally, elevation', () => {
    const table = parseResultTable('12\t17:00\t1.5\t1200\n13\t18:00\n');
    expect(table.headerDetected).toBe(false);
    expect(table.columns.map((c) => c.field)).toEqual(['bib', 'clockTime', 'tally', 'elevation']);
    expect(table.rows).toEqual([
      { line: 1, bib: '12', clockTime: '17:00', tally: '1.5', elevation: '1200' },
      { line: 2, bib: '13', clockTime: '18:00' },
    ]);
  });

  it('a trailing separator is not a value; an inner empty cell is ""', () => {
    expect(rowsOf('12,17:00,\n13,18:00,,1200\n')).toEqual([
      { line: 1, bib: '12', clockTime: '17:00' },
      { line: 2, bib: '13', clockTime: '18:00', tally: '', elevation: '1200' },
    ]);
  });

  it('warns about columns past the fourth', () => {
    const table = parseResultTable('12,17:00,1,100,Jane\n');
    expect(table.rows).toEqual([
      { line: 1, bib: '12', clockTime: '17:00', tally: '1', elevation: '100' },
    ]);
    expect(table.warnings).toEqual([
      'Column 5 ignored: without a header row the columns are bib, time, tally, elevation gain (mm).',
    ]);
  });

  it('accepts a first line whose bib is odd when the second cell is a time', () => {
    expect(rowsOf('A12,17:00\n')).toEqual([{ line: 1, bib: 'A12', clockTime: '17:00' }]);
  });
});

describe('parseResultTable: bad input gives a clear error', () => {
  it.each([
    ['', 'empty'],
    ['   \n\t\n', 'empty'],
    ['\uFEFF', 'empty'],
  ])('%j → %s', (text, word) => {
    expect(errorOf(text)).toContain(word);
  });

  it('binary data', () => {
    expect(errorOf('bib,time\n12,17:00\u0000\u0001')).toContain('binary');
    const junk = Array.from({ length: 200 }, (_, i) => String.fromCharCode((i * 7) % 32)).join('');
    expect(errorOf(junk)).toContain('binary');
    expect(errorOf('\uFFFD'.repeat(50) + ',\n1,2')).toContain('binary');
  });

  it('an Excel workbook', () => {
    expect(errorOf('PK\u0003\u0004\u0014\u0000\u0006\u0000')).toContain('Excel');
  });

  it('a few undecodable characters in names are not binary', () => {
    expect(rowsOf('bib,name,time\n12,Jos\uFFFD P\uFFFDrez,17:00\n')).toEqual([
      { line: 2, bib: '12', clockTime: '17:00' },
    ]);
  });

  it('no recognisable column', () => {
    const error = errorOf('Runner,Club\nJane,Harriers\n');
    expect(error).toContain('No recognisable column');
    expect(error).toContain('"Runner"');
  });

  it('a header without an id column or a time column', () => {
    expect(errorOf('name,time\nJane,17:00\n')).toContain('No bib or registration id column');
    expect(errorOf('bib,name\n12,Jane\n')).toContain('No time column');
  });

  it('a header and nothing under it', () => {
    expect(errorOf('bib,time\n\n')).toContain('No results under the header');
  });

  it('a single column of numbers', () => {
    expect(errorOf('12\n13\n')).toContain('Only one column');
  });

  it('an oversized paste', () => {
    expect(errorOf('1'.repeat(5_000_001))).toContain('too large');
  });
});
