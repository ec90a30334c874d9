/**
 * The messages between the chaos parent (run-chaos.ts) and the kiosk child (child.ts), over the
 * child's IPC channel. Both sides check what they receive with these schemas.
 */
import { z } from 'zod';

const draftRow = z.object({
  bib: z.string().optional(),
  registrationId: z.string().optional(),
  clockTime: z.string().optional(),
  tally: z.string().optional(),
  elevation: z.string().optional(),
  replace: z.boolean().optional(),
});

/** What the child needs to start: the simulator, the race and the roster it must hold. */
export const childConfigSchema = z.object({
  dataDir: z.string(),
  baseUrl: z.string(),
  raceId: z.number().int().positive(),
  apiKey: z.string(),
  apiSecret: z.string(),
  /** Participants per virtual event the roster must hold before the child says it is ready. */
  expected: z.array(z.object({ eventId: z.number().int(), participants: z.number().int() })),
  timings: z.object({
    probeIntervalMs: z.number(),
    requestTimeoutMs: z.number(),
    reconcileEveryMs: z.number(),
    resultBackoff: z.object({ baseMs: z.number(), maxMs: z.number() }),
  }),
});
export type ChildConfig = z.infer<typeof childConfigSchema>;

export const requestSchema = z.discriminatedUnion('type', [
  /** `api.commitResults` of these rows. */
  z.object({
    type: z.literal('commit'),
    id: z.number().int(),
    eventId: z.number().int(),
    rows: z.array(draftRow),
    source: z.enum(['keyboard', 'paste']),
    /** Say `committing` from inside the commit's transaction (the parent kills inside it). */
    announce: z.boolean().optional(),
  }),
  /** The registrations whose results are being sent right now (state `sending`). */
  z.object({ type: z.literal('inFlight'), id: z.number().int() }),
  /**
   * A new version of a registration's result: `api.editEntry` of its latest entry; when that is
   * refused (already sent or being sent), a new commit, as the refusal tells a volunteer.
   */
  z.object({
    type: z.literal('revise'),
    id: z.number().int(),
    eventId: z.number().int(),
    registrationId: z.number().int(),
    row: draftRow,
  }),
  z.object({ type: z.literal('status'), id: z.number().int() }),
  z.object({ type: z.literal('feed'), id: z.number().int() }),
  /** Entries parked as needs_fix, with RunSignup's message (diagnostics). */
  z.object({ type: z.literal('parked'), id: z.number().int() }),
  /** Stops the kiosk cleanly and exits. */
  z.object({ type: z.literal('stop'), id: z.number().int() }),
]);
export type ChildRequest = z.infer<typeof requestSchema>;

const committed = z.object({
  kind: z.literal('committed'),
  /** 1-based lines of the request's rows that were NOT committed (invalid). */
  rejectedLines: z.array(z.number().int()),
  /** How a `revise` went: an edit of the open entry, or a new commit. */
  via: z.enum(['commit', 'edit']),
  /** Messages of rejected rows (diagnostics). */
  errors: z.array(z.string()),
});
const queue = z.object({
  kind: z.literal('status'),
  waiting: z.number(),
  sending: z.number(),
  needsFix: z.number(),
  sent: z.number(),
  pausedReason: z.string().nullable(),
  online: z.boolean(),
});
const feed = z.object({
  kind: z.literal('feed'),
  rows: z.array(z.object({ registrationId: z.number(), checkinTs: z.number() })),
});
const parked = z.object({
  kind: z.literal('parked'),
  entries: z.array(
    z.object({
      registrationId: z.number(),
      clockTime: z.string(),
      lastError: z.string().nullable(),
    }),
  ),
});
const stopped = z.object({ kind: z.literal('stopped') });
const inFlight = z.object({
  kind: z.literal('inFlight'),
  entries: z.array(z.object({ eventId: z.number(), registrationId: z.number() })),
});

export const replyValueSchema = z.discriminatedUnion('kind', [
  committed,
  queue,
  feed,
  parked,
  stopped,
  inFlight,
]);
export type ReplyValue = z.infer<typeof replyValueSchema>;
export type CommittedReply = z.infer<typeof committed>;
export type StatusReply = z.infer<typeof queue>;
export type FeedReply = z.infer<typeof feed>;
export type ParkedReply = z.infer<typeof parked>;

export const childMessageSchema = z.discriminatedUnion('type', [
  /** The kiosk runs and its roster holds the expected participants. */
  z.object({
    type: z.literal('ready'),
    /** Result entries the data folder held at start-up, before the kiosk recovered them. */
    found: z.object({ sending: z.number(), queued: z.number() }),
  }),
  z.object({ type: z.literal('reply'), id: z.number().int(), value: replyValueSchema }),
  z.object({ type: z.literal('failed'), id: z.number().int(), message: z.string() }),
  /** An announced commit's transaction has begun (protocol `commit` with `announce`). */
  z.object({ type: z.literal('committing'), id: z.number().int() }),
  /** The child cannot go on (start-up failed). */
  z.object({ type: z.literal('fatal'), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
export type StartupFound = Extract<ChildMessage, { type: 'ready' }>['found'];
