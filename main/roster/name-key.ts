/** Letters NFD does not take apart, spelled the way people type them without accents. */
const FOLDS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * The search form of a name: lower case, accents removed, apostrophes dropped, hyphens and other
 * punctuation turned into spaces, spaces collapsed. "Zoë Ågren" → "zoe agren", "O'Brien" →
 * "obrien", "Mary-Kate" → "mary kate"; what a volunteer types goes through the same function.
 */
export function nameKey(text: string): string {
  // Most names are plain ASCII letters and spaces: the same result without the Unicode passes
  // (the roster's first load folds 100,000 names; test/unit/core/name-key.test.ts checks both agree).
  if (PLAIN.test(text)) return text.toLowerCase().replace(SPACES, ' ').trim();
  return foldedKey(text);
}

const PLAIN = /^[A-Za-z ]*$/;
const SPACES = / {2,}/g;

/** The full folding, for any text. */
export function foldedKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (c) => FOLDS[c] ?? c)
    .replace(/['’ʼ`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The search form of "first last" from the forms of each part: the same as
 * `nameKey(`${first} ${last}`)` (folding works letter by letter and the space between them is
 * a separator either way), so the roster folds each name once for both of its orders.
 */
export function joinKeys(first: string, last: string): string {
  return first && last ? `${first} ${last}` : first || last;
}
