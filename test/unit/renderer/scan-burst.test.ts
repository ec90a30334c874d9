import { describe, expect, it } from 'vitest';
import { ScanBurst } from '../../../renderer/src/lib/scan-burst';

/** Types `keys` starting at `t0`, `gap` ms apart, then Enter `gap` ms later. */
function type(b: ScanBurst, keys: string, t0: number, gap: number): string | null {
  let t = t0;
  for (const k of keys) {
    b.key(k, t);
    t += gap;
  }
  return b.enter(t);
}

describe('telling a scan from typing', () => {
  it('takes a fast burst of digits ending in Enter as a scan', () => {
    expect(type(new ScanBurst(), '4127', 0, 10)).toBe('4127');
  });
  it('takes only the burst after a name typed by hand', () => {
    const b = new ScanBurst();
    for (const [i, k] of [...'smi'].entries()) b.key(k, i * 250);
    expect(type(b, '4127', 1000, 8)).toBe('4127');
  });
  it('does not take digits typed at a human pace', () => {
    expect(type(new ScanBurst(), '4127', 0, 200)).toBeNull();
  });
  it('takes a one-digit bib, but not a burst ended by a slow Enter', () => {
    expect(type(new ScanBurst(), '7', 0, 10)).toBe('7');
    const b = new ScanBurst();
    for (const [i, k] of [...'4127'].entries()) b.key(k, i * 10);
    expect(b.enter(1000)).toBeNull();
  });
  it('starts again after a letter inside the burst', () => {
    expect(type(new ScanBurst(), '12a345', 0, 10)).toBe('345');
  });
});
