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
  const m = DATE_TIME.exec(text.includes('\\') ? text.replace(/\\\//g, '/') : text);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(asUtc).getUTCDate() !== day) return null; // 2/30 and the like
  const zone = validTimeZone(timeZone) ?? RUNSIGNUP_DEFAULT_TIMEZONE;
  const local =
    `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}` +
    (second ? `:${pad2(second)}` : '');
  return { local, epochMs: wallTimeToEpochMs(asUtc, zone), timeZone: zone };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

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
 * Offsets change only at a zone's transitions, on a quarter hour, and never twice in one day.
 * So a UTC day whose start and end have the same offset has it throughout (one look-up serves
 * every date in that day: a roster of 50,000 registration dates costs a few hundred), and only
 * a day with a transition is looked up by the quarter hour.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** Per zone: the offset of a whole UTC day (by day number), or null when it changes that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();
/** Per zone: the offset by quarter hour, for days with a transition. */
const quarterOffsets = new Map<string, Map<number, number>>();

function cacheOf<V>(caches: Map<string, Map<number, V>>, timeZone: string): Map<number, V> {
  let cache = caches.get(timeZone);
  if (!cache || cache.size > 100_000) {
    cache = new Map();
    caches.set(timeZone, cache);
  }
  return cache;
}

/** Milliseconds to add to UTC to get the wall time in `timeZone` at `instantMs`. */
function offsetMs(instantMs: number, timeZone: string): number {
  const days = cacheOf(dayOffsets, timeZone);
  const day = Math.floor(instantMs / DAY_MS);
  let whole = days.get(day);
  if (whole === undefined) {
    const start = quarterOffsetMs(day * DAY_MS, timeZone);
    whole = start === quarterOffsetMs((day + 1) * DAY_MS - 1, timeZone) ? start : null;
    days.set(day, whole);
  }
  return whole ?? quarterOffsetMs(instantMs, timeZone);
}

function quarterOffsetMs(instantMs: number, timeZone: string): number {
  const quarters = cacheOf(quarterOffsets, timeZone);
  const quarter = Math.floor(instantMs / QUARTER_HOUR_MS);
  let offset = quarters.get(quarter);
  if (offset === undefined) {
    offset = lookUpOffsetMs(quarter * QUARTER_HOUR_MS, timeZone);
    quarters.set(quarter, offset);
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
