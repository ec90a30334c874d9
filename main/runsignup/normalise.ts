/**
 * Raw wire shapes (schemas.ts) → domain types (types.ts). Pure functions, no I/O.
 */
import type { z } from 'zod';
import type {
  checkinsResponseSchema,
  entityInfoResponseSchema,
  RaceResponse,
  removedParticipantsResponseSchema,
  resultSetsResponseSchema,
  userResultsResponseSchema,
  WireEvent,
  WireParticipant,
  WireRemovedParticipant,
  ParticipantsResponse,
} from './schemas';
import {
  wireId,
  wireCheckinSchema,
  wireEventSchema,
  wireParticipantSchema,
  wireReceiptSchema,
  wireRemovedParticipantSchema,
  wireResultSetSchema,
} from './schemas';
import { cleanParticipant, cleanPlacedParticipant } from './clean-rows';
import type { UnreadableRow } from './row-reading';
import { readRows } from './row-reading';
import type {
  CheckIn,
  EntityInfo,
  Participant,
  Race,
  RaceEvent,
  RemovedParticipant,
  ResultReceipt,
  ResultSet,
  UserResultRow,
} from './types';
import type { RowError } from './errors';
import { parseRsuDateTime, RUNSIGNUP_DEFAULT_TIMEZONE, validTimeZone } from './wire-values';

const VIRTUAL_EVENT_TYPES = new Set(['virtual_race', 'virtual_challenge']);

/** A participant in a group without an event id must name its own event. */
const placedParticipantSchema = wireParticipantSchema.extend({ event_id: wireId });

/**
 * Every normaliser that reads a list takes `unreadable`: rows that lack what identifies them
 * are left out and appended there (row-reading.ts), never failing the page.
 */
export function toRace(raw: RaceResponse, unreadable: UnreadableRow[] = []): Race {
  const timezone = validTimeZone(raw.race.timezone);
  return {
    raceId: raw.race.race_id,
    name: raw.race.name || `Race ${raw.race.race_id}`,
    timezone,
    events: readRows(raw.race.events, wireEventSchema, 'events', unreadable).map((e) =>
      toRaceEvent(e, timezone),
    ),
  };
}

export function toRaceEvent(e: WireEvent, timezone: string | null): RaceEvent {
  const zone = timezone ?? RUNSIGNUP_DEFAULT_TIMEZONE;
  return {
    eventId: e.event_id,
    name: e.name || `Event ${e.event_id}`,
    startTime: parseRsuDateTime(e.start_time, zone),
    endTime: parseRsuDateTime(e.end_time, zone),
    eventType: e.event_type,
    isVirtual: e.event_type != null && VIRTUAL_EVENT_TYPES.has(e.event_type),
  };
}

/**
 * Flattens the per-event groups; a row without its own `event_id` takes its group's, and a row
 * with neither is unreadable (the kiosk cannot place it).
 */
export function toParticipants(
  raw: ParticipantsResponse,
  unreadable: UnreadableRow[] = [],
): Participant[] {
  return raw.flatMap((group) => {
    const groupEventId = group.event?.event_id;
    if (groupEventId !== undefined) {
      return readRows(
        group.participants,
        wireParticipantSchema,
        'participants',
        unreadable,
        cleanParticipant,
      ).map((p) => toParticipant(p, groupEventId));
    }
    return readRows(
      group.participants,
      placedParticipantSchema,
      'participants',
      unreadable,
      cleanPlacedParticipant,
    ).map((p) => toParticipant(p, p.event_id));
  });
}

export function toParticipant(p: WireParticipant, groupEventId: number): Participant {
  const user = p.user ?? null;
  return {
    registrationId: p.registration_id,
    eventId: p.event_id ?? groupEventId,
    userId: user?.user_id ?? null,
    bib: p.bib_num,
    chipNum: p.chip_num || null,
    firstName: user?.first_name ?? '',
    middleName: user?.middle_name || null,
    lastName: user?.last_name ?? '',
    age: p.age,
    gender: user?.gender || null,
    dob: user?.dob || null,
    team: p.team_name || null,
    lastModified: p.last_modified,
  };
}

/** Rows under `event.participants` (and any sibling `participants`), de-duplicated. */
export function toRemovedParticipants(
  raw: z.infer<typeof removedParticipantsResponseSchema>,
  unreadable: UnreadableRow[] = [],
): RemovedParticipant[] {
  const byId = new Map<number, RemovedParticipant>();
  for (const group of raw) {
    const rows = [...(group.event?.participants ?? []), ...(group.participants ?? [])];
    for (const row of readRows(
      rows,
      wireRemovedParticipantSchema,
      'removed participants',
      unreadable,
    )) {
      byId.set(row.registration_id, toRemovedParticipant(row, group.event?.event_id ?? null));
    }
  }
  return [...byId.values()];
}

function toRemovedParticipant(
  r: WireRemovedParticipant,
  groupEventId: number | null,
): RemovedParticipant {
  return {
    registrationId: r.registration_id,
    eventId: r.event_id ?? groupEventId,
    reason: r.removed_reason || null,
    newRegistrationId: r.new_registration_id || null,
    lastModifiedTs: r.last_modified_ts,
  };
}

export function toCheckIns(
  raw: z.infer<typeof checkinsResponseSchema>,
  unreadable: UnreadableRow[] = [],
): CheckIn[] {
  return readRows(raw.checkin_timestamps, wireCheckinSchema, 'check-ins', unreadable).map((c) => ({
    registrationId: c.registration_id,
    checkinTs: c.checkin_ts,
  }));
}

export function toResultSets(
  raw: z.infer<typeof resultSetsResponseSchema>,
  unreadable: UnreadableRow[] = [],
): ResultSet[] {
  return readRows(raw.individual_results_sets, wireResultSetSchema, 'result sets', unreadable).map(
    (s) => ({ resultSetId: s.individual_result_set_id, name: s.individual_result_set_name }),
  );
}

/**
 * The receipts RunSignup sent back that can be read. A row missing from them (or an answer
 * with no readable receipt at all) was still stored: see the flusher's "receipt unreadable".
 */
export function toReceipts(
  raw: z.infer<typeof userResultsResponseSchema>,
  unreadable: UnreadableRow[] = [],
): ResultReceipt[] {
  return readRows(raw.virtual_results, wireReceiptSchema, 'result receipts', unreadable).map(
    (r) => ({
      registrationId: r.registration_id,
      bib: r.bib_num,
      resultsReceivedTs: r.results_received_ts,
      resultSetId: r.individual_result_set_id,
      submittedTimeMs: r.submitted_time_in_ms,
      elevationMm: r.elevation_gain_in_mm,
      approvalTs: r.result_approval_ts,
    }),
  );
}

/** Per-row refusals (`errors`, rows counted from 1) matched to the rows that were sent. */
export function toRowErrors(
  raw: z.infer<typeof userResultsResponseSchema>,
  sent: readonly UserResultRow[],
): RowError[] {
  return (raw.errors ?? []).map((e, i) => {
    const index = e.row == null ? i : e.row - 1;
    const registrationId = e.registration_id ?? sent[index]?.registrationId;
    return {
      index,
      message: e.error_msg || 'Row refused',
      ...(registrationId === undefined ? {} : { registrationId }),
      ...(e.error_code == null ? {} : { code: e.error_code }),
    };
  });
}

export function toEntityInfo(raw: z.infer<typeof entityInfoResponseSchema>): EntityInfo {
  return {
    genericEntityId: raw.generic_entity_id,
    entityType: raw.entity_type,
    entityName: raw.entity_name,
    entitySpecificId: raw.entity_specific_id,
  };
}
