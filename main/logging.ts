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
}

type Level = keyof Logger;

function scrub(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.map((v) => scrub(v, redact));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, redact);
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
}): Logger {
  if (opts.file) fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  const destination = opts.file
    ? pino.destination({ dest: opts.file, sync: false })
    : pino.destination(1);
  const base = pino({ level: opts.level ?? 'info', base: undefined }, destination);
  const redact = (s: string) => (opts.secrets ? opts.secrets.redact(s) : redactText(s));
  const at =
    (level: Level) =>
    (msg: string, fields?: LogFields): void => {
      if (fields) base[level](scrub(fields, redact) as object, redact(msg));
      else base[level](redact(msg));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that keeps lines in memory (tests read them back). */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: Level; msg: string; fields?: LogFields }> = [];
  constructor(private readonly secrets?: SecretRegistry) {}
  private push(level: Level, msg: string, fields?: LogFields): void {
    const redact = (s: string) => (this.secrets ? this.secrets.redact(s) : redactText(s));
    this.lines.push({
      level,
      msg: redact(msg),
      fields: fields ? (scrub(fields, redact) as LogFields) : undefined,
    });
  }
  debug(msg: string, fields?: LogFields): void {
    this.push('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.push('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.push('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.push('error', msg, fields);
  }
  text(): string {
    return this.lines
      .map((l) => `${l.level} ${l.msg} ${l.fields ? JSON.stringify(l.fields) : ''}`)
      .join('\n');
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
