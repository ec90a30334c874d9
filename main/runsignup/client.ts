/**
 * The RunSignup endpoints the kiosk uses (docs/RUNSIGNUP.md §1–§3), returning normalised types.
 * Transport, auth, retries and error classification live in http.ts; paging algorithms in
 * paging.ts; the options, queries and page limits in client-types.ts; result rows on the wire
 * in result-rows.ts. Every method throws ApiError (never anything else) on failure.
 */
import { z } from 'zod';
import { ApiError } from './errors';
import { DEFAULT_RETRY } from './backoff';
import { HttpTransport } from './http';
import type { CallPriority } from './call-limiter';
import type {
  CheckinsQuery,
  CheckinsSince,
  ParticipantsPage,
  ParticipantsQuery,
  RunSignupClientOptions,
} from './client-types';
import { MAX_CHECKINS_PER_PAGE, MAX_PARTICIPANTS_PER_PAGE, clampPageSize } from './client-types';
import { refusedRows, toWireResultRow } from './result-rows';
import {
  checkinsResponseSchema,
  entityInfoResponseSchema,
  participantsResponseSchema,
  raceResponseSchema,
  removedParticipantsResponseSchema,
  resultSetsResponseSchema,
  userResultsResponseSchema,
} from './schemas';
import {
  toCheckIns,
  toEntityInfo,
  toParticipants,
  toRace,
  toReceipts,
  toRemovedParticipants,
  toResultSets,
  toRowErrors,
} from './normalise';
import { collectCheckins, walkPages } from './paging';
import type { UnreadableRow } from './row-reading';
import type {
  CheckIn,
  EntityInfo,
  Participant,
  Race,
  RemovedParticipant,
  ResultReceipt,
  ResultSet,
  UserResultRow,
} from './types';

export type { RequestOutcome } from './http';
export type { UnreadableRow } from './row-reading';
export type { RunSignupClientOptions } from './client-types';

const DEFAULT_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;

/** Anything at all: the probe only needs to know the server answered. */
const anyBody = z.unknown();

export class RunSignupClient {
  private readonly http: HttpTransport;

  constructor(private readonly opts: RunSignupClientOptions) {
    this.http = new HttpTransport({
      baseUrl: opts.baseUrl,
      getCredentials: opts.getCredentials,
      fetch: opts.fetch ?? globalThis.fetch,
      clock: opts.clock,
      logger: opts.logger,
      userAgent: opts.userAgent,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: opts.retry ?? DEFAULT_RETRY,
      sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: opts.random ?? Math.random,
      ...(opts.limiter ? { limiter: opts.limiter } : {}),
      ...(opts.getCallerRegistration ? { getCallerRegistration: opts.getCallerRegistration } : {}),
      ...(opts.onOutcome ? { onOutcome: opts.onOutcome } : {}),
    });
  }

  /** What a v2 key belongs to (`GET /v2/auth-info/entity-info.json`). */
  async getEntityInfo(priority: CallPriority = 'background'): Promise<EntityInfo> {
    const raw = await this.http.send(
      { method: 'GET', path: '/v2/auth-info/entity-info.json', priority },
      entityInfoResponseSchema,
    );
    return toEntityInfo(raw);
  }

  /**
   * Proves the current credentials can read this race's private data, and returns the race.
   * 1. v2 keys: entity-info checks the key itself (HTTP 401 → needs-user).
   * 2. The race GET: unknown race → permanent (error 201); bad key → needs-user (error 6);
   *    another race's key → needs-user (error 7).
   * 3. v2 race keys for a different race → needs-user, naming the race they belong to (the
   *    race GET alone may not catch it: race details are public on RunSignup).
   * 4. One check-in row is read, which needs permission for the race (HTTP 403 → needs-user).
   * Every call carries the caller registration, so a wrong one fails here (error 17). The
   * calls are urgent: someone is waiting at the Settings screen.
   */
  async verify(raceId: number): Promise<Race> {
    const credentials = this.opts.getCredentials();
    const entity = credentials?.kind === 'v2' ? await this.getEntityInfo('urgent') : null;
    const race = await this.getRace(raceId, 'urgent');
    if (
      entity?.entityType === 'race' &&
      entity.entitySpecificId !== null &&
      entity.entitySpecificId !== raceId
    ) {
      const name = entity.entityName ? ` (${entity.entityName})` : '';
      throw new ApiError(
        'needs-user',
        `These API keys belong to race ${entity.entitySpecificId}${name}, not race ${raceId}`,
        { endpoint: 'GET /v2/auth-info/entity-info.json' },
      );
    }
    await this.getCheckins({ raceId, page: 1, num: 1, priority: 'urgent' });
    return race;
  }

