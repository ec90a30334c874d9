import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldedKey, joinKeys, nameKey } from '../../../main/roster/name-key';

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

describe('nameKey shortcuts', () => {
  // Names as RunSignup sends them: mostly plain letters, some accents, apostrophes, hyphens,
  // stray spaces and punctuation.
  const nameText = fc
    .array(
      fc.constantFrom(...'Aaz Z', ...'ÀéÿøØßŁł', "'", '’', '-', '.', ',', '7', '\u0301', '\u0308'),
      { maxLength: 16 },
    )
    .map((chars) => chars.join(''));

  it('the plain-letters path folds exactly as the full one', () => {
    fc.assert(
      fc.property(fc.oneof(nameText, fc.string(), fc.stringMatching(/^[ A-Za-z]{0,20}$/)), (t) => {
        expect(nameKey(t)).toBe(foldedKey(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('folding each part and joining is folding the whole name', () => {
    fc.assert(
      fc.property(fc.oneof(nameText, fc.string()), fc.oneof(nameText, fc.string()), (a, b) => {
        expect(joinKeys(nameKey(a), nameKey(b))).toBe(nameKey(`${a} ${b}`));
      }),
      { numRuns: 2000 },
    );
  });
});
