import type { SimReply } from '../responses';
import { v1Error, v1Ok } from '../responses';
import type { EndpointDeps, SimRequest } from './context';
import { guardV1, uintParam } from './context';

/** GET /race/:race_id/results/get-result-sets?event_id=… */
export function getResultSets(req: SimRequest, deps: EndpointDeps, raceId: string): SimReply {
  const guard = guardV1(req, deps, raceId);
  if (!guard.ok) return guard.reply;
  const eventId = uintParam(req.query, 'event_id');
  if (eventId === undefined)
    return v1Error(guard.format, 3, 'Missing required parameter: event_id');
  if (eventId === null || !deps.state.event(eventId))
    return v1Error(guard.format, 301, 'Event not found.');
  return v1Ok(guard.format, {
    individual_results_sets: deps.state.resultSets(eventId).map((s) => ({
      individual_result_set_id: s.individual_result_set_id,
      individual_result_set_name: s.individual_result_set_name,
      results_source_name: null,
      results_source_url: null,
      preliminary_results: 'F',
      public_results: 'T',
      pace_type: 'T',
      results_last_modified: s.created_ts,
    })),
  });
}