  /** `GET /race/:id`: the race and its events. */
  async getRace(raceId: number, priority: CallPriority = 'background'): Promise<Race> {
    const raw = await this.http.send(
      { method: 'GET', path: `/race/${raceId}`, query: { format: 'json' }, priority },
      raceResponseSchema,
    );
    return this.read(`GET /race/${raceId}`, (skipped) => toRace(raw, skipped));
  }

  /** One page of `GET /race/:id/participants` (all listed events, flattened). */
  async getParticipantsPage(
    query: ParticipantsQuery & { page: number; perPage: number },
  ): Promise<ParticipantsPage> {
    const perPage = clampPageSize(query.perPage, MAX_PARTICIPANTS_PER_PAGE);
    const raw = await this.http.send(
      {
        method: 'GET',
        path: `/race/${query.raceId}/participants`,
        query: {
          format: 'json',
          event_id: query.eventIds.join(','),
          page: query.page,
          results_per_page: perPage,
          sort: query.sort ?? 'registration_id ASC',
          modified_after_timestamp: query.modifiedAfter,
        },
      },
      participantsResponseSchema,
    );
    const participants = this.read(`GET /race/${query.raceId}/participants`, (skipped) =>
      toParticipants(raw, skipped),
    );
    // Whether RunSignup pages per event or over all of them is not documented; a page is the
    // last one only when all events together did not fill it (at worst one extra, empty request).
    // Skipped rows were on the page too: a full page with an unreadable row is not the last.
    const rowsOnPage = raw.reduce((n, group) => n + (group.participants?.length ?? 0), 0);
    return { participants, done: rowsOnPage < perPage, rowsOnPage };
  }

  /**
   * Every page of participants, each row once (see `walkPages` for why the walk stays correct
   * while registrations arrive).
   */
  async *participantPages(
    query: ParticipantsQuery & {
      perPage?: number;
      /** Pages on the wire at once (default 1; the first roster load asks for 2, see walkPages). */
      ahead?: number;
    },
  ): AsyncGenerator<{ page: number; participants: Participant[]; done: boolean }> {
    const perPage = clampPageSize(
      query.perPage ?? MAX_PARTICIPANTS_PER_PAGE,
      MAX_PARTICIPANTS_PER_PAGE,
    );
    const pages = walkPages<Participant>(
      async (page) => {
        const { participants, rowsOnPage } = await this.getParticipantsPage({
          ...query,
          page,
          perPage,
        });
        return { rows: participants, rowsOnPage };
      },
      { perPage, keyOf: (p) => p.registrationId, ahead: query.ahead ?? 1 },
    );
    for await (const { page, rows, done } of pages) {
      yield { page, participants: rows, done };
    }
  }

  /** All removed registrations (transfers, refunds, deferrals) of these events, every page. */
  async removedParticipants(query: {
    raceId: number;
    eventIds: readonly number[];
    modifiedAfter?: number;
  }): Promise<RemovedParticipant[]> {
    const perPage = MAX_PARTICIPANTS_PER_PAGE;
    const byId = new Map<number, RemovedParticipant>();
    const pages = walkPages<RemovedParticipant>(
      async (page) => {
        const raw = await this.http.send(
          {
            method: 'GET',
            path: `/race/${query.raceId}/removed-participants`,
            query: {
              format: 'json',
              event_id: query.eventIds.join(','),
              page,
              results_per_page: perPage,
              modified_after_timestamp: query.modifiedAfter,
            },
          },
          removedParticipantsResponseSchema,
        );
        const rows = this.read(`GET /race/${query.raceId}/removed-participants`, (skipped) =>
          toRemovedParticipants(raw, skipped),
        );
        const rowsOnPage = raw.reduce(
          (n, g) => n + (g.event?.participants?.length ?? 0) + (g.participants?.length ?? 0),
          0,
        );
        return { rows, rowsOnPage };
      },
      { perPage, keyOf: (r) => r.registrationId },
    );
    for await (const { rows } of pages) for (const r of rows) byId.set(r.registrationId, r);
    return [...byId.values()];
  }

  /** One page of `GET /v2/participants/checkin-timestamps.json` (bounds inclusive). */
  async getCheckins(query: CheckinsQuery): Promise<CheckIn[]> {
    return (await this.checkinsPage(query)).rows;
  }

  /** One page of check-ins, and how many rows RunSignup sent on it (unreadable ones too). */
  private async checkinsPage(
    query: CheckinsQuery,
  ): Promise<{ rows: CheckIn[]; rowsOnPage: number }> {
    const raw = await this.http.send(
      {
        method: 'GET',
        path: '/v2/participants/checkin-timestamps.json',
        priority: query.priority ?? 'background',
        query: {
          race_id: query.raceId,
          min_checkin_ts: query.minTs,
          max_checkin_ts: query.maxTs,
          page: query.page,
          num: clampPageSize(query.num, MAX_CHECKINS_PER_PAGE),
        },
      },
      checkinsResponseSchema,
    );
    const rows = this.read('GET /v2/participants/checkin-timestamps.json', (skipped) =>
      toCheckIns(raw, skipped),
    );
    return { rows, rowsOnPage: raw.checkin_timestamps.length };
  }

