/**
 * The raw wire shapes RunSignup answers with (RUNSIGNUP.md §1–§3), as zod schemas. Only the
 * fields the kiosk uses are listed (zod drops the rest); fields RunSignup is known to leave
 * out or null are optional. Values stay as sent here; `normalise.ts` turns them into domain
 * types.
 */
import { z } from 'zod';

/** A number, or a string of digits (PHP sometimes sends ids as strings). */
export const wireNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/)
    .transform(Number),
]);

/** A whole number id (or its string form). */
export const wireId = wireNumber.pipe(z.number().int());

/** A number, or nothing: null, absent and "" all mean "none". */
export const wireOptionalNumber = z
  .union([wireNumber, z.literal(''), z.null(), z.undefined()])
  .transform((v) => (typeof v === 'number' ? v : null));

/** "T"/"F" (also real booleans and 1/0): kept raw, decoded by `parseTF`. */
export const wireBool = z.union([
  z.enum(['T', 'F', 't', 'f', '1', '0']),
  z.boolean(),
  z.literal(0),
  z.literal(1),
]);

const optionalText = z
  .union([z.string(), z.null(), z.undefined()])
  .transform((v) => (v === undefined ? null : v));

// ---------------------------------------------------------------- errors

/** v1: HTTP 200 with `{"error":{"error_code":7,"error_msg":"Permission Denied"}}`. */
export const v1ErrorSchema = z.object({
  error: z.object({
    error_code: wireNumber,
    error_msg: z.string().nullish(),
  }),
});

/** v2 (`{"error":"msg","details":{…}}`) and OAuth (`{"error":"invalid_client","error_description":…}`). */
export const v2ErrorSchema = z.object({
  error: z.string(),
  details: z.unknown().optional(),
  error_description: z.string().nullish(),
});

// ---------------------------------------------------------------- race and events

export const wireEventSchema = z.object({
  event_id: wireId,
  name: z.string(),
  start_time: optionalText,
  end_time: optionalText,
  event_type: optionalText,
  /** Whether a virtual event takes elevation gain (then `elevation_gain_in_mm` is required). */
  allow_elevation_gain: wireBool.nullish(),
  /** Whether a virtual event tracks a tally (distance / count) besides the time. */
  uses_tally: wireBool.nullish(),
});

export const raceResponseSchema = z.object({
  race: z.object({
    race_id: wireId,
    name: z.string(),
    timezone: optionalText,
    events: z.array(wireEventSchema).nullish(),
  }),
});

export type WireEvent = z.infer<typeof wireEventSchema>;
export type RaceResponse = z.infer<typeof raceResponseSchema>;

// ---------------------------------------------------------------- participants

export const wireParticipantSchema = z.object({
  registration_id: wireId,
  event_id: wireId.optional(),
  bib_num: wireOptionalNumber,
  chip_num: z.union([z.string(), z.number(), z.null(), z.undefined()]),
  age: wireOptionalNumber,
  registration_date: optionalText,
  team_name: optionalText,
  last_modified: wireOptionalNumber,
  user: z.object({
    user_id: wireOptionalNumber,
    first_name: optionalText,
    middle_name: optionalText,
    last_name: optionalText,
    dob: optionalText,
    gender: optionalText,
  }),
});

/**
 * The participants endpoint answers an array of per-event objects. The `event` object's own
 * `participants` is always `[]` (an old quirk); the rows are its **sibling** `participants`.
 */
export const participantsResponseSchema = z.array(
  z.object({
    event: z.object({ event_id: wireId }),
    participants: z.array(wireParticipantSchema).nullish(),
  }),
);

export type WireParticipant = z.infer<typeof wireParticipantSchema>;
export type ParticipantsResponse = z.infer<typeof participantsResponseSchema>;

export const wireRemovedParticipantSchema = z.object({
  registration_id: wireId,
  event_id: wireId.optional(),
  removed_reason: optionalText,
  new_registration_id: wireOptionalNumber,
  last_modified_ts: wireOptionalNumber,
});

/**
 * Removed participants: here the rows sit under `event.participants` (the other way round from
 * the participants endpoint). A sibling `participants` array is read too, should it ever appear.
 */
export const removedParticipantsResponseSchema = z.array(
  z.object({
    event: z.object({
      event_id: wireId,
      participants: z.array(wireRemovedParticipantSchema).nullish(),
    }),
    participants: z.array(wireRemovedParticipantSchema).nullish(),
  }),
);

export type WireRemovedParticipant = z.infer<typeof wireRemovedParticipantSchema>;

// ---------------------------------------------------------------- check-ins

export const checkinsResponseSchema = z.object({
  checkin_timestamps: z.array(z.object({ registration_id: wireId, checkin_ts: wireId })),
});

// ---------------------------------------------------------------- result sets and results

export const resultSetsResponseSchema = z.object({
  individual_results_sets: z.array(
    z.object({
      individual_result_set_id: wireId,
      individual_result_set_name: optionalText,
    }),
  ),
});

export const userResultsResponseSchema = z.object({
  virtual_results: z.array(
    z.object({
      registration_id: wireId,
      bib_num: wireOptionalNumber,
      results_received_ts: wireOptionalNumber,
      individual_result_set_id: wireOptionalNumber,
      submitted_time_in_ms: wireOptionalNumber,
      elevation_gain_in_mm: wireOptionalNumber,
      result_approval_ts: wireOptionalNumber,
    }),
  ),
  /**
   * Rows refused one by one, when RunSignup reports per row rather than rejecting the whole
   * request (undocumented either way; RUNSIGNUP.md §2). `row` counts from 1.
   */
  errors: z
    .array(
      z.object({
        row: wireNumber.nullish(),
        registration_id: wireNumber.nullish(),
        error_code: wireNumber.nullish(),
        error_msg: z.string().nullish(),
      }),
    )
    .nullish(),
});

// ---------------------------------------------------------------- key check

export const entityInfoResponseSchema = z.object({
  generic_entity_id: wireOptionalNumber,
  entity_type: z.string(),
  entity_name: optionalText,
  entity_specific_id: wireOptionalNumber,
});
