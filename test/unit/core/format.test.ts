import { describe, expect, it } from 'vitest';
import { ago, clockShort, percent, plural } from '../../../renderer/src/lib/format';

describe('display formats', () => {
  it('says how long ago', () => {
    expect(ago(0, 1000)).toBe('just now');
    expect(ago(0, 12_000)).toBe('12 s ago');
    expect(ago(0, 5 * 60_000)).toBe('5 min ago');
    expect(ago(0, 3 * 3_600_000)).toBe('3 h ago');
  });
  it('gives the short feed time without seconds or AM/PM', () => {
    expect(clockShort(new Date(2026, 4, 3, 12, 31, 45).getTime())).toBe('12:31');
    expect(clockShort(new Date(2026, 4, 3, 7, 5, 0).getTime())).toBe('7:05');
  });
  it('pluralises and rounds percentages', () => {
    expect(plural(1, 'result')).toBe('1 result');
    expect(plural(1200, 'result')).toBe('1,200 results');
    expect(percent(1, 3)).toBe('33%');
    expect(percent(0, 0)).toBe('0%');
  });
});
