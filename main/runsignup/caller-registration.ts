/**
 * This app's API caller registration with RunSignup (docs/RUNSIGNUP.md §7): `rsu_api_reg` in
 * the query and `X-RSU-API-REG-SECRET` in a header, on every call. It identifies the app and
 * authenticates nothing (race keys or OAuth are still needed). RunSignup rejects a wrong pair
 * on every call (HTTP 400, error 17) and, from 2027-01-01, calls without one.
 */
import { z } from 'zod';

export interface CallerRegistration {
  regId: string;
  secret: string;
}

export const callerRegistrationSchema = z.object({
  regId: z.string().trim().min(1).max(100),
  secret: z.string().trim().min(1).max(500),
});

/** RunSignup's error code for a rejected caller registration. */
export const CALLER_REJECTED_CODE = 17;

/** Returns a new URL and header set carrying the registration; the inputs are left untouched. */
export function applyCallerRegistration(
  url: URL,
  headers: Record<string, string>,
  registration: CallerRegistration,
): { url: URL; headers: Record<string, string> } {
  const out = new URL(url);
  out.searchParams.set('rsu_api_reg', registration.regId);
  return { url: out, headers: { ...headers, 'X-RSU-API-REG-SECRET': registration.secret } };
}

/**
 * The registration baked in when the installers were built (`RSU_API_REG` and
 * `RSU_API_REG_SECRET` at `npm run dist`; electron.vite.config.ts), or null.
 */
export function builtInCallerRegistration(
  regId: string | undefined,
  secret: string | undefined,
): CallerRegistration | null {
  const parsed = callerRegistrationSchema.safeParse({ regId: regId ?? '', secret: secret ?? '' });
  return parsed.success ? parsed.data : null;
}
