/**
 * Clock times as volunteers type them, turned into the form RunSignup's user-results
 * endpoint takes (`hhh:mm:ss.s` or DQ/DNS/DNF/DNQ, docs/RUNSIGNUP.md §2).
 *
 * Accepted (surrounding spaces ignored):
 *   h:mm:ss  hh:mm:ss  hhh:mm:ss   hours 0..999 (1–3 digits), minutes and seconds two digits
 *   mm:ss  m:ss                    a two-part time is always minutes:seconds (minutes < 60)
 *   any of these + a fraction      ".5", ".15", ",5" (a comma also works as the decimal mark)
 *   DQ DNS DNF DNQ                 any case
 *
 * Normalised value: `HH:MM:SS` (hours padded to two digits, three when ≥ 100), plus exactly
 * one decimal when the volunteer typed a fraction (`17:00.15` → `00:17:00.2`). RunSignup
 * documents one decimal (`hhh:mm:ss.s`), so extra digits are rounded **up** to the next
 * tenth, as athletics rules do for times (never credit a runner with a faster time than
 * measured); the carry runs into seconds, minutes and hours.
 */

export type ClockStatus = 'DQ' | 'DNS' | 'DNF' | 'DNQ';

export const CLOCK_STATUSES: readonly ClockStatus[] = ['DQ', 'DNS', 'DNF', 'DNQ'];

export const MAX_HOURS = 999;

/** 999:59:59.9, the longest time RunSignup's format can carry. */
export const MAX_CLOCK_MS = ((MAX_HOURS * 60 + 59) * 60 + 59) * 1000 + 900;

export type ClockTimeResult =
  | { ok: true; value: string; ms: number; status: null }
  | { ok: true; value: string; ms: null; status: ClockStatus }
  | { ok: false; error: string };

const TIME_SHAPE = /^(?:(\d+):)?(\d+):(\d+)(?:[.,](\d+))?$/;
const EXAMPLES = 'use h:mm:ss or mm:ss (e.g. 1:23:45 or 23:45.6), or DQ, DNS, DNF or DNQ';

/** Parses one clock time; never throws. */
export function parseClockTime(input: string): ClockTimeResult {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') return fail(`Time is empty: ${EXAMPLES}`);

  const upper = text.toUpperCase();
  const status = CLOCK_STATUSES.find((s) => s === upper);
  if (status) return { ok: true, value: status, ms: null, status };

  if (/^[-−–]/.test(text)) return fail(`Time cannot be negative (got ${shown(text)})`);

  const match = TIME_SHAPE.exec(text);
  if (!match) return fail(shapeError(text));
  const [, hoursText, minutesText = '', secondsText = '', fraction] = match;

  if (hoursText !== undefined && hoursText.length > 3) {
    return Number(hoursText) > MAX_HOURS
      ? fail(`Hours must be ${MAX_HOURS} or less (got ${digits(hoursText)})`)
      : fail(`Hours can have at most 3 digits (got ${shown(hoursText)})`);
  }
  const minutes = Number(minutesText);
  if (minutes >= 60) {
    const hint =
      hoursText === undefined && minutes < 60 * MAX_HOURS
        ? `; for ${minutes} minutes write ${Math.floor(minutes / 60)}:${pad2(minutes % 60)}:ss`
        : '';
    return fail(`Minutes must be under 60 (got ${digits(minutesText)})${hint}`);
  }
  if (hoursText !== undefined && minutesText.length !== 2) {
    return fail(`Minutes need two digits after the hours (e.g. 1:05:30, got ${shown(text)})`);
  }
  if (minutesText.length > 2) {
    return fail(`Minutes can have at most two digits (got ${shown(minutesText)})`);
  }
  const seconds = Number(secondsText);
  if (seconds >= 60) return fail(`Seconds must be under 60 (got ${digits(secondsText)})`);
  if (secondsText.length !== 2) {
    return fail(`Seconds need two digits (e.g. 5:03, got ${shown(text)})`);
  }

  const hours = hoursText === undefined ? 0 : Number(hoursText);
  const ms = ((hours * 60 + minutes) * 60 + seconds) * 1000 + tenthsRoundedUp(fraction) * 100;
  if (ms > MAX_CLOCK_MS) {
    const rounded = runSignupClockTime(ms, true);
    return fail(`Hours must be ${MAX_HOURS} or less (${shown(text)} rounds up to ${rounded})`);
  }
  return { ok: true, value: runSignupClockTime(ms, fraction !== undefined), ms, status: null };
}

/**
 * A duration for display: `1:02:03.4`, `17:00`, `0:05.1`. Hours only when non-zero, a
 * tenth only when non-zero; rounded up to the tenth like parseClockTime, so
 * `parseClockTime(formatMs(ms)).ms` is `ms` for any multiple of 100 up to MAX_CLOCK_MS.
 * Throws a RangeError for a negative or non-finite number (a programming error).
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`formatMs: not a duration: ${ms}`);
  const { hours, minutes, seconds, tenth } = split(ms);
  const tail = `${pad2(seconds)}${tenth === 0 ? '' : `.${tenth}`}`;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${tail}` : `${minutes}:${tail}`;
}

function runSignupClockTime(ms: number, withTenth: boolean): string {
  const { hours, minutes, seconds, tenth } = split(ms);
  return `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${withTenth ? `.${tenth}` : ''}`;
}

function split(ms: number): { hours: number; minutes: number; seconds: number; tenth: number } {
  const tenths = Math.ceil(ms / 100);
  const totalSeconds = Math.floor(tenths / 10);
  return {
    hours: Math.floor(totalSeconds / 3600),
    minutes: Math.floor(totalSeconds / 60) % 60,
    seconds: totalSeconds % 60,
    tenth: tenths % 10,
  };
}

/** ".15" → 2, ".10" → 1, ".95" → 10 (the caller carries it into the seconds). */
function tenthsRoundedUp(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  const first = Number(fraction[0] ?? '0');
  return /[1-9]/.test(fraction.slice(1)) ? first + 1 : first;
}

function shapeError(text: string): string {
  if (/^\d+$/.test(text)) {
    return `Time needs colons between hours, minutes and seconds (got ${shown(text)}): ${EXAMPLES}`;
  }
  if (/[^\d:.,]/.test(text)) {
    return `Time can only contain digits, colons and a decimal point (got ${shown(text)}): ${EXAMPLES}`;
  }
  return `Time ${shown(text)} is not a time I can read: ${EXAMPLES}`;
}

function fail(error: string): ClockTimeResult {
  return { ok: false, error };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A number as typed, without leading zeros, shortened for a message. */
function digits(text: string): string {
  return clip(text.replace(/^0+(?=\d)/, ''));
}

/** Quoted for a message; long input is cut so a pasted novel never fills the screen. */
function shown(text: string): string {
  return JSON.stringify(clip(text));
}

function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}
