/**
 * How RunSignup encodes single values on the wire (docs/RUNSIGNUP.md §3), decoded into plain
 * TypeScript values: "T"/"F" booleans, `M/D/YYYY HH:mm` dates in a race's timezone, numbers
 * that sometimes arrive as strings. Escaped slashes (`2\/10\/2023`) need nothing here: they
 * are a JSON escape and JSON.parse already turns them back into `/`.
 */

/** RunSignup's default timezone for times that do not name one (docs/RUNSIGNUP.md §3). */
export const RUNSIGNUP_DEFAULT_TIMEZONE = 'America/New_York';

/** A RunSignup wall-clock time, kept both as written (local) and as an instant. */
export interface RsuDateTime {
  /** The local wall time as ISO without offset, e.g. `2023-02-10T18:00`. */
  local: string;
  /** The instant, reading `local` in the timezone it was given in. */
  epochMs: number;
  /** The IANA timezone used to read `local`. */
  timeZone: string;
}

/** "T" / "F" (and the occasional real boolean, 1/0, "1"/"0"); anything else is `null`. */
export function parseTF(value: unknown): boolean | null {
  if (value === true || value === 'T' || value === 't' || value === 1 || value === '1') return true;
  if (value === false || value === 'F' || value === 'f' || value === 0 || value === '0')
    return false;
  return null;
}

/** A number, or a string holding one; anything else is `null`. */
export function parseNumeric(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

const DATE_TIME = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/;

/**
 * Reads `M/D/YYYY HH:mm` (seconds and the time part optional) as a wall time in `timeZone`
 * (an unknown zone falls back to US Eastern). Returns `null` for empty or unreadable input.
 */
export function parseRsuDateTime(
  text: string | null | undefined,
  timeZone: string | null = RUNSIGNUP_DEFAULT_TIMEZONE,
): RsuDateTime | null {
  if (!text) return null;
  const m = DATE_TIME.exec(text.replace(/\\\//g, '/'));
  if (!m) return null;
  const [month, day, year, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(
    (part) => Number(part ?? 0),
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(asUtc).getUTCDate() !== day) return null; // 2/30 and the like
  const zone = validTimeZone(timeZone) ?? RUNSIGNUP_DEFAULT_TIMEZONE;
  const pad = (n: number) => String(n).padStart(2, '0');
  const local =
    `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}` +
    (second ? `:${pad(second)}` : '');
  return { local, epochMs: wallTimeToEpochMs(asUtc, zone), timeZone: zone };
}

/** The zone if Intl knows it, else `null`. */
export function validTimeZone(timeZone: string | null | undefined): string | null {
  if (!timeZone) return null;
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return null;
  }
}

/**
 * The instant whose wall time in `timeZone` reads as `wallAsUtcMs` (a wall time written as if
 * it were UTC). Two passes settle daylight-saving edges; a time that does not exist (spring
 * forward gap) lands just after the gap.
 */
function wallTimeToEpochMs(wallAsUtcMs: number, timeZone: string): number {
  const first = wallAsUtcMs - offsetMs(wallAsUtcMs, timeZone);
  const second = wallAsUtcMs - offsetMs(first, timeZone);
  return second;
}

/**
 * Offsets only change at transitions on a quarter hour, so one look-up per zone and quarter hour
 * serves every date in it (a roster of 50,000 registration dates costs a few hundred look-ups).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** Milliseconds to add to UTC to get the wall time in `timeZone` at `instantMs`. */
function offsetMs(instantMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instantMs / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = lookUpOffsetMs(Math.floor(instantMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

function lookUpOffsetMs(instantMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const p: Record<string, number> = {};
  for (const part of parts) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/** Intl formatters are slow to build; a roster has thousands of dates in one or two zones. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}
