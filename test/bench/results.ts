import { systemClock } from '../../main/clock';
import { silentLogger } from '../../main/logging';
import { EntryQueries } from '../../main/results/entry-queries';
import { ResultEntryStore } from '../../main/results/entry-store';
import { ResultOutbox } from '../../main/results/outbox';
import { RESULT_BATCH_SIZE } from '../../main/results/flush-policy';
import { ResultFlusher } from '../../main/results/flusher';
import { parseResultTable } from '../../main/results/import';
import type { RosterRef, ValidationContext } from '../../main/results/validation';
import { validateBatch } from '../../main/results/validation';
import type { RosterPerson, RosterStore } from '../../main/roster/roster-store';
import { fullName } from '../../main/roster/roster-store';
import type { SimParticipant } from '../../main/simulator/index';
import { startSimulator } from '../../main/simulator/index';
import { Prng } from '../../main/simulator/prng';
import { benchClient } from './bench-client';
import type { Figure, SubBench } from './figure';
import { round, secondsSince } from './figure';
import { firstLoad } from './roster';
import { tempDatabase } from './temp-db';

const ROWS = 10_000;
const EVENT_ID = 771001;
const FLUSH_TIMEOUT_MS = 180_000;

/** What a volunteer pastes from a spreadsheet: a header, then bib and finish time, tab-separated. */
function pastedTable(people: readonly SimParticipant[]): string {
  const prng = new Prng(10);
  const pad = (n: number) => String(n).padStart(2, '0');
  const lines = people.map(
    (p) => `${p.bib_num}\t${prng.int(0, 1)}:${pad(prng.int(0, 59))}:${pad(prng.int(0, 59))}`,
  );
  return ['Bib\tTime', ...lines].join('\n');
}

/** Validation against the cached roster, as the Results screen does it. */
function rosterContext(roster: RosterStore): ValidationContext {
  const ref = (p: RosterPerson | null): RosterRef | null =>
    p
      ? { registrationId: p.registrationId, bib: p.bib, name: fullName(p), eventId: p.eventId }
      : null;
  return {
    event: { eventId: EVENT_ID, elevationRequired: false },
    findByBib: (bib) => ref(roster.byBib(bib)),
    findByRegistration: (id) => ref(roster.byRegistration(id)),
  };
}

/** Resolves when nothing is waiting any more (every entry sent or parked). */
function drained(entries: EntryQueries, flusher: ResultFlusher): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `flush did not finish in ${FLUSH_TIMEOUT_MS / 1000} s: ${JSON.stringify(entries.summary())}`,
        ),
      );
    }, FLUSH_TIMEOUT_MS);
    const off = flusher.onChange(() => {
      const s = flusher.state();
      if (s.sending || s.pausedReason !== null || entries.summary().waiting > 0) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

export const resultsBench: SubBench = {
  name: 'results queue',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      // Benchmarks are not about RunSignup's 2027-01-01 caller-registration cut-off.
      registrationRequiredFrom: '2100-01-01',
      seed: 55,
      scenario: {
        participants: ROWS + 300,
        events: [{ eventId: EVENT_ID, name: 'Virtual 10K', eventType: 'virtual_race' }],
      },
    });
    const temp = tempDatabase('results');
    let flusher: ResultFlusher | null = null;
    try {
      const roster = await firstLoad(sim, temp.db);
      const people = sim.inspect
        .participants()
        .filter((p) => p.bib_num !== null)
        .slice(0, ROWS);
      const text = pastedTable(people);
      const store = new ResultEntryStore(temp.db, sim.raceId, systemClock);
      const entries = new EntryQueries(temp.db, sim.raceId);

      let t = performance.now();
      const table = parseResultTable(text);
      const batch = validateBatch(table.rows, rosterContext(roster));
      const names = new Map(
        batch.rows.flatMap((r) =>
          r.entry && r.name ? [[r.entry.registrationId, r.name] as const] : [],
        ),
      );
      const stored = store.commit(batch.valid, {
        resultSetId: null,
        device: 'Bench',
        source: 'paste',
        names,
      });
      const enqueue = secondsSince(t);
      if (stored.length !== ROWS)
        throw new Error(
          `committed ${stored.length} of ${ROWS} rows (${batch.invalidCount} invalid)`,
        );

      let requests = 0;
      const client = benchClient(sim, (input, init) => {
        requests += 1;
        return fetch(input, init);
      });
      flusher = new ResultFlusher({
        outbox: new ResultOutbox(temp.db, sim.raceId),
        client,
        raceId: sim.raceId,
        clock: systemClock,
        logger: silentLogger,
        connectivity: { onOnline: () => () => undefined },
      });
      const done = drained(entries, flusher);
      t = performance.now();
      flusher.start();
      await done;
      const flush = secondsSince(t);
      const summary = entries.summary();
      const received = sim.inspect.results(EVENT_ID).length;
      if (summary.sent !== ROWS || received !== ROWS) {
        throw new Error(
          `flush ended with ${summary.sent} sent, ${summary.needsFix} to fix; the simulator has ${received}`,
        );
      }
      return [
        {
          key: 'enqueue_10k_s',
          value: round(enqueue),
          unit: 's',
          notes: `${ROWS} pasted rows (bib, time): parseResultTable + validateBatch against the SQLite roster + ResultEntryStore.commit (one transaction)`,
        },
        {
          key: 'flush_10k_s',
          value: round(flush),
          unit: 's',
          notes: `ResultFlusher → simulator user-results over HTTP until all ${ROWS} are sent, ${requests} POSTs of ${RESULT_BATCH_SIZE}; ${round((flush * 1000) / requests, 1)} ms per POST`,
        },
      ];
    } finally {
      await flusher?.stop();
      temp.close();
      await sim.close();
    }
  },
};