  /**
   * Every check-in with `sinceTs <= checkin_ts <= untilTs` (default: now, by the clock), each
   * registration once. See `collectCheckins` for the paging algorithm.
   */
  async fetchCheckinsSince(query: {
    raceId: number;
    sinceTs: number;
    untilTs?: number;
    num?: number;
  }): Promise<CheckinsSince> {
    const untilTs = query.untilTs ?? Math.floor(this.opts.clock.now() / 1000);
    const num = clampPageSize(query.num ?? MAX_CHECKINS_PER_PAGE, MAX_CHECKINS_PER_PAGE);
    const checkins = await collectCheckins(
      (q) =>
        this.checkinsPage({
          raceId: query.raceId,
          minTs: q.minTs,
          maxTs: q.maxTs,
          page: q.page,
          num: q.num,
        }),
      { sinceTs: query.sinceTs, untilTs, num },
    );
    return { checkins, untilTs };
  }

  /** `GET /race/:id/results/get-result-sets` for one event ('urgent' when a screen waits for it). */
  async getResultSets(
    raceId: number,
    eventId: number,
    priority: CallPriority = 'background',
  ): Promise<ResultSet[]> {
    const raw = await this.http.send(
      {
        method: 'GET',
        priority,
        path: `/race/${raceId}/results/get-result-sets`,
        query: { format: 'json', event_id: eventId },
      },
      resultSetsResponseSchema,
    );
    return this.read(`GET /race/${raceId}/results/get-result-sets`, (skipped) =>
      toResultSets(raw, skipped),
    );
  }

  /**
   * `POST /race/:id/results/user-results` (form-encoded, `request_format=json`, `format=json`).
   * Sent once: never retried here (the results queue decides). Returns RunSignup's receipts.
   *
   * A bad row may make RunSignup reject the whole request (a v1 error, nothing stored) or
   * store the good rows and list the bad ones; both surface as one `permanent` ApiError, the
   * latter with `details.rowErrors` naming the refused rows. Sending the good rows again is
   * harmless (a post replaces that registration's result), so the queue can treat both alike.
   */
  async postUserResults(input: {
    raceId: number;
    eventId: number;
    resultSetId?: number;
    rows: readonly UserResultRow[];
  }): Promise<ResultReceipt[]> {
    const request = { virtual_results: input.rows.map(toWireResultRow) };
    const raw = await this.http.send(
      {
        method: 'POST',
        path: `/race/${input.raceId}/results/user-results`,
        query: { format: 'json' },
        form: {
          event_id: String(input.eventId),
          individual_result_set_id:
            input.resultSetId === undefined ? undefined : String(input.resultSetId),
          request_format: 'json',
          request: JSON.stringify(request),
        },
      },
      userResultsResponseSchema,
    );
    const rowErrors = toRowErrors(raw, input.rows);
    if (rowErrors.length > 0) throw refusedRows(rowErrors, input.rows.length, input.raceId);
    return this.read(`POST /race/${input.raceId}/results/user-results`, (skipped) =>
      toReceipts(raw, skipped),
    );
  }

  /**
   * Runs a normaliser that skips unreadable rows, then logs them (what was missing, never
   * the row itself: it may hold personal data) and reports them.
   */
  private read<T>(endpoint: string, normalise: (skipped: UnreadableRow[]) => T): T {
    const skipped: UnreadableRow[] = [];
    const out = normalise(skipped);
    if (skipped.length > 0) {
      const problems = [...new Set(skipped.flatMap((r) => r.problems))].slice(0, 5);
      this.opts.logger.warn(
        `RunSignup sent ${skipped.length} ${skipped.length === 1 ? 'row' : 'rows'} that could not be read; skipped`,
        { endpoint, source: skipped[0]?.source, rows: skipped.length, problems },
      );
      this.opts.onUnreadableRows?.(skipped);
    }
    return out;
  }

  /**
   * A cheap check that RunSignup answers at all: one quick try of the key-check endpoint,
   * with credentials when there are any. Any HTTP answer (even 401 or 404) resolves; only a
   * failure to get an answer (refused, reset, timeout, DNS) rejects, with that ApiError.
   */
  async probe(): Promise<void> {
    try {
      await this.http.send(
        {
          method: 'GET',
          path: '/v2/auth-info/entity-info.json',
          auth: 'optional',
          attempts: 1,
          timeoutMs: Math.min(PROBE_TIMEOUT_MS, this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        },
        anyBody,
      );
    } catch (e) {
      if (e instanceof ApiError && e.details.network) throw e;
    }
  }
}
