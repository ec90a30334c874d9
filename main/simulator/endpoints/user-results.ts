import type { SimResultSet, StoredResult } from '../race-data';
import type { SimReply } from '../responses';
import { v1Error, v1Ok } from '../responses';
import { isVirtual } from '../scenario';
import type { RowError } from '../virtual-results';
import { parseRequestRows, RequestFormatError, resolveRow } from '../virtual-results';
import type { EndpointDeps, SimRequest } from './context';
import { guardV1 } from './context';

/** The POST form fields (urlencoded or multipart); anything else reads as an empty form, as in PHP. */
async function readForm(req: SimRequest): Promise<Map<string, string>> {
  const type = String(req.headers['content-type'] ?? '');
  const fields = new Map<string, string>();
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return fields;
  try {
    const form = await new Response(new Uint8Array(req.body), {
      headers: { 'content-type': type },
    }).formData();
    for (const [k, v] of form.entries())
      if (typeof v === 'string' && !fields.has(k)) fields.set(k, v);
  } catch {
    // A malformed body reads as an empty form.
  }
  return fields;
}

function uint(text: string | undefined): number | undefined | null {
  if (text === undefined || text.trim() === '') return undefined;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Receipt keys that may be missing (`omitOptionalKeys`; the seed's own XML example has no elevation). */
const OPTIONAL_RECEIPT_KEYS = [
  'elevation_gain_in_mm',
  'result_approval_ts',
  'submitted_time_in_ms',
];

function responseRow(deps: EndpointDeps, r: StoredResult): Record<string, unknown> {
  return deps.optional.trim(
    {
      registration_id: r.registration_id,
      bib_num: r.bib_num,
      results_received_ts: r.results_received_ts,
      individual_result_set_id: r.individual_result_set_id,
      submitted_time_in_ms: r.submitted_time_in_ms,
      elevation_gain_in_mm: r.elevation_gain_in_mm,
      result_approval_ts: r.result_approval_ts,
    },
    `receipt:${r.registration_id}:${r.version}`,
    OPTIONAL_RECEIPT_KEYS,
  );
}

/**
 * POST /race/:race_id/results/user-results. With the default row-error mode a single bad row
 * rejects the whole request (v1 error code 3 naming the row) and nothing is stored; in
 * "per-row" mode the good rows are stored and the bad ones listed under `errors`.
 */
export async function postUserResults(
  req: SimRequest,
  deps: EndpointDeps,
  raceId: string,
): Promise<SimReply> {
  const guard = guardV1(req, deps, raceId);
  if (!guard.ok) return guard.reply;
  const fail = (code: number, msg: string): SimReply => v1Error(guard.format, code, msg);
  const form = await readForm(req);
  const state = deps.state;

  const eventId = uint(form.get('event_id'));
  if (eventId === undefined) return fail(3, 'Missing required parameter: event_id');
  const event = eventId === null ? undefined : state.event(eventId);
  if (!event) return fail(301, 'Event not found.');
  if (!isVirtual(event))
    return fail(11, `Invalid submission: event ${event.eventId} is not a virtual event.`);

  const sets = state.resultSets(event.eventId);
  const setParam = uint(form.get('individual_result_set_id'));
  let set: SimResultSet | undefined;
  if (setParam !== undefined) {
    set = sets.find((s) => s.individual_result_set_id === setParam);
    if (!set)
      return fail(3, `Invalid individual_result_set_id: ${form.get('individual_result_set_id')}`);
  } else if (sets.length > 1) {
    return fail(
      3,
      'individual_result_set_id is required when the event has more than one result set.',
    );
  } else {
    set = sets[0];
  }

  const requestFormat = (form.get('request_format') ?? 'xml').trim().toLowerCase() || 'xml';
  if (requestFormat !== 'json' && requestFormat !== 'xml')
    return fail(3, `Invalid request_format: ${requestFormat}`);
  const request = form.get('request');
  if (!request || request.trim() === '') return fail(3, 'Missing required parameter: request');
  let rows;
  try {
    rows = parseRequestRows(request, requestFormat);
  } catch (e) {
    if (e instanceof RequestFormatError) return fail(3, e.message);
    throw e;
  }

  const nowTs = state.nowTs();
  const pending = new Map<number, Omit<StoredResult, 'version'>>();
  const accepted: Array<Omit<StoredResult, 'version'>> = [];
  const errors: RowError[] = [];
  const provisionalSetId = set?.individual_result_set_id ?? -1;
  rows.forEach((raw, i) => {
    const outcome = resolveRow(
      state,
      event,
      provisionalSetId,
      raw,
      i,
      nowTs,
      (id) =>
        pending.get(id) ?? (set ? state.storedResult(set.individual_result_set_id, id) : undefined),
    );
    if (outcome.ok) {
      pending.set(outcome.result.registration_id, outcome.result);
      accepted.push(outcome.result);
    } else {
      errors.push({ row: outcome.row, message: outcome.message });
    }
  });

  const firstError = errors[0];
  if (firstError && deps.rowErrors === 'whole-request') return fail(3, firstError.message);
  if (accepted.length > 0 && !set)
    set = state.createResultSet(event.eventId, `${event.name} Results`);
  const setId = set?.individual_result_set_id ?? provisionalSetId;
  const stored =
    accepted.length > 0
      ? state.writeResults(accepted.map((r) => ({ ...r, individual_result_set_id: setId })))
      : [];

  const body: Record<string, unknown> = {
    virtual_results: stored.map((r) => responseRow(deps, r)),
  };
  if (deps.rowErrors === 'per-row' && errors.length > 0) {
    body.errors = errors.map((e) => ({ row: e.row, error_code: 3, error_msg: e.message }));
  }
  return v1Ok(guard.format, body, 'event_individual_results_user_upload');
}
