import { CheckinStore } from '../../main/checkins/checkin-store';
import { lookup } from '../../main/roster/lookup';
import { nameKey } from '../../main/roster/name-key';
import type { SimParticipant } from '../../main/simulator/index';
import { startSimulator } from '../../main/simulator/index';
import { Prng } from '../../main/simulator/prng';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import { percentile } from './percentile';
import { ROSTER_SIZE, firstLoad } from './roster';
import { tempDatabase } from './temp-db';

type QueryKind = 'bib' | 'registration' | 'prefix' | 'accented';

interface Query {
  kind: QueryKind;
  text: string;
}

const MIX: Record<QueryKind, number> = { bib: 500, registration: 400, prefix: 700, accented: 400 };
const WARMUP = 100;

/** ~2,000 lookups a volunteer might type, shuffled: bibs, registration ids, name prefixes, accented names. */
function queries(people: readonly SimParticipant[], prng: Prng): Query[] {
  const withBib = people.filter((p) => p.bib_num !== null);
  const accented = people.filter((p) => /[^\x20-\x7e]/.test(p.user.first_name + p.user.last_name));
  const out: Query[] = [];
  for (let i = 0; i < MIX.bib; i++) {
    // One in twenty is a bib nobody has (a mistyped scan).
    out.push({
      kind: 'bib',
      text: i % 20 === 0 ? String(900_000 + i) : String(prng.pick(withBib).bib_num),
    });
  }
  for (let i = 0; i < MIX.registration; i++)
    out.push({ kind: 'registration', text: String(prng.pick(people).registration_id) });
  for (let i = 0; i < MIX.prefix; i++) {
    const p = prng.pick(people);
    const name = nameKey(prng.chance(0.5) ? p.user.first_name : p.user.last_name).replace(
      /[^a-z]/g,
      '',
    );
    out.push({ kind: 'prefix', text: name.slice(0, prng.int(1, 4)) || 'a' });
  }
  for (let i = 0; i < MIX.accented; i++) {
    const p = prng.pick(accented.length ? accented : people);
    const text = prng.chance(0.5)
      ? `${p.user.first_name} ${p.user.last_name}`
      : /[^\x20-\x7e]/.test(p.user.last_name)
        ? p.user.last_name
        : p.user.first_name;
    out.push({ kind: 'accented', text });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export const searchBench: SubBench = {
  name: 'search',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      // Benchmarks are not about RunSignup's 2027-01-01 caller-registration cut-off.
      registrationRequiredFrom: '2100-01-01',
      seed: 51,
      scenario: { participants: ROSTER_SIZE },
    });
    const temp = tempDatabase('search');
    try {
      const roster = await firstLoad(sim, temp.db);
      const people = sim.inspect.participants();
      const prng = new Prng(2026);
      const checkins = new CheckinStore(temp.db, sim.raceId);
      const nowS = Math.floor(Date.now() / 1000);
      const checkedIn = people
        .filter(() => prng.chance(0.3))
        .map((p) => ({
          registrationId: p.registration_id,
          checkinTs: nowS - prng.int(0, 4 * 3600),
        }));
      checkins.merge(checkedIn, Date.now());
      const eventNames = new Map(roster.events().map((e) => [e.eventId, e.name]));

      const list = queries(people, prng);
      for (const q of list.slice(0, WARMUP)) lookup(q.text, roster, checkins, eventNames);
      // Prefixes are reported by length: one letter matches thousands of rows, four a handful.
      const byKind = new Map<string, number[]>();
      const all: number[] = [];
      let hits = 0;
      for (const q of list) {
        const t = performance.now();
        const r = lookup(q.text, roster, checkins, eventNames);
        const ms = performance.now() - t;
        if (r.hits.length > 0) hits += 1;
        all.push(ms);
        const label = q.kind === 'prefix' ? `prefix${q.text.length}` : q.kind;
        const samples = byKind.get(label) ?? [];
        samples.push(ms);
        byKind.set(label, samples);
      }
      const perKind = [...byKind]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k} ${percentile(v, 95).toFixed(2)}`)
        .join(', ');
      return [
        {
          key: 'search_p95_ms',
          value: round(percentile(all, 95)),
          unit: 'ms',
          notes: `lookup() over ${all.length} mixed queries (${hits} with hits), ${roster.count()} participants, ${checkins.count()} checked in; p95 by kind: ${perKind}`,
        },
        {
          key: 'search_p50_ms',
          value: round(percentile(all, 50)),
          unit: 'ms',
          notes: 'same lookups, median',
        },
        {
          key: 'search_max_ms',
          value: round(Math.max(...all)),
          unit: 'ms',
          notes: 'same lookups, slowest',
        },
      ];
    } finally {
      temp.close();
      await sim.close();
    }
  },
};
