/**
 * How RunSignup's v1 (PHP) endpoints put values on the wire: json_encode's default escaping
 * (`\/` for every slash, `\uXXXX` for every non-ASCII character), "T"/"F" booleans and
 * `M/D/YYYY HH:mm` dates in the race's timezone (docs/RUNSIGNUP.md §3).
 */

/** JSON text the way PHP's json_encode writes it with default flags. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/[/\u007f-\uffff]/g, (ch) =>
    ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function tf(value: boolean): 'T' | 'F' {
  return value ? 'T' : 'F';
}

/** Formats unix seconds as `M/D/YYYY HH:mm` in one timezone (offsets cached per hour). */
export class RaceDateFormat {
  private readonly offsets = new Map<number, number>();
  private readonly parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  }

  /** `M/D/YYYY HH:mm`, e.g. `2/10/2023 18:00`. */
  format(unixSeconds: number): string {
    const local = new Date((unixSeconds + this.offsetSeconds(unixSeconds)) * 1000);
    const hh = String(local.getUTCHours()).padStart(2, '0');
    const mm = String(local.getUTCMinutes()).padStart(2, '0');
    return `${local.getUTCMonth() + 1}/${local.getUTCDate()}/${local.getUTCFullYear()} ${hh}:${mm}`;
  }

  /** Local midnight (as unix seconds) of the day holding `unixSeconds`. */
  startOfDay(unixSeconds: number): number {
    const offset = this.offsetSeconds(unixSeconds);
    const localMidnight = Math.floor((unixSeconds + offset) / 86400) * 86400;
    return localMidnight - this.offsetSeconds(localMidnight - offset);
  }

  /** Seconds to add to UTC to get the local wall time at that instant. */
  offsetSeconds(unixSeconds: number): number {
    const hour = Math.floor(unixSeconds / 3600);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const p: Record<string, number> = {};
      for (const part of this.parts.formatToParts(new Date(hour * 3600 * 1000))) {
        if (part.type !== 'literal') p[part.type] = Number(part.value);
      }
      const asUtc = Date.UTC(
        p.year ?? 1970,
        (p.month ?? 1) - 1,
        p.day ?? 1,
        p.hour ?? 0,
        p.minute ?? 0,
      );
      offset = Math.round((asUtc - hour * 3600 * 1000) / 1000);
      this.offsets.set(hour, offset);
    }
    return offset;
  }
}

/** `YYYY-MM-DD` (UTC calendar date), without a Date (hot in roster generation). */
export function isoDate(ms: number): string {
  // Howard Hinnant's days-to-civil algorithm.
  const z = Math.floor(ms / 86400000) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
