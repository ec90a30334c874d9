import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from './arbitraries';
import { MAX_CLOCK_MS, formatMs, parseClockTime } from '../../../main/results/clock-time';

const RUNSIGNUP_FORMAT = /^(?:\d{2,3}:[0-5]\d:[0-5]\d(?:\.\d)?|DQ|DNS|DNF|DNQ)$/;

function errorOf(input: string): string {
  const result = parseClockTime(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error;
}

describe('parseClockTime: accepted forms', () => {
  it.each([
    ['00:17:00.1', '00:17:00.1', 1_020_100],
    ['0:17:00', '00:17:00', 1_020_000],
    ['1:02:03', '01:02:03', 3_723_000],
    ['12:34:56.7', '12:34:56.7', 45_296_700],
    ['123:04:05', '123:04:05', ((123 * 60 + 4) * 60 + 5) * 1000],
    ['999:59:59.9', '999:59:59.9', MAX_CLOCK_MS],
    ['17:00', '00:17:00', 1_020_000],
    ['7:05', '00:07:05', 425_000],
    ['0:45', '00:00:45', 45_000],
    ['59:59', '00:59:59', 3_599_000],
    ['  23:45.6 \t', '00:23:45.6', 1_425_600],
    ['17:00,1', '00:17:00.1', 1_020_100],
    ['17:00.0', '00:17:00.0', 1_020_000],
    ['00:00:00', '00:00:00', 0],
  ])('%j → %s', (input, value, ms) => {
    expect(parseClockTime(input)).toEqual({ ok: true, value, ms, status: null });
  });

  it.each([
    ['DQ', 'DQ'],
    ['dns', 'DNS'],
    [' Dnf ', 'DNF'],
    ['dnq', 'DNQ'],
  ])('status %j → %s with no ms', (input, status) => {
    expect(parseClockTime(input)).toEqual({ ok: true, value: status, ms: null, status });
  });

  it('rounds extra fraction digits up to the next tenth, carrying into the next unit', () => {
    expect(parseClockTime('17:00.15')).toMatchObject({ value: '00:17:00.2', ms: 1_020_200 });
    expect(parseClockTime('17:00.10')).toMatchObject({ value: '00:17:00.1', ms: 1_020_100 });
    expect(parseClockTime('17:00.100')).toMatchObject({ value: '00:17:00.1' });
    expect(parseClockTime('17:00.101')).toMatchObject({ value: '00:17:00.2' });
    expect(parseClockTime('59:59.95')).toMatchObject({ value: '01:00:00.0', ms: 3_600_000 });
    expect(parseClockTime('1:59:59.99')).toMatchObject({ value: '02:00:00.0' });
  });
});

describe('parseClockTime: refusals say what is wrong', () => {
  it('minutes and seconds must be under 60', () => {
    expect(errorOf('75:00')).toContain('Minutes must be under 60 (got 75)');
    expect(errorOf('75:00')).toContain('1:15:ss');
    expect(errorOf('1:75:00')).toBe('Minutes must be under 60 (got 75)');
    expect(errorOf('1:05:61')).toBe('Seconds must be under 60 (got 61)');
    expect(errorOf('12:60')).toBe('Seconds must be under 60 (got 60)');
  });

  it('hours are 0..999 with at most three digits', () => {
    expect(errorOf('1000:00:00')).toBe('Hours must be 999 or less (got 1000)');
    expect(errorOf('0001:00:00')).toContain('at most 3 digits');
    expect(errorOf('999:59:59.95')).toContain('rounds up to 1000:00:00.0');
  });

  it('digit counts for minutes and seconds', () => {
    expect(errorOf('5:3')).toContain('Seconds need two digits');
    expect(errorOf('1:5:30')).toContain('Minutes need two digits');
    expect(errorOf('005:00')).toContain('Minutes can have at most two digits');
  });

  it('empty, letters, negative, bare digits and odd shapes', () => {
    expect(errorOf('')).toMatch(/^Time is empty/);
    expect(errorOf('   ')).toMatch(/^Time is empty/);
    expect(errorOf('abc')).toContain('only contain digits');
    expect(errorOf('1h23m')).toContain('only contain digits');
    expect(errorOf('DNFX')).toContain('only contain digits');
    expect(errorOf('-5:00')).toBe('Time cannot be negative (got "-5:00")');
    expect(errorOf('1234')).toContain('needs colons');
    expect(errorOf('1:2:3:4')).toContain('not a time I can read');
    expect(errorOf('17:00.')).toContain('not a time I can read');
    expect(errorOf('1::00')).toContain('not a time I can read');
  });

  it('keeps messages short for very long input', () => {
    expect(errorOf('x'.repeat(10_000)).length).toBeLessThan(200);
  });
});

describe('formatMs', () => {
  it.each([
    [0, '0:00'],
    [5_000, '0:05'],
    [1_020_100, '17:00.1'],
    [3_723_400, '1:02:03.4'],
    [3_600_000, '1:00:00'],
    [1_020_001, '17:00.1'],
    [MAX_CLOCK_MS, '999:59:59.9'],
  ])('%d → %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('refuses a negative or non-finite duration', () => {
    expect(() => formatMs(-1)).toThrow(RangeError);
    expect(() => formatMs(Number.NaN)).toThrow(RangeError);
    expect(() => formatMs(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('parseClockTime: properties', () => {
  const timeish = fc.string({
    unit: fc.constantFrom(...'0123456789::..,- dnfqsDNFQS\t'.split('')),
  });

  it('never throws; gives a RunSignup value or a non-empty message', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, timeish), (input) => {
        const result = parseClockTime(input);
        if (result.ok) expect(result.value).toMatch(RUNSIGNUP_FORMAT);
        else expect(result.error.trim().length).toBeGreaterThan(10);
      }),
      { numRuns: 400 },
    );
  });

  it('formatMs → parseClockTime gives back every tenth-of-a-second duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CLOCK_MS / 100 }), (tenths) => {
        const ms = tenths * 100;
        expect(parseClockTime(formatMs(ms))).toMatchObject({ ok: true, ms });
      }),
      { numRuns: 300 },
    );
  });

  it('formatMs → parseClockTime rounds any duration up to the tenth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CLOCK_MS }), (ms) => {
        expect(parseClockTime(formatMs(ms))).toMatchObject({ ms: Math.ceil(ms / 100) * 100 });
      }),
      { numRuns: 200 },
    );
  });

  it('the normalised value parses to itself', () => {
    fc.assert(
      fc.property(timeish, (input) => {
        const first = parseClockTime(input);
        if (!first.ok) return;
        expect(parseClockTime(first.value)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('h:mm:ss.f from parts gives the expected milliseconds', () => {
    const parts = fc.record({
      hours: fc.integer({ min: 0, max: 998 }),
      minutes: fc.integer({ min: 0, max: 59 }),
      seconds: fc.integer({ min: 0, max: 59 }),
      tenth: fc.option(fc.integer({ min: 0, max: 9 })),
      pad: fc.boolean(),
    });
    fc.assert(
      fc.property(parts, ({ hours, minutes, seconds, tenth, pad }) => {
        const h = pad ? String(hours).padStart(2, '0') : String(hours);
        const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
        const input = `${h}:${mmss}${tenth === null ? '' : `.${tenth}`}`;
        const ms = ((hours * 60 + minutes) * 60 + seconds) * 1000 + (tenth ?? 0) * 100;
        expect(parseClockTime(input)).toMatchObject({ ok: true, ms, status: null });
      }),
      { numRuns: 300 },
    );
  });
});
