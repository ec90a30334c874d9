import { describe, expect, it } from 'vitest';
import { Ledger, checkOrder } from '../../chaos/ledger';
import { clockTimeOf, valueOfClockTime } from '../../chaos/result-values';

const E = 7;
const row = (registrationId: number, value: number) => ({ eventId: E, registrationId, value });
const held = (registrationId: number, value: number | null) => ({
  eventId: E,
  registrationId,
  value,
});

describe("RunSignup's write history", () => {
  it('may repeat a value, never go back to an older one', () => {
    expect(checkOrder([held(100, 1), held(101, 2), held(100, 1), held(100, 3)]).reordered).toBe(0);
    const v = checkOrder([held(100, 1), held(100, 3), held(100, 1), held(100, 3), held(101, null)]);
    expect(v.reordered).toBe(1);
    expect(v.examples).toEqual([`reordered ${E}:100: RunSignup stored 1 after 3`]);
  });
});

describe('the chaos ledger', () => {
  it('counts an acknowledged commit RunSignup lacks as lost, an older one as stale', () => {
    const ledger = new Ledger();
    ledger.issue(1, [row(100, 1), row(101, 2), row(102, 3)]);
    ledger.ack(1);
    ledger.issue(2, [row(101, 4), row(102, 5)]);
    ledger.ack(2);
    const v = ledger.compare([held(101, 4), held(102, 3)]);
    expect(v).toMatchObject({ checked: 3, lost: 1, stale: 1, inDoubtLanded: 0, unknown: 0 });
    expect(ledger.ackedRows).toBe(5);
  });

  it('leaves rejected rows out and lets the later row of one command win', () => {
    const ledger = new Ledger();
    ledger.issue(1, [row(100, 1), row(101, 2), row(100, 3)]);
    ledger.ack(1, new Set([1]));
    expect(ledger.latest(E, 100)).toBe(3);
    expect(ledger.latest(E, 101)).toBeUndefined();
    expect(ledger.compare([held(100, 3)]).lost).toBe(0);
  });

  it('accepts a commit in flight at a kill only when no later acknowledged one exists', () => {
    const ledger = new Ledger();
    ledger.issue(1, [row(100, 1), row(101, 2)]);
    ledger.ack(1);
    ledger.issue(2, [row(100, 3), row(101, 4)]);
    expect(ledger.abandon()).toBe(2);
    ledger.issue(3, [row(101, 5)]);
    ledger.ack(3);
    // 100: the in-doubt 3 landed and nothing newer was acknowledged: fine.
    // 101: the in-doubt 4 landed but 5 was acknowledged after it: stale.
    const v = ledger.compare([held(100, 3), held(101, 4)]);
    expect(v).toMatchObject({ inDoubtLanded: 1, stale: 1, lost: 0 });
  });

  it('flags a value never issued for a registration', () => {
    const ledger = new Ledger();
    expect(ledger.compare([held(100, 9), held(101, null)]).unknown).toBe(2);
  });

  it('refuses values that do not increase', () => {
    const ledger = new Ledger();
    ledger.issue(1, [row(100, 5)]);
    ledger.ack(1);
    ledger.issue(2, [row(100, 4)]);
    expect(() => ledger.ack(2)).toThrow(/increase/);
  });
});

describe('chaos result values', () => {
  it('round-trip through a clock time as the kiosk normalises it', () => {
    for (const v of [1, 59, 3000, 10_000, 400_000]) {
      const text = clockTimeOf(v);
      const [h, m, s] = text.split(':');
      expect(valueOfClockTime(`${h!.padStart(2, '0')}:${m}:${s}`)).toBe(v);
    }
    expect(valueOfClockTime('DNF')).toBeNull();
    expect(valueOfClockTime('00:05:00')).toBeNull();
  });
});
