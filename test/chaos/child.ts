/**
 * The kiosk under test, in its own process so the chaos run can SIGKILL it (run-chaos.ts starts
 * it with `node --import tsx test/chaos/child.ts <config JSON>` and an IPC channel).
 *
 * It runs the real services (createKiosk) on a real data folder against the simulator and
 * answers the parent's requests (protocol.ts) one at a time. A commit is answered only after
 * `api.commitResults` / `api.editEntry` returned, i.e. after the entry and its queue row were
 * written in one SQLite transaction: the parent counts only answered commits as committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ApiRequests, DraftRow } from '../../preload/api';
import { createKiosk } from '../../main/app';
import type { Kiosk } from '../../main/app';
import { AppError } from '../../main/app-error';
import { createLogger } from '../../main/logging';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import { JsonFileSettingsStore } from '../../main/settings';
import type { ChildConfig, ChildMessage, ChildRequest, ReplyValue, StartupFound } from './protocol';
import { childConfigSchema, requestSchema } from './protocol';

const READY_TIMEOUT_MS = 120_000;

/** The request whose commit transaction announces itself when it begins (then null). */
let announceTransaction: number | null = null;
// Every SQLite transaction of this process goes through here: the announced commit tells the
// parent from INSIDE its transaction (after BEGIN, before its first row is written), so the
// parent's SIGKILL lands while the rows are being written (a 2,000-row paste takes 10–20 ms).
const transaction = Database.prototype.transaction;
Database.prototype.transaction = function <F extends (...args: never[]) => unknown>(
  this: Database.Database,
  fn: F,
) {
  return transaction.call(this, function (this: unknown, ...args: Parameters<F>) {
    if (announceTransaction !== null) {
      send({ type: 'committing', id: announceTransaction });
      announceTransaction = null;
    }
    return fn.apply(this, args);
  } as F);
} as typeof transaction;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * What the last run left in the queue, read before the kiosk starts (and recovers it): entries
 * still `sending` mean the previous process died in the middle of an upload.
 */
function peekQueue(dataDir: string): StartupFound {
  const file = path.join(dataDir, 'kiosk.db');
  if (!fs.existsSync(file)) return { sending: 0, queued: 0 };
  const db = new Database(file);
  try {
    const count = (state: string) =>
      Number(db.prepare('SELECT COUNT(*) FROM result_entries WHERE state = ?').pluck().get(state));
    return { sending: count('sending'), queued: count('queued') };
  } finally {
    db.close();
  }
}

/** Until the cached roster holds every expected participant of the virtual events. */
async function waitForRoster(api: ApiRequests, config: ChildConfig): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const events = await api.getResultEvents().catch(() => []);
    const held = new Map(events.map((e) => [e.eventId, e.participants]));
    if (config.expected.every((e) => (held.get(e.eventId) ?? 0) >= e.participants)) return;
    if (Date.now() > deadline) throw new Error('the roster did not load in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A new version for a registration: edit its latest entry; refused (already sent), commit a new row as the refusal says. */
async function revise(
  api: ApiRequests,
  eventId: number,
  registrationId: number,
  row: DraftRow,
): Promise<ReplyValue> {
  const { entries } = await api.listEntries({
    view: 'queue',
    eventId,
    search: String(registrationId),
    limit: 50,
    offset: 0,
  });
  const latest = entries.find((e) => e.registrationId === registrationId);
  if (latest) {
    try {
      await api.editEntry({ id: latest.id, row });
      return { kind: 'committed', rejectedLines: [], via: 'edit', errors: [] };
    } catch (e) {
      // Sent, or being sent: the refusal says to enter a new result for the runner instead.
      if (!(e instanceof AppError) || e.kind !== 'invalid-input') throw e;
    }
  }
  // A new result for a runner who has one: the volunteer confirms replacing it.
  return commit(
    api,
    eventId,
    [{ registrationId: String(registrationId), ...row, replace: true }],
    'keyboard',
  );
}

async function commit(
  api: ApiRequests,
  eventId: number,
  rows: DraftRow[],
  source: 'keyboard' | 'paste',
): Promise<ReplyValue> {
  const outcome = await api.commitResults({ eventId, resultSetId: null, rows, source });
  return {
    kind: 'committed',
    rejectedLines: outcome.rejected.map((r) => r.line),
    via: 'commit',
    errors: outcome.rejected.flatMap((r) => r.errors),
  };
}

async function parked(api: ApiRequests): Promise<ReplyValue> {
  const out: Extract<ReplyValue, { kind: 'parked' }>['entries'] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api.listEntries({
      view: 'queue',
      eventId: null,
      search: '',
      limit: 1000,
      offset,
    });
    for (const e of page.entries) {
      if (e.state === 'needs_fix')
        out.push({
          registrationId: e.registrationId,
          clockTime: e.clockTime,
          lastError: e.lastError,
        });
    }
    if (offset + 1000 >= page.total) return { kind: 'parked', entries: out };
  }
}

