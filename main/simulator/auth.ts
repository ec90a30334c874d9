import type { IncomingHttpHeaders } from 'node:http';

/** One race's keys, in the three forms RunSignup accepts (docs/RUNSIGNUP.md §4). */
export interface SimCredentials {
  v1: { apiKey: string; apiSecret: string };
  v2: { apiKey: string; apiSecret: string };
  oauth: { accessToken: string };
}

export type AuthMode = 'v1' | 'v2' | 'oauth';

export type AuthOutcome =
  | { ok: true; mode: AuthMode; raceId: number }
  | {
      ok: false;
      mode: AuthMode | 'none';
      reason: 'missing' | 'invalid' | 'secret-in-url';
      message: string;
    };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Which mode a request tried, without judging it (for the request log). */
export function attemptedMode(
  query: URLSearchParams,
  headers: IncomingHttpHeaders,
): AuthMode | 'none' {
  if (/^Bearer\s/i.test(header(headers, 'authorization') ?? '')) return 'oauth';
  if (query.has('rsu_api_key') || query.has('sp_api_key')) return 'v2';
  if (query.has('api_key') || query.has('api_secret')) return 'v1';
  return 'none';
}

/**
 * Knows which keys are valid and for which race. Keys of another race authenticate but carry
 * no permission here (v1 code 7 / HTTP 403).
 */
export class CredentialBook {
  private revoked = false;

  constructor(
    private readonly owners: ReadonlyArray<{ raceId: number; credentials: SimCredentials }>,
  ) {}

  revokeAll(): void {
    this.revoked = true;
  }

  restoreAll(): void {
    this.revoked = false;
  }

  get isRevoked(): boolean {
    return this.revoked;
  }

  authenticate(
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
    opts: { revoked?: boolean } = {},
  ): AuthOutcome {
    const mode = attemptedMode(query, headers);
    const fail = (
      reason: 'missing' | 'invalid' | 'secret-in-url',
      message: string,
    ): AuthOutcome => ({
      ok: false,
      mode,
      reason,
      message,
    });
    if (mode === 'none') return fail('missing', 'Authentication required.');
    const revoked = this.revoked || opts.revoked === true;
    const owner = (match: (c: SimCredentials) => boolean): AuthOutcome => {
      const found = this.owners.find((o) => match(o.credentials));
      if (!found || revoked) return fail('invalid', 'Invalid API key or secret.');
      return { ok: true, mode, raceId: found.raceId };
    };

    switch (mode) {
      case 'oauth': {
        const token = (header(headers, 'authorization') ?? '').replace(/^Bearer\s+/i, '').trim();
        return owner((c) => c.oauth.accessToken === token);
      }
      case 'v2': {
        if (query.has('api_secret')) {
          return fail(
            'secret-in-url',
            'The API v2 secret must be sent in the X-RSU-API-SECRET header, not the URL.',
          );
        }
        const key = query.get('rsu_api_key') ?? query.get('sp_api_key') ?? '';
        const secret = header(headers, 'x-rsu-api-secret');
        if (!secret) return fail('missing', 'Missing X-RSU-API-SECRET header.');
        return owner((c) => c.v2.apiKey === key && c.v2.apiSecret === secret);
      }
      case 'v1': {
        const key = query.get('api_key');
        const secret = query.get('api_secret');
        if (!key || !secret) return fail('missing', 'Missing API key or secret.');
        return owner((c) => c.v1.apiKey === key && c.v1.apiSecret === secret);
      }
    }
  }
}
