/**
 * Real RunSignup answers often lack keys rather than send them as null (trimmed or older
 * answers; docs/RUNSIGNUP.md §7). With `omitOptionalKeys` on, the simulator leaves optional keys
 * out at random, seeded: the same row always lacks the same keys, so an answer is stable from
 * call to call and from run to run.
 */
export class OptionalKeys {
  constructor(
    private readonly seed: number,
    /** Chance (0..1) that one optional key is left out of one row. 0 = every key present. */
    readonly rate: number,
  ) {}

  /** `row` without the optional `keys` this row (named by `rowKey`) leaves out. */
  trim<T extends Record<string, unknown>>(
    row: T,
    rowKey: string | number,
    keys: readonly string[],
  ): Record<string, unknown> {
    if (this.rate <= 0) return row;
    const out: Record<string, unknown> = { ...row };
    for (const key of keys) if (this.drops(rowKey, key)) delete out[key];
    return out;
  }

  /** Whether `key` is left out of the row named `rowKey`. */
  drops(rowKey: string | number, key: string): boolean {
    return this.rate > 0 && unitHash(this.seed, `${rowKey}\u0000${key}`) < this.rate;
  }
}

/** FNV-1a over the text, mixed with the seed: a number in [0, 1). */
function unitHash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The rate an `omitOptionalKeys` option means (`true` = 0.3). */
export function omissionRate(option: boolean | number | undefined): number {
  if (option === true) return 0.3;
  if (typeof option === 'number' && Number.isFinite(option))
    return Math.min(1, Math.max(0, option));
  return 0;
}
