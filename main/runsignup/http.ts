/**
 * One RunSignup request: credentials applied, a timeout on every try, the answer read and
 * classified (error-parsing.ts), validated with a zod schema, retried with backoff when that is
 * safe. Secrets never reach a log line or an error message (every text passes the redactor).
 *
 * Every try runs inside the kiosk's CallLimiter (at most 2 calls at once, urgent before
 * background; call-limiter.ts) and carries the app's API caller registration when one is set
 * (caller-registration.ts).
 *
 * Retries: GETs only, for transient and throttled failures and for bodies that may have been
 * cut off in transit (see `isRetryable`). A POST is never repeated here: whether a result
 * batch is sent again is the results queue's decision. needs-user, permanent and wrong-shape
 * answers return at once.
 */
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { Logger } from '../logging';
import type { Credentials } from './credentials';
import { ApiError } from './errors';
import { applyCredentials, credentialRedactor } from './auth';
import type { CallPriority } from './call-limiter';
import { CallLimiter } from './call-limiter';
import type { CallerRegistration } from './caller-registration';
import { applyCallerRegistration } from './caller-registration';
import type { RetryPolicy } from './backoff';
import { isRetryable, retryDelayMs } from './backoff';
import { networkError, readAnswer, shapeError } from './error-parsing';

/** What every request attempt reports (the connectivity monitor listens). */
export type RequestOutcome = { ok: true } | { ok: false; error: ApiError };

export interface HttpOptions {
  /** Includes `/rest`, e.g. `https://runsignup.com/rest`. */
  baseUrl: string;
  getCredentials: () => Credentials | null;
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  userAgent: string;
  timeoutMs: number;
  retry: RetryPolicy;
  onOutcome?: (outcome: RequestOutcome) => void;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Shared by every client of one kiosk (default: one of its own). */
  limiter?: CallLimiter;
  /** Read before every request; null sends none. */
  getCallerRegistration?: () => CallerRegistration | null;
}

export type QueryValue = string | number | undefined | null;

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Below the base URL, e.g. `/race/85675`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Form fields (POST, `application/x-www-form-urlencoded`). */
  form?: Record<string, string | undefined>;
  /** `optional`: send without credentials when none are set (the connectivity probe). */
  auth?: 'required' | 'optional';
  /** Overrides for this request (the probe tries once, quickly). */
  attempts?: number;
  timeoutMs?: number;
  /** Default: POSTs urgent, GETs background (call-limiter.ts). */
  priority?: CallPriority;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: ApiError; retryable: boolean };

export class HttpTransport {
  private readonly base: string;
  private readonly limiter: CallLimiter;

  constructor(private readonly opts: HttpOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.limiter = opts.limiter ?? new CallLimiter();
  }

