import type { Database } from 'better-sqlite3';

/** One runner as the roster's queries return it (participants table columns). */
export interface PersonRow {
  registration_id: number;
  event_id: number;
  bib: number | null;
  first_name: string;
  last_name: string;
  age: number | null;
  gender: string | null;
  team: string | null;
}

/** One runner as name search returns it, with the folded keys the index sorts by. */
export interface IndexedPerson extends PersonRow {
  /** Folded "first last" (see `nameKey`). */
  name_key: string;
  /** Folded "last first": the order of results. */
  last_key: string;
}

/** A runner in the index; `mark` is the number of the last search that matched them. */
interface Node {
  person: IndexedPerson;
  mark: number;
}

interface Entry {
  /** A word-start tail of `name_key` or `last_key`: "mary kate olsen" → "kate olsen". */
  tail: string;
  node: Node;
}

/** How the index trades work; tests lower both to reach every path with a few runners. */
export const nameIndexTuning = {
  /** Above this many changed runners at once, the index is rebuilt on the next search instead. */
  rebuildAbove: 2_000,
  /** Up to this many distinct matches are sorted; more are picked by walking the results order. */
  sortUpTo: 500,
};

const byTail = (a: Entry, b: Entry): number =>
  a.tail < b.tail
    ? -1
    : a.tail > b.tail
      ? 1
      : a.node.person.registration_id - b.node.person.registration_id;

/** Results order: `last_key` (SQLite's binary order), then registration id. */
const byLastKey = (a: IndexedPerson, b: IndexedPerson): number =>
  a.last_key < b.last_key
    ? -1
    : a.last_key > b.last_key
      ? 1
      : a.registration_id - b.registration_id;
const nodesByLastKey = (a: Node, b: Node): number => byLastKey(a.person, b.person);

function tailsOf(p: IndexedPerson): string[] {
  const tails = new Set<string>();
  for (const key of [p.name_key, p.last_key]) {
    let at = 0;
    while (at >= 0 && at < key.length) {
      tails.add(key.slice(at));
      const space = key.indexOf(' ', at);
      at = space < 0 ? -1 : space + 1;
    }
  }
  return [...tails];
}

/** First index in `list` whose item is not below `probe` by `compare`. */
function lowerBound<T>(list: readonly T[], compare: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The name-search index of one race, in memory: every word-start tail of "first last" and of
 * "last first", sorted, so a folded query is a prefix range found by binary search (a query
 * starts a word of the name exactly when it is a prefix of one of these tails). Built from the
 * participants table on the first search and kept up to date by `RosterStore` on every upsert
 * and removal (a large batch marks it stale and it is rebuilt on the next search).
 */
export class NameIndex {
  private entries: Entry[] = [];
  /** Everyone, in results order. */
  private order: Node[] = [];
  private nodes = new Map<number, Node>();
  private built = false;
  /** The number of the latest search (each stamps its matches with it). */
  private searches = 0;

  constructor(
    private readonly db: Database,
    private readonly raceId: number,
  ) {}

  /** Whether the index is in memory (else the next search builds it from the table). */
  get isBuilt(): boolean {
    return this.built;
  }

  /** Runners inserted or updated (already in the table). */
  upserted(list: readonly IndexedPerson[]): void {
    if (!this.built) return;
    if (list.length > nameIndexTuning.rebuildAbove) {
      this.built = false;
      return;
    }
    for (const p of list) {
      this.drop(p.registration_id);
      this.add(p);
    }
  }

  /** Runners taken off the roster. */
  removed(registrationIds: readonly number[]): void {
    if (!this.built) return;
    for (const id of registrationIds) this.drop(id);
  }

  /** The whole roster changed (cleared): rebuilt on the next search. */
  stale(): void {
    this.built = false;
  }

  /** Matches of a folded, non-empty query: the first `limit` in results order, and how many in all. */
  search(key: string, limit: number): { hits: IndexedPerson[]; matches: number } {
    this.ensureBuilt();
    const from = lowerBound(this.entries, (e) => (e.tail < key ? -1 : 1));
    const end = `${key}\uffff`;
    const to = lowerBound(this.entries, (e) => (e.tail < end ? -1 : 1));
    const mark = ++this.searches;
    const found: Node[] = [];
    for (let i = from; i < to; i++) {
      const e = this.entries[i]!;
      if (e.node.mark === mark) continue;
      e.node.mark = mark;
      found.push(e.node);
    }
    if (found.length <= nameIndexTuning.sortUpTo) {
      const hits = found.sort(nodesByLastKey).slice(0, limit);
      return { hits: hits.map((n) => n.person), matches: found.length };
    }
    // Many matches: the first `limit` of them turn up early in the results order.
    const hits: IndexedPerson[] = [];
    for (const n of this.order) {
      if (hits.length >= limit) break;
      if (n.mark === mark) hits.push(n.person);
    }
    return { hits, matches: found.length };
  }

  private ensureBuilt(): void {
    if (this.built) return;
    const rows = this.db
      .prepare(
        `SELECT registration_id, event_id, bib, first_name, last_name, age, gender, team, name_key, last_key
         FROM participants WHERE race_id = ?`,
      )
      .all(this.raceId) as IndexedPerson[];
    const nodes = rows.map((person): Node => ({ person, mark: 0 }));
    this.nodes = new Map(nodes.map((n) => [n.person.registration_id, n]));
    this.order = nodes.sort(nodesByLastKey);
    this.entries = nodes.flatMap((node) => tailsOf(node.person).map((tail) => ({ tail, node })));
    this.entries.sort(byTail);
    this.built = true;
  }

  private add(p: IndexedPerson): void {
    const node: Node = { person: p, mark: 0 };
    this.nodes.set(p.registration_id, node);
    this.order.splice(
      lowerBound(this.order, (q) => nodesByLastKey(q, node)),
      0,
      node,
    );
    for (const tail of tailsOf(p)) {
      const entry: Entry = { tail, node };
      this.entries.splice(
        lowerBound(this.entries, (e) => byTail(e, entry)),
        0,
        entry,
      );
    }
  }

  private drop(registrationId: number): void {
    const node = this.nodes.get(registrationId);
    if (!node) return;
    this.nodes.delete(registrationId);
    const at = lowerBound(this.order, (q) => nodesByLastKey(q, node));
    if (this.order[at] === node) this.order.splice(at, 1);
    for (const tail of tailsOf(node.person)) {
      const probe: Entry = { tail, node };
      const i = lowerBound(this.entries, (e) => byTail(e, probe));
      if (this.entries[i]?.node === node) this.entries.splice(i, 1);
    }
  }
}

const indexes = new WeakMap<Database, Map<number, NameIndex>>();

/** The one name index of a race in this database, shared by every `RosterStore` on it. */
export function nameIndexOf(db: Database, raceId: number): NameIndex {
  let perRace = indexes.get(db);
  if (!perRace) {
    perRace = new Map();
    indexes.set(db, perRace);
  }
  let index = perRace.get(raceId);
  if (!index) {
    index = new NameIndex(db, raceId);
    perRace.set(raceId, index);
  }
  return index;
}
