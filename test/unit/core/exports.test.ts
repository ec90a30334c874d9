import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { folderExportSink, formatCsv, saveCsv } from '../../../main/exports';
import { parseResultTable } from '../../../main/results/import';
import { tempDir } from '../../support/temp-dir';

describe('formatCsv', () => {
  it('writes a header, CRLF lines, quotes only where needed and empties for null', () => {
    const csv = formatCsv({
      header: ['bib', 'name', 'time'],
      rows: [
        [12, 'Doe, Jane', '00:17:00.1'],
        [null, 'Says "hi"\nthere', 'DNF'],
      ],
    });
    expect(csv).toBe('bib,name,time\r\n12,"Doe, Jane",00:17:00.1\r\n,"Says ""hi""\nthere",DNF');
  });

  it('defuses formulas but leaves numbers alone', () => {
    const csv = formatCsv({
      header: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      rows: [['=1+1', '+SUM(A1)', '-2+3', '@cmd', '-5', '+1.5', -7]],
    });
    const [, line] = csv.split('\r\n');
    expect(line).toBe(`"'=1+1","'+SUM(A1)","'-2+3","'@cmd",-5,+1.5,-7`);
  });

  it('reads back through parseResultTable', () => {
    const csv = formatCsv({
      header: ['bib', 'name', 'time', 'tally'],
      rows: [
        [12, 'Doe; Jane, "JJ"', '00:17:00.1', 1.75],
        [34, 'Smith\nJr', 'DNF', null],
      ],
    });
    expect(parseResultTable(`\uFEFF${csv}`).rows).toEqual([
      { line: 2, bib: '12', clockTime: '00:17:00.1', tally: '1.75' },
      { line: 3, bib: '34', clockTime: 'DNF', tally: '' },
    ]);
  });
});

describe('saveCsv', () => {
  it('counts rows, not lines: a quoted line break stays one row', async () => {
    const dir = tempDir('csv');
    const saved = await saveCsv(folderExportSink(dir), 'x.csv', {
      header: ['bib', 'note'],
      rows: [
        [1, 'two\nlines'],
        [2, 'one'],
      ],
    });
    expect(saved.rows).toBe(2);
    expect(fs.readFileSync(saved.path, 'utf8')).toBe('\uFEFFbib,note\r\n1,"two\nlines"\r\n2,one');
  });
});
