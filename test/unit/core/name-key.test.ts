import { describe, expect, it } from 'vitest';
import { nameKey } from '../../../main/roster/name-key';

describe('nameKey', () => {
  it('folds case and accents so volunteers can type plain letters', () => {
    expect(nameKey('Zoë Ågren')).toBe('zoe agren');
    expect(nameKey('  José   IBÁÑEZ ')).toBe('jose ibanez');
    expect(nameKey('Søren Østergaard')).toBe('soren ostergaard');
    expect(nameKey('Strauß')).toBe('strauss');
  });
  it('keeps apostrophes and hyphens inside names', () => {
    expect(nameKey("O'Brien-Smith")).toBe("o'brien-smith");
  });
});
