import type { LogFields, Logger, LogLevel } from '../../main/logging';
import { scrubFields } from '../../main/logging';
import type { SecretRegistry } from '../../main/redact';
import { redactText } from '../../main/redact';

/** A logger that keeps lines in memory, redacted as the file logger redacts (tests read them back). */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: LogLevel; msg: string; fields?: LogFields }> = [];
  constructor(private readonly secrets?: SecretRegistry) {}
  private push(level: LogLevel, msg: string, fields?: LogFields): void {
    const redact = (s: string) => (this.secrets ? this.secrets.redact(s) : redactText(s));
    this.lines.push({
      level,
      msg: redact(msg),
      fields: fields ? (scrubFields(fields, redact) as LogFields) : undefined,
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