  /** Sends `request` and returns its body parsed by `schema`, or throws an ApiError. */
  async send<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
    const policy: RetryPolicy = {
      ...this.opts.retry,
      attempts: request.method === 'GET' ? (request.attempts ?? this.opts.retry.attempts) : 1,
    };
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(request, schema, attempt);
      if (result.ok) return result.value;
      const wait = retryDelayMs(result.error, attempt, policy, this.opts.random, result.retryable);
      this.opts.logger.warn(
        `RunSignup ${request.method} ${request.path} failed: ${result.error.message}`,
        {
          kind: result.error.kind,
          status: result.error.details.status,
          code: result.error.details.code,
          attempt,
          retryInMs: wait,
        },
      );
      if (wait === null) throw result.error;
      await this.opts.sleep(wait);
    }
  }

  private async attempt<S extends z.ZodType>(
    request: HttpRequest,
    schema: S,
    attempt: number,
  ): Promise<Attempt<z.output<S>>> {
    const endpoint = `${request.method} ${request.path}`;
    const credentials = this.opts.getCredentials();
    if (!credentials && request.auth !== 'optional') {
      return {
        ok: false,
        retryable: false,
        error: new ApiError(
          'needs-user',
          'No RunSignup credentials are set up: add an API key or sign in under Settings',
          { endpoint },
        ),
      };
    }
    const caller = this.opts.getCallerRegistration?.() ?? null;
    const credentialRedact = credentialRedactor(credentials);
    const redact = caller
      ? (text: string) => credentialRedact(text).split(caller.secret).join('[REDACTED]')
      : credentialRedact;
    const { url, headers } = this.buildRequest(request, credentials, caller);
    const timeoutMs = request.timeoutMs ?? this.opts.timeoutMs;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let started = this.opts.clock.now();
    let status: number | undefined;
    let reply: { status: number; body: string; retryAfter: string | null };
    const priority = request.priority ?? (request.method === 'POST' ? 'urgent' : 'background');
    try {
      // The slot is held for the call itself (not for the waits between retries); the
      // timeout counts from when the call really starts.
      reply = await this.limiter.run(priority, async () => {
        timer = setTimeout(() => controller.abort(), timeoutMs);
        started = this.opts.clock.now();
        const response = await this.opts.fetch(url, {
          method: request.method,
          headers,
          signal: controller.signal,
          // Never follow a redirect: it would carry the secret headers to wherever it points.
          redirect: 'manual',
          ...(request.form ? { body: formBody(request.form) } : {}),
        });
        status = response.status;
        const retryAfter = response.headers.get('retry-after');
        return { status, retryAfter, body: await readCapped(response, MAX_BODY_BYTES) };
      });
    } catch (cause) {
      if (cause instanceof ApiError) {
        return this.finish(cause, false, { endpoint, url, started, attempt, redact });
      }
      const error = networkError(cause, {
        endpoint,
        timedOut: controller.signal.aborted,
        timeoutMs,
        redact,
        ...(status === undefined ? {} : { status }),
      });
      return this.finish(error, true, { endpoint, url, started, attempt, redact });
    } finally {
      clearTimeout(timer);
    }

    const answer = readAnswer({
      ...reply,
      nowMs: this.opts.clock.now(),
      endpoint,
      credentialKind: credentials?.kind ?? null,
      redact,
    });
    if (!answer.ok) {
      return this.finish(answer.error, isRetryable(answer.error, answer.cutOff), {
        endpoint,
        url,
        started,
        attempt,
        redact,
      });
    }
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) {
      const error = shapeError(parsed.error, endpoint, reply.status);
      return this.finish(error, false, { endpoint, url, started, attempt, redact });
    }
    this.opts.logger.debug(`RunSignup ${endpoint} → ${reply.status}`, {
      url: redact(url.toString()),
      ms: this.opts.clock.now() - started,
      attempt,
    });
    this.opts.onOutcome?.({ ok: true });
    return { ok: true, value: parsed.data as z.output<S> };
  }

  private finish(
    error: ApiError,
    retryable: boolean,
    ctx: {
      endpoint: string;
      url: URL;
      started: number;
      attempt: number;
      redact: (s: string) => string;
    },
  ): Attempt<never> {
    this.opts.logger.debug(`RunSignup ${ctx.endpoint} → ${error.details.status ?? 'no answer'}`, {
      url: ctx.redact(ctx.url.toString()),
      ms: this.opts.clock.now() - ctx.started,
      attempt: ctx.attempt,
    });
    this.opts.onOutcome?.({ ok: false, error });
    return { ok: false, error, retryable };
  }

  private buildRequest(
    request: HttpRequest,
    credentials: Credentials | null,
    caller: CallerRegistration | null,
  ): { url: URL; headers: Record<string, string> } {
    const url = new URL(`${this.base}${request.path}`);
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': this.opts.userAgent,
    };
    if (request.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const registered = caller ? applyCallerRegistration(url, headers, caller) : { url, headers };
    return credentials
      ? applyCredentials(registered.url, registered.headers, credentials)
      : registered;
  }
}

function formBody(form: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.set(k, v);
  return params.toString();
}

/** No RunSignup answer comes near this (a 2,500-participant page is about 1.5 MB). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Reads a body as text, refusing one larger than `max` bytes without holding it all. */
async function readCapped(response: Response, max: number): Promise<string> {
  const tooLarge = () =>
    new ApiError(
      'malformed',
      `RunSignup sent an answer larger than ${Math.round(max / 1024 / 1024)} MB; it was not read.`,
      {
        status: response.status,
      },
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
