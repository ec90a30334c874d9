import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { SecretRegistry } from './redact';
import { redactText } from './redact';

export type LogFields = Record<string, unknown>;

/** The one logging interface every service takes as a collaborator. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Writes out what is buffered, now (before the process exits). */
  flush?(): void;
}

/** The log file rotates past this size: kiosk.log → kiosk.log.1 → … → kiosk.log.3. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 3;
/** How many lines between two size checks. */
const ROTATE_CHECK_LINES = 200;

/** Moves `file` to `file.1` (and older ones along, keeping `keep`) when it is `maxBytes` or more. */
export function rotateLog(file: string, maxBytes = LOG_MAX_BYTES, keep = LOG_KEEP): boolean {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return false;
  }
  if (size < maxBytes) return false;
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  }
  fs.renameSync(file, `${file}.1`);
  return true;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** `value` with every string in it passed through `redact` (errors keep their name and message). */
export function scrubFields(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map((v) => scrubFields(v, redact));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubFields(v, redact);
    return out;
  }
  return value;
}

/**
 * A JSON-lines logger (pino) writing to `file`, or to stdout when no file is given.
 * Every message and field passes through the secret redactor first.
 */
export function createLogger(opts: {
  file?: string;
  level?: string;
  secrets?: SecretRegistry;
  /** Rotate the file past this size (default LOG_MAX_BYTES). */
  maxBytes?: number;
}): Logger {
  const file = opts.file;
  const maxBytes = opts.maxBytes ?? LOG_MAX_BYTES;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    rotateLog(file, maxBytes);
  }
  // Written synchronously: a line logged just before the process exits (a crash, a relaunch)
  // is on disk. The app writes a few lines a second at most.
  const destination = file ? pino.destination({ dest: file, sync: true }) : pino.destination(1);
  const base = pino({ level: opts.level ?? 'info', base: undefined }, destination);
  const redact = (s: string) => (opts.secrets ? opts.secrets.redact(s) : redactText(s));
  const flush = (): void => {
    try {
      destination.flushSync();
    } catch {
      // Not open yet: nothing was buffered.
    }
  };
  let lines = 0;
  const at =
    (level: LogLevel) =>
    (msg: string, fields?: LogFields): void => {
      if (fields) base[level](scrubFields(fields, redact) as object, redact(msg));
      else base[level](redact(msg));
      if (file && ++lines % ROTATE_CHECK_LINES === 0) {
        flush();
        if (rotateLog(file, maxBytes)) destination.reopen();
      }
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), flush };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
