import type { z } from 'zod';
import type { ApiRequests, Envelope, RequestMethod } from '../../preload/api';
import { REQUEST_METHODS } from '../../preload/api';
import { argsSchemas } from './schemas';
import { toFailure } from '../app-error';
import type { Logger } from '../logging';

export type Dispatch = (method: string, args: unknown) => Promise<Envelope<unknown>>;

const known = new Set<string>(REQUEST_METHODS);

/** A schema failure in words a person can act on ("0.eventId: required (a number)"). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const message = i.message
        .replace(/^Invalid input: expected (\w+), received undefined$/, 'required (a $1)')
        .replace(/^Invalid input: expected (\w+), received (\w+)$/, 'must be a $1, not a $2');
      return i.path.length ? `${i.path.join('.')}: ${message}` : message;
    })
    .join('; ');
}

/**
 * One way into the services for every transport (Electron IPC, the web host's WebSocket):
 * the method must exist, its arguments must match the schema, and every failure comes back
 * as an envelope with a kind, never as a thrown error.
 */
export function createDispatch(api: ApiRequests, logger: Logger): Dispatch {
  return async (method, args) => {
    if (!known.has(method)) {
      return {
        ok: false,
        error: { kind: 'invalid-input', message: `Unknown request "${method}".` },
      };
    }
    const m = method as RequestMethod;
    const parsed = argsSchemas[m].safeParse(args);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          kind: 'invalid-input',
          message: `Invalid input for ${m}: ${describeIssues(parsed.error)}`,
        },
      };
    }
    try {
      const fn = api[m] as (...a: unknown[]) => Promise<unknown>;
      const value = await fn.apply(api, parsed.data as unknown[]);
      return { ok: true, value };
    } catch (e) {
      const failure = toFailure(e);
      if (failure.kind === 'internal') logger.error(`request ${m} failed`, { error: e });
      return { ok: false, error: failure };
    }
  };
}
