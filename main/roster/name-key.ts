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
