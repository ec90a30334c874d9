import type { SimReply } from '../responses';
import { v2Error, v2Json } from '../responses';
import type { EndpointDeps, SimRequest } from './context';
import { guardV2Auth, uintParam } from './context';

export const MAX_CHECKINS_PER_PAGE = 1250;
const DEFAULT_CHECKINS_PER_PAGE = 100;

/**
 * GET /v2/participants/checkin-timestamps.json — ordered by checkin_ts ASC then
 * registration_id, inclusive bounds, page-number paging (docs/RUNSIGNUP.md §1). Errors are v2:
 * real HTTP statuses with `{"error":…,"details":{…}}`.
 */
export function getCheckinTimestamps(req: SimRequest, deps: EndpointDeps): SimReply {
  const auth = guardV2Auth(req, deps);
  if (!auth.ok) return auth.reply;

  const invalid: Record<string, string> = {};
  const read = (name: string): number | undefined => {
    const v = uintParam(req.query, name);
    if (v === null) invalid[name] = 'Must be an unsigned integer.';
    return v ?? undefined;
  };
  const raceId = read('race_id');
  const min = read('min_checkin_ts');
  const max = read('max_checkin_ts');
  const page = read('page') ?? 1;
  const num = read('num') ?? DEFAULT_CHECKINS_PER_PAGE;
  if (raceId === undefined && !invalid.race_id) invalid.race_id = 'Required.';
  if (page < 1) invalid.page = 'Must be at least 1.';
  if (num < 1) invalid.num = 'Must be at least 1.';
  if (num > MAX_CHECKINS_PER_PAGE) invalid.num = `Must be at most ${MAX_CHECKINS_PER_PAGE}.`;
  if (Object.keys(invalid).length > 0) return v2Error(400, 'Invalid request parameters.', invalid);

  if (raceId !== deps.state.raceId) return v2Error(404, 'Race not found.', { race_id: raceId });
  if (auth.raceId !== deps.state.raceId)
    return v2Error(403, 'Permission denied.', { race_id: raceId });

  const rows = deps.state.checkinsPage(
    min ?? 0,
    max ?? Number.MAX_SAFE_INTEGER,
    (page - 1) * num,
    num,
  );
  return v2Json(200, { checkin_timestamps: rows });
}
