import type { SimParticipant, SimRemovedParticipant } from '../race-data';
import type { SimReply, V1Format } from '../responses';
import { v1Error, v1JsonBytes, v1Ok } from '../responses';
import { phpJson } from '../v1-encoding';
import type { EndpointDeps, Guarded, SimRequest } from './context';
import { guardV1, uintParam } from './context';

export const MAX_RESULTS_PER_PAGE = 2500;
const DEFAULT_RESULTS_PER_PAGE = 50;

type SortKey =
  | 'registration_id'
  | 'last_name'
  | 'first_name'
  | 'bib_num'
  | 'last_modified'
  | 'registration_date'
  | 'age'
  | 'user_id';

const SORT_VALUE: Record<SortKey, (p: SimParticipant) => number | string | null> = {
  registration_id: (p) => p.registration_id,
  last_name: (p) => p.user.last_name.toLowerCase(),
  first_name: (p) => p.user.first_name.toLowerCase(),
  bib_num: (p) => p.bib_num,
  last_modified: (p) => p.last_modified,
  registration_date: (p) => p.registration_ts,
  age: (p) => p.age,
  user_id: (p) => p.user.user_id,
};

interface Paging {
  eventIds: number[];
  page: number;
  perPage: number;
  modifiedAfter: number | undefined;
  sort: { key: SortKey; desc: boolean };
}

/** Reads event_id, page, results_per_page, sort and modified_after_timestamp (v1 errors on bad input). */
function readPaging(
  req: SimRequest,
  deps: EndpointDeps,
  format: V1Format,
  eventRequired: boolean,
): Guarded<Paging> {
  const bad = (code: number, msg: string): Guarded<Paging> => ({
    ok: false,
    reply: v1Error(format, code, msg),
  });
  const rawEvents = (req.query.get('event_id') ?? '').trim();
  let eventIds: number[];
  if (rawEvents === '') {
    if (eventRequired) return bad(3, 'Missing required parameter: event_id');
    eventIds = deps.state.events().map((e) => e.eventId);
  } else {
    const parts = rawEvents.split(',').map((s) => s.trim());
    if (parts.some((s) => !/^\d+$/.test(s))) return bad(3, `Invalid event_id: ${rawEvents}`);
    eventIds = [...new Set(parts.map(Number))];
    const unknown = eventIds.find((id) => !deps.state.event(id));
    if (unknown !== undefined) return bad(301, `Event not found: ${unknown}`);
  }
  const page = uintParam(req.query, 'page');
  if (page === null || page === 0) return bad(3, 'Invalid page.');
  const perPage = uintParam(req.query, 'results_per_page');
  if (perPage === null || perPage === 0) return bad(3, 'Invalid results_per_page.');
  if (perPage !== undefined && perPage > MAX_RESULTS_PER_PAGE) {
    return bad(3, `results_per_page may not exceed ${MAX_RESULTS_PER_PAGE}.`);
  }
  const modifiedAfter = uintParam(req.query, 'modified_after_timestamp');
  if (modifiedAfter === null) return bad(3, 'Invalid modified_after_timestamp.');
  const sortText = (req.query.get('sort') ?? 'registration_id ASC').trim();
  const m = /^([a-z_]+)(?:\s+(asc|desc))?$/i.exec(sortText);
  const key = m?.[1]?.toLowerCase();
  if (!m || !key || !(key in SORT_VALUE)) return bad(3, `Invalid sort: ${sortText}`);
  return {
    ok: true,
    eventIds,
    page: page ?? 1,
    perPage: perPage ?? DEFAULT_RESULTS_PER_PAGE,
    modifiedAfter,
    sort: { key: key as SortKey, desc: (m[2] ?? 'ASC').toUpperCase() === 'DESC' },
  };
}

