import type { Database } from 'better-sqlite3';
import { systemClock } from '../../main/clock';
import { SyncState } from '../../main/db/sync-state';
import { silentLogger } from '../../main/logging';
import { RosterStore } from '../../main/roster/roster-store';
import { RosterSync } from '../../main/roster/roster-sync';
import { toParticipants } from '../../main/runsignup/normalise';
import { participantsResponseSchema } from '../../main/runsignup/schemas';
import type { Simulator } from '../../main/simulator/index';
import { startSimulator } from '../../main/simulator/index';
import { benchClient } from './bench-client';
import type { Figure, SubBench } from './figure';
import { round, secondsSince } from './figure';
import { tempDatabase } from './temp-db';

export const ROSTER_SIZE = 50_000;

/** The first roster load as the kiosk does it: RunSignupClient over HTTP + RosterSync.firstLoad. */
export async function firstLoad(
  sim: Simulator,
  db: Database,
  fetchImpl?: typeof fetch,
): Promise<RosterStore> {
  const store = new RosterStore(db, sim.raceId);
  const sync = new RosterSync({
    client: benchClient(sim, fetchImpl),
    raceId: sim.raceId,
    store,
    sync: new SyncState(db, sim.raceId),
    clock: systemClock,
    logger: silentLogger,
    isOnline: () => true,
    onProgress: () => undefined,
    onChange: () => undefined,
  });
  await sync.firstLoad();
  return store;
}

interface RecordedPage {
  url: string;
  headers: HeadersInit | undefined;
  body: string;
}

/** A fetch that keeps every participants page it sees (the floor's input) and how it was asked for. */
function recordingFetch(pages: RecordedPage[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (/\/participants$/.test(new URL(url).pathname))
      pages.push({ url, headers: init?.headers, body: await res.clone().text() });
    return res;
  };
}

/** The transfer alone: the same page requests, bodies read as text and dropped. */
async function fetchOnly(pages: readonly RecordedPage[]): Promise<void> {
  for (const p of pages) {
    const res = await fetch(p.url, { headers: p.headers });
    if (!res.ok) throw new Error(`participants page: HTTP ${res.status}`);
    await res.text();
  }
}

/** The floor: the same pages, already in memory, parsed and inserted with no HTTP and no paging. */
function floorLoad(pages: readonly RecordedPage[], db: Database, raceId: number): number {
  const store = new RosterStore(db, raceId);
  for (const page of pages) {
    const raw = participantsResponseSchema.parse(JSON.parse(page.body));
    store.upsertParticipants(toParticipants(raw));
  }
  return store.count();
}

export const rosterBench: SubBench = {
  name: 'roster',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      // Benchmarks are not about RunSignup's 2027-01-01 caller-registration cut-off.
      registrationRequiredFrom: '2100-01-01',
      seed: 50,
      scenario: { participants: ROSTER_SIZE },
    });
    const dbs = [tempDatabase('prefetch'), tempDatabase('load'), tempDatabase('floor')];
    try {
      // Fetch the raw pages once (this also warms up the simulator and the JIT for both paths).
      const pages: RecordedPage[] = [];
      await firstLoad(sim, dbs[0]!.db, recordingFetch(pages));

      let t = performance.now();
      const loaded = (await firstLoad(sim, dbs[1]!.db)).count();
      const load = secondsSince(t);

      t = performance.now();
      const floorCount = floorLoad(pages, dbs[2]!.db, sim.raceId);
      const floor = secondsSince(t);

      t = performance.now();
      await fetchOnly(pages);
      const transfer = secondsSince(t);

      if (loaded !== ROSTER_SIZE || floorCount !== ROSTER_SIZE) {
        throw new Error(`expected ${ROSTER_SIZE} participants, loaded ${loaded} and ${floorCount}`);
      }
      const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p.body), 0);
      return [
        {
          key: 'roster_load_50k_s',
          value: round(load),
          unit: 's',
          notes: `RunSignupClient + RosterSync.firstLoad over HTTP from the simulator (in this process: its page building counts too), ${pages.length} pages (${(bytes / 1e6).toFixed(1)} MB JSON), fresh SQLite file`,
        },
        {
          key: 'roster_floor_50k_s',
          value: round(floor),
          unit: 's',
          notes:
            'same pages from memory: JSON.parse + zod schema + toParticipants + RosterStore.upsertParticipants, fresh SQLite file',
        },
        {
          key: 'roster_load_ratio',
          value: round(load / floor, 2),
          unit: 'x',
          notes: 'load / floor',
        },
        {
          key: 'roster_fetch_50k_s',
          value: round(transfer),
          unit: 's',
          notes:
            'decomposition: the same page requests alone (simulator answer + transfer, bodies read and dropped)',
        },
      ];
    } finally {
      for (const d of dbs) d.close();
      await sim.close();
    }
  },
};
