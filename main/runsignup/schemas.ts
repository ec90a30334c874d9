/**
 * The raw wire shapes RunSignup answers with (docs/RUNSIGNUP.md §1–§3), as zod schemas. Only the
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

// ---------------------------------------------------------------- rows, read one at a time

/**
 * A field the kiosk can live without: absent, null, "" and a value of the wrong type all read
 * as null (docs/RUNSIGNUP.md §7: real answers often leave keys out).
 */
export const lenientNumber = wireOptionalNumber.catch(null);
export const lenientText = z
  .union([z.string(), z.number().transform(String)])
  .nullish()
  .transform((v) => v ?? null)
  .catch(null);
/** A list whose rows are read one by one (row-reading.ts); anything but a list reads as none. */
const rowList = z.array(z.unknown()).nullish().catch(null);

// ---------------------------------------------------------------- race and events

/**
 * One event of GET race. Only `event_id` is required. RunSignup has no field saying whether
 * an event takes elevation gain or a tally (docs/RUNSIGNUP.md §7): none is read.
 */
export const wireEventSchema = z.object({
  event_id: wireId,
  name: lenientText,
  start_time: lenientText,
  end_time: lenientText,
  event_type: lenientText,
});

export const raceResponseSchema = z.object({
  race: z.object({
    race_id: wireId,
    name: lenientText,
    timezone: lenientText,
    events: rowList,
  }),
});

export type WireEvent = z.infer<typeof wireEventSchema>;
export type RaceResponse = z.infer<typeof raceResponseSchema>;

// ---------------------------------------------------------------- participants

/** `user` and each of its fields may be absent (trimmed answers). */
const wireUserSchema = z.object({
  user_id: lenientNumber,
  first_name: lenientText,
  middle_name: lenientText,
  last_name: lenientText,
  dob: lenientText,
  gender: lenientText,
});

/** A participant: only `registration_id` identifies it; everything else may be absent. */
export const wireParticipantSchema = z.object({
  registration_id: wireId,
  event_id: wireId.optional().catch(undefined),
  bib_num: lenientNumber,
  chip_num: lenientText,
  age: lenientNumber,
  team_name: lenientText,
  last_modified: lenientNumber,
  user: wireUserSchema.nullish().catch(null),
});

/** A per-event group's `event` object (its id places rows that lack their own `event_id`). */
const wireGroupEvent = z
  .object({ event_id: wireId.optional().catch(undefined), participants: rowList })
  .nullish()
  .catch(null);

/**
 * The participants endpoint answers an array of per-event objects. The `event` object's own
 * `participants` is always `[]` (an old quirk); the rows are its **sibling** `participants`.
 */
export const participantsResponseSchema = z.array(
  z.object({ event: wireGroupEvent, participants: rowList }),
);

export type WireParticipant = z.infer<typeof wireParticipantSchema>;
export type ParticipantsResponse = z.infer<typeof participantsResponseSchema>;

export const wireRemovedParticipantSchema = z.object({
  registration_id: wireId,
  event_id: wireId.optional().catch(undefined),
  removed_reason: lenientText,
  new_registration_id: lenientNumber,
  last_modified_ts: lenientNumber,
});

/**
 * Removed participants: here the rows sit under `event.participants` (the other way round from
 * the participants endpoint). A sibling `participants` array is read too, should it ever appear.
 */
export const removedParticipantsResponseSchema = participantsResponseSchema;

export type WireRemovedParticipant = z.infer<typeof wireRemovedParticipantSchema>;

// ---------------------------------------------------------------- check-ins

/** A check-in is nothing without both fields. */
export const wireCheckinSchema = z.object({ registration_id: wireId, checkin_ts: wireId });

export const checkinsResponseSchema = z.object({ checkin_timestamps: z.array(z.unknown()) });

// ---------------------------------------------------------------- result sets and results

export const wireResultSetSchema = z.object({
  individual_result_set_id: wireId,
  individual_result_set_name: lenientText,
});

export const resultSetsResponseSchema = z.object({ individual_results_sets: z.array(z.unknown()) });

/** One receipt row: without `registration_id` it cannot be matched to what was sent. */
export const wireReceiptSchema = z.object({
  registration_id: wireId,
  bib_num: lenientNumber,
  results_received_ts: lenientNumber,
  individual_result_set_id: lenientNumber,
  submitted_time_in_ms: lenientNumber,
  elevation_gain_in_mm: lenientNumber,
  result_approval_ts: lenientNumber,
});

/**
 * Rows refused one by one, when RunSignup reports per row rather than rejecting the whole
 * request (undocumented either way; docs/RUNSIGNUP.md §2). `row` counts from 1.
 */
export const wireRowErrorSchema = z
  .object({
    row: lenientNumber,
    registration_id: lenientNumber,
    error_code: lenientNumber,
    error_msg: lenientText,
  })
  .catch({ row: null, registration_id: null, error_code: null, error_msg: null });

/**
 * The answer to user-results. Errors in the body were already turned into ApiErrors
 * (error-parsing.ts), so any other JSON means RunSignup stored the rows, even when the receipt
 * cannot be read (docs/RUNSIGNUP.md §7): nothing here can fail.
 */
export const userResultsResponseSchema = z
  .object({
    virtual_results: rowList,
    errors: z.array(wireRowErrorSchema).nullish().catch(null),
  })
  .catch({ virtual_results: null, errors: null });

// ---------------------------------------------------------------- key check

export const entityInfoResponseSchema = z.object({
  generic_entity_id: wireOptionalNumber,
  entity_type: z.string(),
  entity_name: optionalText,
  entity_specific_id: wireOptionalNumber,
});