function compareValues(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function sorted(list: readonly SimParticipant[], sort: Paging['sort']): readonly SimParticipant[] {
  if (sort.key === 'registration_id') return sort.desc ? [...list].reverse() : list;
  const value = SORT_VALUE[sort.key];
  const dir = sort.desc ? -1 : 1;
  return [...list].sort(
    (a, b) => dir * (compareValues(value(a), value(b)) || a.registration_id - b.registration_id),
  );
}

/** Keys a participant row or its user may lack (`omitOptionalKeys`); ids, names and bib never. */
const OPTIONAL_PARTICIPANT_KEYS = [
  'chip_num',
  'registration_date',
  'team_id',
  'team_name',
  'age',
  'last_modified',
];
const OPTIONAL_USER_KEYS = ['middle_name', 'email', 'phone', 'address', 'dob', 'gender'];
const OPTIONAL_REMOVED_KEYS = ['bib_num', 'new_registration_id', 'last_modified', 'user'];

function userJson(
  deps: EndpointDeps,
  p: { registration_id: number; user: SimParticipant['user'] },
) {
  return deps.optional.trim(
    { ...p.user, profile_image_url: null },
    `user:${p.registration_id}`,
    OPTIONAL_USER_KEYS,
  );
}

/** One participant's row as RunSignup sends it. */
function participantJson(deps: EndpointDeps, p: SimParticipant): Record<string, unknown> {
  return deps.optional.trim(
    {
      user: userJson(deps, p),
      registration_id: p.registration_id,
      event_id: p.event_id,
      race_fee: '$35.00',
      processing_fee: '$3.20',
      transactions: [],
      bib_num: p.bib_num,
      chip_num: p.chip_num,
      age: p.age,
      registration_date: deps.dates.format(p.registration_ts),
      team_id: p.team_id,
      team_name: p.team_name,
      team_type: null,
      imported: 'F',
      last_modified: p.last_modified,
    },
    `participant:${p.registration_id}`,
    OPTIONAL_PARTICIPANT_KEYS,
  );
}

/** One requested event and the rows of its page. */
export interface EventPage {
  eventId: number;
  rows: readonly SimParticipant[];
}

/** The answer as a value (what XML is written from). */
export function participantsValue(deps: EndpointDeps, pages: readonly EventPage[]): unknown[] {
  return pages.map(({ eventId, rows }) => ({
    event: { event_id: eventId, participants: [] },
    participants: rows.map((p) => participantJson(deps, p)),
  }));
}

/** A participant's row in UTF-8 JSON, encoded once per row (a roster row never changes in place). */
function rowBytes(deps: EndpointDeps, p: SimParticipant): Buffer {
  let bytes = deps.participantRows.get(p);
  if (bytes === undefined) {
    bytes = Buffer.from(phpJson(participantJson(deps, p)), 'utf8');
    deps.participantRows.set(p, bytes);
  }
  return bytes;
}

const COMMA = Buffer.from(',');
const END_OF_EVENT = Buffer.from(']}');

/**
 * The answer's JSON bytes: `phpJson(participantsValue(deps, pages))` in UTF-8, byte for byte,
 * put together from each row's bytes kept in `deps.participantRows`.
 */
export function participantsJson(deps: EndpointDeps, pages: readonly EventPage[]): Buffer {
  const parts: Buffer[] = [];
  pages.forEach(({ eventId, rows }, i) => {
    const event = phpJson({ event_id: eventId, participants: [] });
    parts.push(Buffer.from(`${i === 0 ? '[' : ','}{"event":${event},"participants":[`));
    rows.forEach((p, j) => {
      if (j > 0) parts.push(COMMA);
      parts.push(rowBytes(deps, p));
    });
    parts.push(END_OF_EVENT);
  });
  parts.push(Buffer.from(pages.length === 0 ? '[]' : ']'));
  return Buffer.concat(parts);
}

/**
 * GET /race/:race_id/participants — an array of per-event objects; `event.participants` is
 * always empty (the quirk) and the rows are in the sibling `participants`. Paging applies to
 * each requested event separately; every requested event is listed, with an empty array once
 * its pages run out.
 */
export function getParticipants(req: SimRequest, deps: EndpointDeps, raceId: string): SimReply {
  const guard = guardV1(req, deps, raceId);
  if (!guard.ok) return guard.reply;
  const paging = readPaging(req, deps, guard.format, true);
  if (!paging.ok) return paging.reply;
  const offset = (paging.page - 1) * paging.perPage;
  const pages = paging.eventIds.map((eventId): EventPage => {
    let list = deps.state.participants(eventId);
    const after = paging.modifiedAfter;
    if (after !== undefined) list = list.filter((p) => p.last_modified >= after);
    return { eventId, rows: sorted(list, paging.sort).slice(offset, offset + paging.perPage) };
  });
  if (guard.format === 'json') return v1JsonBytes(participantsJson(deps, pages));
  return v1Ok(guard.format, participantsValue(deps, pages), 'event_participants');
}

/** `YYYY-MM-DD HH:MM:SS` in the race's timezone, as removed rows carry `last_modified`. */
function isoLocal(deps: EndpointDeps, ts: number): string {
  const local = new Date((ts + deps.dates.offsetSeconds(ts)) * 1000);
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

function removedJson(deps: EndpointDeps, r: SimRemovedParticipant): Record<string, unknown> {
  return deps.optional.trim(
    {
      user: userJson(deps, r),
      registration_id: r.registration_id,
      bib_num: r.bib_num,
      removed_reason: r.removed_reason,
      new_registration_id: r.new_registration_id,
      last_modified: isoLocal(deps, r.last_modified_ts),
      last_modified_ts: r.last_modified_ts,
    },
    `removed:${r.registration_id}`,
    OPTIONAL_REMOVED_KEYS,
  );
}

/**
 * GET /race/:race_id/removed-participants — here the rows sit under `event.participants`.
 * event_id is optional (all events); sorted by registration_id (ASC or DESC only).
 */
export function getRemovedParticipants(
  req: SimRequest,
  deps: EndpointDeps,
  raceId: string,
): SimReply {
  const guard = guardV1(req, deps, raceId);
  if (!guard.ok) return guard.reply;
  const paging = readPaging(req, deps, guard.format, false);
  if (!paging.ok) return paging.reply;
  if (paging.sort.key !== 'registration_id') return v1Error(guard.format, 3, 'Invalid sort.');
  const offset = (paging.page - 1) * paging.perPage;
  const after = paging.modifiedAfter;
  const body = paging.eventIds.map((eventId) => {
    const rows = deps.state
      .removed()
      .filter((r) => r.event_id === eventId && (after === undefined || r.last_modified_ts >= after))
      .sort((a, b) => (paging.sort.desc ? -1 : 1) * (a.registration_id - b.registration_id))
      .slice(offset, offset + paging.perPage);
    return { event: { event_id: eventId, participants: rows.map((r) => removedJson(deps, r)) } };
  });
  return v1Ok(guard.format, body, 'removed_participants');
}
