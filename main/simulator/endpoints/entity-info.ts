import type { SimReply } from '../responses';
import { v2Json } from '../responses';
import type { EndpointDeps, SimRequest } from './context';
import { guardV2Auth } from './context';

/** GET /v2/auth-info/entity-info.json — which race the presented key belongs to. */
export function getEntityInfo(req: SimRequest, deps: EndpointDeps): SimReply {
  const auth = guardV2Auth(req, deps);
  if (!auth.ok) return auth.reply;
  const race = deps.races.find((r) => r.raceId === auth.raceId);
  return v2Json(200, {
    generic_entity_id: race?.genericEntityId ?? 0,
    entity_type: 'race',
    entity_name: race?.name ?? '',
    entity_specific_id: auth.raceId,
  });
}
