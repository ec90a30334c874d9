import { describe, expect, it } from 'vitest';
import {
  refusalScope,
  kindOfStatus,
  kindOfV1Code,
  networkError,
  readAnswer,
  shapeError,
} from '../../../main/runsignup/error-parsing';
import type { AnswerInput } from '../../../main/runsignup/error-parsing';
import { raceResponseSchema } from '../../../main/runsignup/schemas';
import type { ApiError } from '../../../main/runsignup/errors';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function answer(partial: Partial<AnswerInput> & { body: string }): ReturnType<typeof readAnswer> {
  return readAnswer({
    status: 200,
    retryAfter: null,
    nowMs: NOW,
    endpoint: 'GET /race/1',
    credentialKind: 'v1',
    ...partial,
  });
}

function failure(partial: Partial<AnswerInput> & { body: string }): {
  error: ApiError;
  cutOff: boolean;
} {
  const a = answer(partial);
  if (a.ok) throw new Error('expected a failure');
  return a;
}

const v1 = (code: number, msg: string) =>
  JSON.stringify({ error: { error_code: code, error_msg: msg } });

describe('v1 error codes (HTTP 200 with an error body)', () => {
  it.each([
    [1, 'permanent'],
    [2, 'permanent'],
    [3, 'permanent'],
    [4, 'transient'],
    [5, 'transient'],
    [6, 'needs-user'],
    [7, 'needs-user'],
    [11, 'permanent'],
    [12, 'transient'],
    [13, 'needs-user'],
    [14, 'throttled'],
    [15, 'permanent'],
    [115, 'permanent'],
    [201, 'permanent'],
    [223, 'permanent'],
    [301, 'permanent'],
    [9999, 'permanent'],
  ] as const)('code %i is %s', (code, kind) => {
    expect(kindOfV1Code(code)).toBe(kind);
    const { error } = failure({ body: v1(code, 'Something') });
    expect(error.kind).toBe(kind);
    expect(error.details.code).toBe(code);
    expect(error.details.status).toBe(200);
    expect(error.details.endpoint).toBe('GET /race/1');
  });

  it('writes human messages that name the problem and keep RunSignup’s words', () => {
    expect(failure({ body: v1(6, 'Invalid API key') }).error.message).toBe(
      'RunSignup rejected the API key (error 6: Invalid API key)',
    );
    expect(failure({ body: v1(6, 'Invalid token'), credentialKind: 'oauth' }).error.message).toBe(
      'RunSignup rejected the sign-in token (error 6: Invalid token)',
    );
    expect(failure({ body: v1(201, 'Race not found.') }).error.message).toBe(
      'RunSignup could not find this race (error 201: Race not found.)',
    );
    expect(failure({ body: v1(7, 'Permission Denied') }).error.message).toMatch(
      /denied permission/,
    );
  });

  it('reads a code sent as a string', () => {
    const { error } = failure({
      body: '{"error":{"error_code":"7","error_msg":"Permission Denied"}}',
    });
    expect(error.kind).toBe('needs-user');
    expect(error.details.code).toBe(7);
  });

  it('trusts the code over the status when both are present', () => {
    expect(failure({ status: 500, body: v1(3, 'Invalid') }).error.kind).toBe('permanent');
    expect(failure({ status: 403, body: v1(6, 'Bad key') }).error.kind).toBe('needs-user');
  });
});

describe('v2 and OAuth error shapes', () => {
  it.each([
    [400, 'permanent'],
    [401, 'needs-user'],
    [403, 'needs-user'],
    [404, 'permanent'],
    [409, 'permanent'],
    [408, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('HTTP %i with {"error":…} is %s', (status, kind) => {
    expect(kindOfStatus(status)).toBe(kind);
    const { error } = failure({
      status,
      body: JSON.stringify({ error: 'Something went wrong.', details: { race_id: 'Required.' } }),
    });
    expect(error.kind).toBe(kind);
    expect(error.details.status).toBe(status);
    expect(error.message).toContain('Something went wrong.');
    expect(error.message).toContain('race_id: Required.');
  });

  it('treats OAuth errors that mean "sign in again" as needs-user even on 400', () => {
    const { error } = failure({
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'Refresh token expired' }),
      credentialKind: 'oauth',
    });
    expect(error.kind).toBe('needs-user');
    expect(error.message).toBe(
      'RunSignup rejected the sign-in token (HTTP 400: invalid_grant: Refresh token expired)',
    );
  });

  it('keeps invalid_request a permanent error', () => {
    const { error } = failure({ status: 400, body: JSON.stringify({ error: 'invalid_request' }) });
    expect(error.kind).toBe('permanent');
  });

  it('treats an error string inside an HTTP 200 as permanent', () => {
    expect(failure({ body: JSON.stringify({ error: 'Event is not virtual' }) }).error.kind).toBe(
      'permanent',
    );
  });
});

describe('throttling', () => {
  it('reads 429 with Retry-After in seconds', () => {
    const { error } = failure({ status: 429, retryAfter: '7', body: '' });
    expect(error.kind).toBe('throttled');
    expect(error.details.retryAfterMs).toBe(7000);
    expect(error.message).toContain('retry after 7 s');
  });

  it('reads 429 with Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 30_000).toUTCString();
    const { error } = failure({ status: 429, retryAfter: at, body: '<html>Too Many</html>' });
    expect(error.kind).toBe('throttled');
    expect(error.details.retryAfterMs).toBe(30_000);
  });

  it('reads a v1 throttle (code 14 inside HTTP 200) without a wait', () => {
    const { error } = failure({ body: v1(14, 'Request throttled') });
    expect(error.kind).toBe('throttled');
    expect(error.details.retryAfterMs).toBeUndefined();
  });
});