async function inFlight(api: ApiRequests): Promise<ReplyValue> {
  const page = await api.listEntries({
    view: 'queue',
    eventId: null,
    search: '',
    limit: 1000,
    offset: 0,
  });
  return {
    kind: 'inFlight',
    entries: page.entries
      .filter((e) => e.state === 'sending')
      .map((e) => ({ eventId: e.eventId, registrationId: e.registrationId })),
  };
}

async function answer(kiosk: Kiosk, request: ChildRequest): Promise<ReplyValue> {
  const { api } = kiosk;
  switch (request.type) {
    case 'commit':
      // Validation and the commit's transaction run synchronously from here: the first
      // transaction to begin is the commit's, and it says so from inside (see below).
      if (request.announce) announceTransaction = request.id;
      return commit(api, request.eventId, request.rows, request.source);
    case 'inFlight':
      return inFlight(api);
    case 'revise':
      return revise(api, request.eventId, request.registrationId, request.row);
    case 'status': {
      const s = await api.getStatus();
      return {
        kind: 'status',
        waiting: s.queue.waiting,
        sending: s.queue.sending,
        needsFix: s.queue.needsFix,
        sent: s.queue.sent,
        pausedReason: s.queue.pausedReason,
        online: s.connectivity.online,
      };
    }
    case 'feed': {
      const feed = await api.getFeed();
      return {
        kind: 'feed',
        rows: feed.rows.map((r) => ({ registrationId: r.registrationId, checkinTs: r.checkinTs })),
      };
    }
    case 'parked':
      return parked(api);
    case 'stop':
      await kiosk.stop();
      return { kind: 'stopped' };
  }
}

async function main(): Promise<void> {
  const config = childConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const found = peekQueue(config.dataDir);
  const settings = new JsonFileSettingsStore(path.join(config.dataDir, 'settings.json'));
  settings.update({
    raceId: config.raceId,
    raceName: 'Chaos Race',
    practice: false,
    pollIntervalSec: 2,
    baseUrl: config.baseUrl,
  });
  const kiosk = createKiosk({
    dataDir: config.dataDir,
    settings,
    secrets: new MemorySecretStore({
      kind: 'v2',
      apiKey: config.apiKey,
      apiSecret: config.apiSecret,
    }),
    version: 'chaos',
    trustedBaseUrls: [config.baseUrl],
    logger: createLogger({ file: path.join(config.dataDir, 'kiosk.log') }),
    timings: config.timings,
  });
  await kiosk.start();
  await waitForRoster(kiosk.api, config);

  // One request at a time, in arrival order.
  let chain = Promise.resolve();
  process.on('message', (raw: unknown) => {
    chain = chain.then(async () => {
      const parsed = requestSchema.safeParse(raw);
      if (!parsed.success) {
        send({ type: 'fatal', message: `bad request: ${parsed.error.message}` });
        return;
      }
      const request = parsed.data;
      try {
        send({ type: 'reply', id: request.id, value: await answer(kiosk, request) });
      } catch (e) {
        send({ type: 'failed', id: request.id, message: messageOf(e) });
      }
      if (request.type === 'stop') process.disconnect();
    });
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => {
    void kiosk.stop().finally(() => process.exit(0));
  });
  send({ type: 'ready', found });
}

main().catch((e: unknown) => {
  send({ type: 'fatal', message: messageOf(e) });
  process.exitCode = 1;
  process.disconnect?.();
});
