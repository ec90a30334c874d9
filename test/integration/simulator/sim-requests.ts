/** Small fetch helpers for talking to the simulator the way a RunSignup client would. */
import type { CallerRegistration, SimCredentials, Simulator } from '../../../main/simulator/index';

export type AuthStyle = 'v1' | 'v2' | 'oauth' | 'none';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Query parameters and headers presenting `creds` in one of RunSignup's three forms. */
export function authFor(
  creds: SimCredentials,
  style: AuthStyle,
): { query: Record<string, string>; headers: Record<string, string> } {
  switch (style) {
    case 'v1':
      return { query: { api_key: creds.v1.apiKey, api_secret: creds.v1.apiSecret }, headers: {} };
    case 'v2':
      return {
        query: { rsu_api_key: creds.v2.apiKey },
        headers: { 'X-RSU-API-SECRET': creds.v2.apiSecret },
      };
    case 'oauth':
      return { query: {}, headers: { Authorization: `Bearer ${creds.oauth.accessToken}` } };
    case 'none':
      return { query: {}, headers: {} };
  }
}

export function urlFor(
  sim: Simulator,
  path: string,
  query: Record<string, string | number>,
): string {
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  );
  return `${sim.url}${path}?${qs.toString()}`;
}

/**
 * The app's caller registration as a client sends it (docs/RUNSIGNUP.md §7): by default the
 * simulator's own, so requests hold after the 2027-01-01 cut-off; `null` sends none.
 */
export function callerFor(
  sim: Simulator,
  caller: CallerRegistration | null | undefined,
): { query: Record<string, string>; headers: Record<string, string> } {
  const c = caller === undefined ? sim.callerRegistration : caller;
  return c
    ? { query: { rsu_api_reg: c.regId }, headers: { 'X-RSU-API-REG-SECRET': c.secret } }
    : { query: {}, headers: {} };
}

export async function get(
  sim: Simulator,
  path: string,
  params: Record<string, string | number> = {},
  opts: {
    auth?: AuthStyle;
    creds?: SimCredentials;
    headers?: Record<string, string>;
    caller?: CallerRegistration | null;
  } = {},
): Promise<HttpAnswer> {
  const auth = authFor(opts.creds ?? sim.credentials, opts.auth ?? 'v1');
  const caller = callerFor(sim, opts.caller);
  const res = await fetch(urlFor(sim, path, { ...caller.query, ...auth.query, ...params }), {
    headers: { ...caller.headers, ...auth.headers, ...opts.headers },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** GET a v1 endpoint with format=json and parse the body. */
export async function getJson<T = unknown>(
  sim: Simulator,
  path: string,
  params: Record<string, string | number> = {},
  opts: { auth?: AuthStyle; creds?: SimCredentials } = {},
): Promise<{ status: number; body: T; text: string }> {
  const answer = await get(sim, path, { format: 'json', ...params }, opts);
  return { status: answer.status, body: JSON.parse(answer.text) as T, text: answer.text };
}

export async function getCheckins(
  sim: Simulator,
  params: Record<string, string | number>,
  opts: { auth?: AuthStyle; creds?: SimCredentials } = {},
): Promise<{ status: number; body: unknown; text: string }> {
  const answer = await get(sim, '/v2/participants/checkin-timestamps.json', params, {
    auth: opts.auth ?? 'v2',
    creds: opts.creds,
  });
  return { status: answer.status, body: JSON.parse(answer.text) as unknown, text: answer.text };
}

export interface CheckinPage {
  checkin_timestamps: Array<{ registration_id: number; checkin_ts: number }>;
}

/** POST user-results with a urlencoded form. */
export async function postResults(
  sim: Simulator,
  form: Record<string, string | number>,
  opts: { format?: 'json' | 'xml'; auth?: AuthStyle; raceId?: number } = {},
): Promise<HttpAnswer> {
  const auth = authFor(sim.credentials, opts.auth ?? 'v1');
  const caller = callerFor(sim, undefined);
  const query: Record<string, string> = { ...caller.query, ...auth.query };
  if (opts.format !== undefined) query.format = opts.format;
  const body = new URLSearchParams(
    Object.entries(form).map(([k, v]): [string, string] => [k, String(v)]),
  );
  const res = await fetch(
    urlFor(sim, `/race/${opts.raceId ?? sim.raceId}/results/user-results`, query),
    {
      method: 'POST',
      headers: { ...caller.headers, ...auth.headers },
      body,
    },
  );
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Posts `virtual_results` as JSON and parses the JSON answer. */
export async function postJsonResults(
  sim: Simulator,
  eventId: number,
  rows: unknown[],
  extra: Record<string, string | number> = {},
): Promise<{ status: number; body: V1Answer }> {
  const answer = await postResults(
    sim,
    {
      event_id: eventId,
      request_format: 'json',
      request: JSON.stringify({ virtual_results: rows }),
      ...extra,
    },
    { format: 'json' },
  );
  return { status: answer.status, body: JSON.parse(answer.text) as V1Answer };
}

export interface V1Answer {
  error?: { error_code: number; error_msg: string };
  virtual_results?: Array<{
    registration_id: number;
    bib_num: number | null;
    results_received_ts: number;
    individual_result_set_id: number;
    submitted_time_in_ms: number | null;
    elevation_gain_in_mm: number | null;
    result_approval_ts: number | null;
  }>;
  errors?: Array<{ row: number; error_code: number; error_msg: string }>;
}
