import { describe, expect, it } from 'vitest';
import { nameKey } from '../../../main/roster/name-key';

describe('nameKey', () => {
  it('folds case and accents so volunteers can type plain letters', () => {
    expect(nameKey('Zoë Ågren')).toBe('zoe agren');
    expect(nameKey('  José   IBÁÑEZ ')).toBe('jose ibanez');
    expect(nameKey('Søren Østergaard')).toBe('soren ostergaard');
    expect(nameKey('Strauß')).toBe('strauss');
  });
  it('drops apostrophes and splits on hyphens, the way people type names', () => {
    expect(nameKey("O'Brien-Smith")).toBe('obrien smith');
    expect(nameKey('D’Andre')).toBe('dandre');
    expect(nameKey('Mary-Kate')).toBe('mary kate');
    expect(nameKey('García Márquez')).toBe('garcia marquez');
  });
});
