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
import {
  parseRsuDateTime,
  parseTF,
  RUNSIGNUP_DEFAULT_TIMEZONE,
  validTimeZone,
} from './wire-values';

const VIRTUAL_EVENT_TYPES = new Set(['virtual_race', 'virtual_challenge']);

export function toRace(raw: RaceResponse): Race {
  const timezone = validTimeZone(raw.race.timezone);
  return {
    raceId: raw.race.race_id,
    name: raw.race.name,
    timezone,
    events: (raw.race.events ?? []).map((e) => toRaceEvent(e, timezone)),
  };
}

export function toRaceEvent(e: WireEvent, timezone: string | null): RaceEvent {
  const zone = timezone ?? RUNSIGNUP_DEFAULT_TIMEZONE;
  const usesTally = e.uses_tally == null ? null : parseTF(e.uses_tally);
  return {
    eventId: e.event_id,
    name: e.name,
    startTime: parseRsuDateTime(e.start_time, zone),
    endTime: parseRsuDateTime(e.end_time, zone),
    eventType: e.event_type,
    isVirtual: e.event_type != null && VIRTUAL_EVENT_TYPES.has(e.event_type),
    allowsElevation: parseTF(e.allow_elevation_gain) ?? false,
    ...(usesTally === null ? {} : { usesTally }),
  };
}

/** Flattens the per-event groups; a row without its own `event_id` takes its group's. */
export function toParticipants(raw: ParticipantsResponse, timezone?: string | null): Participant[] {
  return raw.flatMap((group) =>
    (group.participants ?? []).map((p) => toParticipant(p, group.event.event_id, timezone)),
  );
}

export function toParticipant(
  p: WireParticipant,
  groupEventId: number,
  timezone: string | null = null,
): Participant {
  return {
    registrationId: p.registration_id,
    eventId: p.event_id ?? groupEventId,
    userId: p.user.user_id,
    bib: p.bib_num,
    chipNum: p.chip_num == null || p.chip_num === '' ? null : String(p.chip_num),
    firstName: p.user.first_name ?? '',
    middleName: p.user.middle_name || null,
    lastName: p.user.last_name ?? '',
    age: p.age,
    gender: p.user.gender || null,
    dob: p.user.dob || null,
    team: p.team_name || null,
    registrationDate: parseRsuDateTime(p.registration_date, timezone ?? RUNSIGNUP_DEFAULT_TIMEZONE),
    lastModified: p.last_modified,
  };
}

/** Rows under `event.participants` (and any sibling `participants`), de-duplicated. */
export function toRemovedParticipants(
  raw: z.infer<typeof removedParticipantsResponseSchema>,
): RemovedParticipant[] {
  const byId = new Map<number, RemovedParticipant>();
  for (const group of raw) {
    for (const row of [...(group.event.participants ?? []), ...(group.participants ?? [])]) {
      byId.set(row.registration_id, toRemovedParticipant(row, group.event.event_id));
    }
  }
  return [...byId.values()];
}

function toRemovedParticipant(r: WireRemovedParticipant, groupEventId: number): RemovedParticipant {
  return {
    registrationId: r.registration_id,
    eventId: r.event_id ?? groupEventId,
    reason: r.removed_reason || null,
    newRegistrationId: r.new_registration_id || null,
    lastModifiedTs: r.last_modified_ts,
  };
}

export function toCheckIns(raw: z.infer<typeof checkinsResponseSchema>): CheckIn[] {
  return raw.checkin_timestamps.map((c) => ({
    registrationId: c.registration_id,
    checkinTs: c.checkin_ts,
  }));
}

export function toResultSets(raw: z.infer<typeof resultSetsResponseSchema>): ResultSet[] {
  return raw.individual_results_sets.map((s) => ({
    resultSetId: s.individual_result_set_id,
    name: s.individual_result_set_name,
  }));
}

export function toReceipts(raw: z.infer<typeof userResultsResponseSchema>): ResultReceipt[] {
  return raw.virtual_results.map((r) => ({
    registrationId: r.registration_id,
    bib: r.bib_num,
    resultsReceivedTs: r.results_received_ts,
    resultSetId: r.individual_result_set_id,
    submittedTimeMs: r.submitted_time_in_ms,
    elevationMm: r.elevation_gain_in_mm,
    approvalTs: r.result_approval_ts,
  }));
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
