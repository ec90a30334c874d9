/**
 * The chaos run's result values: each row carries a number that increases strictly over the
 * run, written as the row's clock time, so the result RunSignup holds tells which commit it is.
 */

/** Value 1 is 0:10:01 (no zero times, which only earn a warning). */
const OFFSET_S = 600;

export function clockTimeOf(value: number): string {
  const total = OFFSET_S + value;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The value a clock time (as the kiosk normalised and sent it) encodes, or null. */
export function valueOfClockTime(text: string): number | null {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - OFFSET_S;
  return value >= 1 ? value : null;
}
