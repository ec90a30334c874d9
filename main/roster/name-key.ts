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
 * The search form of a name: lower case, accents removed, spaces collapsed.
 * "Zoë Ågren" → "zoe agren"; what a volunteer types goes through the same function.
 */
export function nameKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (c) => FOLDS[c] ?? c)
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The smallest string greater than every string starting with `prefix` (for index range scans). */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}
