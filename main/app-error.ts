import type { ApiFailure, ApiFailureKind } from '../preload/api';
import { isApiError } from './runsignup/errors';

/** An error main reports to the renderer with a kind it can branch on. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** SQLite's error code of a database failure ('' for anything else). */
export function sqliteCode(e: unknown): string {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
}

/** Storage failures (SQLite, the disk) a person can do something about, in words. */
const DATABASE_TROUBLE: Record<string, string> = {
  SQLITE_FULL:
    'The disk is full: nothing was saved. Free some space on this computer (delete old files or exports), then save again.',
  ENOSPC:
    'The disk is full: nothing was saved. Free some space on this computer (delete old files or exports), then try again.',
  SQLITE_IOERR:
    'The disk could not be written: nothing was saved. Check the disk has space and works, then save again.',
  SQLITE_READONLY:
    'The data folder cannot be written (read-only): nothing was saved. Check the disk, then save again.',
};

/** Any thrown value → what the renderer is told. Unknown errors say so without leaking internals. */
export function toFailure(e: unknown): ApiFailure {
  if (e instanceof AppError) return { kind: e.kind, message: e.message };
  if (isApiError(e)) return { kind: e.kind, message: e.message };
  const code = sqliteCode(e);
  const known = Object.keys(DATABASE_TROUBLE).find((k) => code === k || code.startsWith(`${k}_`));
  if (known) return { kind: 'transient', message: DATABASE_TROUBLE[known] ?? '' };
  return { kind: 'internal', message: 'Something went wrong inside the app; it has been logged.' };
}
