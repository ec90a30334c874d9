/**
 * Reading the committed result entries of one race: one entry, a runner's standing result,
 * pages of the queue and the history, the counts the status shows, and the unsent ones
 * (docs/ARCHITECTURE.md "Rules for the queue"). Writes are in entry-store.ts (what volunteers
 * do) and outbox.ts (what the flusher does).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { EntryRow, EntryState, StoredEntry } from './entry-row';
import { STANDING_SQL, UNSENT_SQL, UNSENT_STATES, toStoredEntry } from './entry-row';

export interface EntryQuery {
  eventId?: number;
  /** Default: every state. */
  states?: readonly EntryState[];
  /** A bib or registration id (whole number), or part of a name. */
  search?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

export type HistoryQuery = Omit<EntryQuery, 'states'>;

export interface EntryPage {
  /** Newest first (history: most recently sent first). */
  entries: StoredEntry[];
  /** How many match, ignoring limit and offset. */
  total: number;
}

export interface EntrySummary {
  /** Not yet confirmed by RunSignup: queued + sending (held rows not included). */
  waiting: number;
  /** Queued but held until their result set is known or chosen. */
  held: number;
  sending: number;
  needsFix: number;
  sent: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Races in this database with results not yet confirmed by RunSignup, and how many. */
export function unsentByRace(db: Database): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT race_id, COUNT(*) AS n FROM result_entries
       WHERE state IN (${UNSENT_SQL}) GROUP BY race_id`,
    )
    .all() as Array<{ race_id: number; n: number }>;
  return new Map(rows.map((r) => [r.race_id, r.n]));
}

export class EntryQueries {
  private readonly byId: Statement;

  constructor(
    private readonly db: Database,
    readonly raceId: number,
  ) {
    this.byId = db.prepare('SELECT * FROM result_entries WHERE race_id = ? AND id = ?');
  }

  get(id: number): StoredEntry | null {
    const row = this.byId.get(this.raceId, id) as EntryRow | undefined;
    return row ? toStoredEntry(row) : null;
  }

  /** The newest result of a runner in an event that is queued, sending, sent or needs a fix. */
  latestLive(eventId: number, registrationId: number): StoredEntry | null {
    const row = this.db
      .prepare(
        `SELECT * FROM result_entries WHERE race_id = ? AND event_id = ? AND registration_id = ?
           AND state IN (${STANDING_SQL}) ORDER BY id DESC LIMIT 1`,
      )
      .get(this.raceId, eventId, registrationId) as EntryRow | undefined;
    return row ? toStoredEntry(row) : null;
  }

  /** Entries, newest first, filtered. */
  list(query: EntryQuery = {}): EntryPage {
    return this.page(query, query.states ?? [], 'id DESC');
  }

  /** Sent entries with their receipts, most recently sent first. */
  history(query: HistoryQuery = {}): EntryPage {
    return this.page(query, ['sent'], 'sent_at DESC, id DESC');
  }

  summary(): EntrySummary {
    const counts = new Map(
      (
        this.db
          .prepare(
            `SELECT state, COUNT(*) AS n FROM result_entries
             WHERE race_id = ? AND state IN (${STANDING_SQL})
             GROUP BY state`,
          )
          .all(this.raceId) as Array<{ state: EntryState; n: number }>
      ).map((r) => [r.state, r.n]),
    );
    const held = Number(
      this.db
        .prepare(
          `SELECT COUNT(*) FROM result_entries WHERE race_id = ? AND state = 'queued' AND held = 1`,
        )
        .pluck()
        .get(this.raceId),
    );
    const sending = counts.get('sending') ?? 0;
    return {
      waiting: (counts.get('queued') ?? 0) - held + sending,
      held,
      sending,
      needsFix: counts.get('needs_fix') ?? 0,
      sent: counts.get('sent') ?? 0,
    };
  }

  /**
   * Entries RunSignup does not have yet: queued, sending and needs_fix. Quitting, logging out,
   * switching races or resetting with any of these asks first (queue rule 6).
   */
  unsentCount(): number {
    return Number(
      this.db
        .prepare(
          `SELECT COUNT(*) FROM result_entries
           WHERE race_id = ? AND state IN (${UNSENT_SQL})`,
        )
        .pluck()
        .get(this.raceId),
    );
  }

  /** Every unsent entry (queued, sending, needs_fix), oldest first. */
  unsent(): StoredEntry[] {
    return this.inStates(UNSENT_STATES);
  }

  /** Every sent entry with RunSignup's receipt, oldest first. */
  sent(): StoredEntry[] {
    return this.inStates(['sent']);
  }

  private inStates(states: readonly EntryState[]): StoredEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM result_entries WHERE race_id = ? AND state IN (${states.map(() => '?').join(', ')})
         ORDER BY id`,
      )
      .all(this.raceId, ...states) as EntryRow[];
    return rows.map(toStoredEntry);
  }

  private page(
    query: EntryQuery,
    states: readonly EntryState[],
    order: 'id DESC' | 'sent_at DESC, id DESC',
  ): EntryPage {
    const where = ['race_id = @race'];
    const params: Record<string, string | number> = { race: this.raceId };
    if (query.eventId !== undefined) {
      where.push('event_id = @event');
      params.event = query.eventId;
    }
    if (states.length > 0) {
      const names = states.map((s, i) => {
        params[`state${i}`] = s;
        return `@state${i}`;
      });
      where.push(`state IN (${names.join(', ')})`);
    }
    const search = query.search?.trim() ?? '';
    if (search !== '') {
      params.like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if (/^\d{1,15}$/.test(search)) {
        params.number = Number(search);
        where.push(`(bib = @number OR registration_id = @number OR name LIKE @like ESCAPE '\\')`);
      } else {
        where.push(`name LIKE @like ESCAPE '\\'`);
      }
    }
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const filter = where.join(' AND ');
    const total = Number(
      this.db.prepare(`SELECT COUNT(*) FROM result_entries WHERE ${filter}`).pluck().get(params),
    );
    const rows = this.db
      .prepare(
        `SELECT * FROM result_entries WHERE ${filter} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as EntryRow[];
    return { entries: rows.map(toStoredEntry), total };
  }
}
