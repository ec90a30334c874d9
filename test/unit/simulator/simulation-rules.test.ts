import { describe, expect, it } from 'vitest';
import { FaultBoard } from '../../../main/simulator/faults';
import { Prng, streamSeed } from '../../../main/simulator/prng';
import { rushIntensity, sampleRushTimestamps } from '../../../main/simulator/rush-curve';
import {
  clockTimeMs,
  parseRequestRows,
  RequestFormatError,
} from '../../../main/simulator/virtual-results';

describe('Prng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Prng(99);
    const b = new Prng(99);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Prng(100).next()).not.toBe(xs[0]);
    const ints = Array.from({ length: 1000 }, () => a.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });

  it('streams of one seed differ', () => {
    expect(streamSeed(1, 1)).not.toBe(streamSeed(1, 2));
    expect(streamSeed(1, 1)).toBe(streamSeed(1, 1));
  });
});

describe('rush curve', () => {
  it('builds to a peak before the start and dies away after it', () => {
    expect(rushIntensity(300)).toBeLessThan(rushIntensity(120));
    expect(rushIntensity(120)).toBeLessThan(rushIntensity(60));
    expect(rushIntensity(35)).toBe(1);
    expect(rushIntensity(0)).toBeLessThan(rushIntensity(35));
    expect(rushIntensity(-60)).toBeLessThan(0.05);
  });

  it('samples crowd into the hour before the start', () => {
    const start = 1_800_000_000;
    const ts = sampleRushTimestamps(new Prng(1), 2000, {
      fromTs: start - 4 * 3600,
      toTs: start,
      firstStartTs: start,
    });
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    const lastHour = ts.filter((t) => t >= start - 3600).length;
    const firstHour = ts.filter((t) => t < start - 3 * 3600).length;
    expect(lastHour).toBeGreaterThan(firstHour * 4);
  });
});

describe('clock times', () => {
  it.each([
    ['00:17:00.1', 1020100],
    ['0:17:00', 1020000],
    ['123:00:00.5', 442800500],
    ['00:00:01.25', 1250],
    ['DQ', null],
    ['DNS', null],
    ['DNF', null],
    ['DNQ', null],
  ])('%s → %s', (text, ms) => {
    expect(clockTimeMs(text)).toBe(ms);
  });

  it.each([
    '17:00',
    '1234:00:00',
    '00:60:00',
    '00:00:60',
    'dnf',
    '00:17:00.',
    ' 00:17:00',
    '00:17:00.1234',
  ])('%j is malformed', (text) => {
    expect(clockTimeMs(text)).toBeUndefined();
  });
});

describe('request parsing', () => {
  it('reads JSON and XML rows; an empty XML element is an empty value, a missing one is absent', () => {
    expect(parseRequestRows('{"virtual_results":[{"bib_num":1}]}', 'json')).toEqual([
      { bib_num: 1 },
    ]);
    const rows = parseRequestRows(
      '<request><virtual_result><bib_num> 7 </bib_num><tally_value></tally_value></virtual_result></request>',
      'xml',
    );
    expect(rows).toEqual([{ bib_num: '7', tally_value: '' }]);
    expect('clock_time' in (rows[0] ?? {})).toBe(false);
  });

  it.each([
    ['json', '[]'],
    ['json', '{"virtual_results":[1]}'],
    ['xml', '<rows/>'],
    ['xml', '<request>'],
  ] as const)('refuses %s %j', (format, text) => {
    expect(() => parseRequestRows(text, format)).toThrow(RequestFormatError);
  });
});

describe('FaultBoard', () => {
  it('counts only matching requests and clears itself', () => {
    const board = new FaultBoard();
    board.set({ type: 'reset' }, { count: 2, path: /checkin/g });
    expect(board.take('/rest/race/1')).toBeNull();
    expect(board.take('/rest/v2/participants/checkin-timestamps.json')).toEqual({ type: 'reset' });
    expect(board.take('/rest/v2/participants/checkin-timestamps.json')).toEqual({ type: 'reset' });
    expect(board.take('/rest/v2/participants/checkin-timestamps.json')).toBeNull();
    expect(board.active).toBeNull();
  });

  it('knows a full refusal from a scoped one', () => {
    const board = new FaultBoard();
    board.set({ type: 'refused' });
    expect(board.refusesAll).toBe(true);
    board.set({ type: 'refused' }, { count: 1 });
    expect(board.refusesAll).toBe(false);
    expect(() => board.set({ type: 'reset' }, { count: 0 })).toThrow();
  });
});
