/** The units staff type elevation gain in; RunSignup takes whole millimetres. */
export type ElevationUnit = 'm' | 'ft';

const MM_PER: Record<ElevationUnit, number> = { m: 1000, ft: 304.8 };

/**
 * What was typed ("120", "120.5", "1,200") in metres or feet → whole millimetres as text, the
 * form main checks and sends. Text that is not a number ≥ 0 is passed on unchanged, so main's
 * message names what was typed; empty stays empty. Pure, unit-tested.
 */
export function elevationToMm(typed: string, unit: ElevationUnit): string {
  const t = typed.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return typed.trim();
  return String(Math.round(Number(t) * MM_PER[unit]));
}

/** Millimetres shown in the chosen unit: "120 m", "394 ft" (one decimal when small). */
export function elevationShown(mm: number, unit: ElevationUnit): string {
  const v = mm / MM_PER[unit];
  const rounded = v >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
  return `${rounded.toLocaleString('en-US')} ${unit}`;
}
