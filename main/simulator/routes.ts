import { getCheckinTimestamps } from './endpoints/checkins';
import type { EndpointDeps, SimRequest } from './endpoints/context';
import { getEntityInfo } from './endpoints/entity-info';
import { getParticipants, getRemovedParticipants } from './endpoints/participants';
import { getRace } from './endpoints/race';
import { getResultSets } from './endpoints/result-sets';
import { postUserResults } from './endpoints/user-results';
import type { SimReply } from './responses';
import { v1Error, v1Format, v2Error } from './responses';

type Handler = (
  req: SimRequest,
  deps: EndpointDeps,
  raceId: string,
) => SimReply | Promise<SimReply>;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

/** Paths are relative to `/rest`; the first capture (if any) is the race id. */
const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/v2\/participants\/checkin-timestamps\.json$/,
    handler: getCheckinTimestamps,
  },
  { method: 'GET', pattern: /^\/v2\/auth-info\/entity-info\.json$/, handler: getEntityInfo },
  { method: 'GET', pattern: /^\/race\/([^/]+)\/?$/, handler: getRace },
  { method: 'GET', pattern: /^\/race\/([^/]+)\/participants\/?$/, handler: getParticipants },
  {
    method: 'GET',
    pattern: /^\/race\/([^/]+)\/removed-participants\/?$/,
    handler: getRemovedParticipants,
  },
  {
    method: 'GET',
    pattern: /^\/race\/([^/]+)\/results\/get-result-sets\/?$/,
    handler: getResultSets,
  },
  {
    method: 'POST',
    pattern: /^\/race\/([^/]+)\/results\/user-results\/?$/,
    handler: postUserResults,
  },
];

/** Answers one request from the endpoint table; unknown paths and methods get RunSignup's errors. */
export async function route(req: SimRequest, deps: EndpointDeps): Promise<SimReply> {
  const matches = ROUTES.map((r) => ({ r, m: r.pattern.exec(req.path) })).filter(
    (x) => x.m !== null,
  );
  const isV2 = req.path.startsWith('/v2/');
  if (matches.length === 0) {
    return isV2 ? v2Error(404, 'Not found.') : v1Error(v1Format(req.query), 1, 'Unknown method.');
  }
  const hit = matches.find((x) => x.r.method === req.method);
  if (!hit || !hit.m) {
    return isV2
      ? v2Error(405, 'Method not allowed.')
      : v1Error(v1Format(req.query), 2, 'HTTP method not supported.');
  }
  return hit.r.handler(req, deps, hit.m[1] ?? '');
}
