/**
 * Values baked into the main bundle when it is built (electron.vite.config.ts `define`), so
 * whoever builds the installers can give every kiosk the app's API caller registration
 * (docs/RUNSIGNUP.md §7) without staff typing it:
 *
 *   RSU_API_REG=1234 RSU_API_REG_SECRET=… npm run dist
 *
 * Unbuilt (tests, the web host) the constants do not exist and nothing is baked in.
 */
import type { CallerRegistration } from './runsignup/caller-registration';
import { builtInCallerRegistration } from './runsignup/caller-registration';

declare const __RSU_API_REG__: string | undefined;
declare const __RSU_API_REG_SECRET__: string | undefined;

/** The `define` entries for a build, from the environment of `npm run build` / `npm run dist`. */
export function buildDefines(env: Record<string, string | undefined>): Record<string, string> {
  return {
    __RSU_API_REG__: JSON.stringify(env['RSU_API_REG']?.trim() ?? ''),
    __RSU_API_REG_SECRET__: JSON.stringify(env['RSU_API_REG_SECRET']?.trim() ?? ''),
  };
}

/** The registration baked into this build, or null. */
export function bakedCallerRegistration(): CallerRegistration | null {
  return builtInCallerRegistration(
    typeof __RSU_API_REG__ === 'string' ? __RSU_API_REG__ : undefined,
    typeof __RSU_API_REG_SECRET__ === 'string' ? __RSU_API_REG_SECRET__ : undefined,
  );
}