describe('bodies that are not what they should be', () => {
  const nginx502 =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

  it('5xx with an HTML page is transient', () => {
    const { error } = failure({ status: 502, body: nginx502 });
    expect(error.kind).toBe('transient');
    expect(error.message).toBe(
      'RunSignup is not available right now (HTTP 502, a web page instead of data)',
    );
  });

  it('an HTML page with HTTP 200 (captive portal) is transient', () => {
    expect(
      failure({ body: '<!DOCTYPE html><html><body>Log in to Wi-Fi</body></html>' }).error.kind,
    ).toBe('transient');
  });

  it('truncated JSON is malformed and marked as possibly cut off', () => {
    const { error, cutOff } = failure({ body: '{"race":{"race_id":1,"na' });
    expect(error.kind).toBe('malformed');
    expect(cutOff).toBe(true);
  });

  it('an empty 200 is malformed', () => {
    expect(failure({ body: '' }).error.kind).toBe('malformed');
  });

  it('a 404 without a body is permanent', () => {
    expect(failure({ status: 404, body: 'Not Found' }).error.kind).toBe('permanent');
  });

  it('a wrong shape names the offending fields', () => {
    const parsed = raceResponseSchema.safeParse({ race: { race_id: 'abc', name: 3 } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const error = shapeError(parsed.error, 'GET /race/1', 200);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('race.race_id');
  });

  it('a good body is data', () => {
    expect(answer({ body: '{"race":{"race_id":1}}' })).toEqual({
      ok: true,
      json: { race: { race_id: 1 } },
    });
  });
});

describe('network failures', () => {
  const cause = (code: string) =>
    Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error(code), { code }),
    });

  it.each([
    ['ECONNREFUSED', /connection refused/],
    ['ECONNRESET', /connection to RunSignup was cut/],
    ['UND_ERR_SOCKET', /connection to RunSignup was cut/],
    ['ENOTFOUND', /DNS/],
  ])('%s is a transient network error', (code, message) => {
    const error = networkError(cause(code), {
      endpoint: 'GET /race/1',
      timedOut: false,
      timeoutMs: 1000,
    });
    expect(error.kind).toBe('transient');
    expect(error.details.network).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('a timeout says how long we waited', () => {
    const error = networkError(new DOMException('aborted', 'AbortError'), {
      endpoint: 'GET /race/1',
      timedOut: true,
      timeoutMs: 2500,
    });
    expect(error.message).toBe('RunSignup did not answer within 2.5 s (timeout)');
    expect(error.details.network).toBe(true);
  });
});

describe('redaction of server text', () => {
  it('removes a key RunSignup echoes back in an error message', () => {
    const secret = 'sekrit-value-123';
    const { error } = failure({
      body: v1(6, `Invalid API key ${secret} for https://x/rest/race/1?api_secret=${secret}`),
      redact: (t) => t.split(secret).join('[REDACTED]'),
    });
    expect(error.message).not.toContain(secret);
    expect(error.message).toContain('[REDACTED]');
  });
});

describe('what a permanent refusal is about (refusalScope)', () => {
  it('tells the race, the whole request, unknown codes and rows apart', () => {
    expect(refusalScope({ code: 201, status: 200 })).toBe('race');
    for (const code of [1, 2, 301]) expect(refusalScope({ code, status: 200 })).toBe('request');
    expect(refusalScope({ status: 404 })).toBe('request');
    expect(refusalScope({ code: 999, status: 200 })).toBe('unknown');
    for (const code of [3, 11, 115, 223]) expect(refusalScope({ code, status: 200 })).toBe('rows');
    expect(refusalScope({ status: 400 })).toBe('rows');
  });
});
