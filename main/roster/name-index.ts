import type { Database } from 'better-sqlite3';

/** A runner as the index holds them: the id and the folded keys it searches and sorts by. */
export interface IndexedPerson {
  registration_id: number;
  /** Folded "first last" (see `nameKey`). */
  name_key: string;
  /** Folded "last first": the order of results. */
  last_key: string;
}

/** A runner in the index; `mark` is the number of the last search that matched them. */
interface Node {
  id: number;
  nameKey: string;
  lastKey: string;
  /** Where the runner sits in `nodes` (freed when they leave). */
  slot: number;
  mark: number;
}

/** How the index trades work; tests lower both to reach every path with a few runners. */
export const nameIndexTuning = {
  /** Above this many changed runners at once, the index is rebuilt on the next search instead. */
  rebuildAbove: 2_000,
  /** Up to this many distinct matches are sorted; more are picked by walking the results order. */
  sortUpTo: 500,
};

/** Results order: `last_key` (SQLite's binary order), then registration id. */
const byLastKey = (a: Node, b: Node): number =>
  a.lastKey < b.lastKey ? -1 : a.lastKey > b.lastKey ? 1 : a.id - b.id;

/**
 * Where the word-start tails of a runner's keys begin: "mary kate olsen" → "mary kate olsen",
 * "kate olsen", "olsen". An offset into `name_key` is ≥ 0; into `last_key`, `-1 - offset`.
 * Each distinct tail once.
 */
function tailsOf(node: Node): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const [key, code] of [
    [node.nameKey, (at: number) => at],
    [node.lastKey, (at: number) => -1 - at],
  ] as const) {
    let at = 0;
    while (at >= 0 && at < key.length) {
      const tail = key.slice(at);
      if (!seen.has(tail)) {
        seen.add(tail);
        out.push(code(at));
      }
      const space = key.indexOf(' ', at);
      at = space < 0 ? -1 : space + 1;
    }
  }
  return out;
}

/** First index below `length` for which `below(i)` is false (`below` holds for a prefix). */
function lowerBound(length: number, below: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
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
 *
 * It holds only what search needs (12 MB of heap at 50,000 runners, where whole rows took 28):
 * each runner's id and two keys, and each tail as two small numbers (the runner's slot and
 * where in which key it starts), never as a string of its own. Searches answer registration
 * ids; the store reads the few rows it shows.
 */
export class NameIndex {
  /** Runners by slot (`undefined`: a freed slot, listed in `freeSlots`). */
  private nodes: Array<Node | undefined> = [];
  private freeSlots: number[] = [];
  /** The tails in sorted order (tail text, then registration id): runner slot and offset code. */
  private entrySlot: number[] = [];
  private entryAt: number[] = [];
  /** Everyone, in results order. */
  private order: Node[] = [];
  private byId = new Map<number, Node>();
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
      this.stale();
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

  /** The whole roster changed (cleared): rebuilt on the next search, its memory let go now. */
  stale(): void {
    this.built = false;
    this.nodes = [];
    this.freeSlots = [];
    this.entrySlot = [];
    this.entryAt = [];
    this.order = [];
    this.byId = new Map();
  }

  /**
   * Matches of a folded, non-empty query: the registration ids of the first `limit` in results
   * order, and how many match in all.
   */
  search(key: string, limit: number): { ids: number[]; matches: number } {
    this.ensureBuilt();
    const from = lowerBound(this.entrySlot.length, (i) => this.tail(i) < key);
    const end = `${key}\uffff`;
    const to = lowerBound(this.entrySlot.length, (i) => this.tail(i) < end);
    const mark = ++this.searches;
    const found: Node[] = [];
    for (let i = from; i < to; i++) {
      const node = this.nodes[this.entrySlot[i]!]!;
      if (node.mark === mark) continue;
      node.mark = mark;
      found.push(node);
    }
    if (found.length <= nameIndexTuning.sortUpTo) {
      const hits = found.sort(byLastKey).slice(0, limit);
      return { ids: hits.map((n) => n.id), matches: found.length };
    }
    // Many matches: the first `limit` of them turn up early in the results order.
    const ids: number[] = [];
    for (const n of this.order) {
      if (ids.length >= limit) break;
      if (n.mark === mark) ids.push(n.id);
    }
    return { ids, matches: found.length };
  }

  /** The text of entry `i` (made for a comparison, then let go). */
  private tail(i: number): string {
    const node = this.nodes[this.entrySlot[i]!]!;
    const at = this.entryAt[i]!;
    return at >= 0 ? node.nameKey.slice(at) : node.lastKey.slice(-1 - at);
  }

  /** Entry `i` sorts before (tail text, registration id). */
  private before(i: number, tail: string, id: number): boolean {
    const t = this.tail(i);
    return t < tail || (t === tail && this.nodes[this.entrySlot[i]!]!.id < id);
  }

  private ensureBuilt(): void {
    if (this.built) return;
    const rows = this.db
      .prepare('SELECT registration_id, name_key, last_key FROM participants WHERE race_id = ?')
      .all(this.raceId) as IndexedPerson[];
    this.stale();
    const texts: string[] = [];
    const slots: number[] = [];
    const ats: number[] = [];
    for (const row of rows) {
      const node = this.place(row);
      for (const at of tailsOf(node)) {
        texts.push(at >= 0 ? node.nameKey.slice(at) : node.lastKey.slice(-1 - at));
        slots.push(node.slot);
        ats.push(at);
      }
    }
    const sorted = texts.map((_, i) => i);
    const idAt = (i: number) => this.nodes[slots[i]!]!.id;
    sorted.sort((a, b) =>
      texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : idAt(a) - idAt(b),
    );
    this.entrySlot = sorted.map((i) => slots[i]!);
    this.entryAt = sorted.map((i) => ats[i]!);
    this.order = [...this.byId.values()].sort(byLastKey);
    this.built = true;
  }

  /** Gives a runner a slot and an id entry (no tails, no place in the order yet). */
  private place(p: IndexedPerson): Node {
    const slot = this.freeSlots.pop() ?? this.nodes.length;
    const node: Node = {
      id: p.registration_id,
      nameKey: p.name_key,
      lastKey: p.last_key,
      slot,
      mark: 0,
    };
    this.nodes[slot] = node;
    this.byId.set(node.id, node);
    return node;
  }

  private add(p: IndexedPerson): void {
    const node = this.place(p);
    this.order.splice(
      lowerBound(this.order.length, (i) => byLastKey(this.order[i]!, node) < 0),
      0,
      node,
    );
    for (const at of tailsOf(node)) {
      const text = at >= 0 ? node.nameKey.slice(at) : node.lastKey.slice(-1 - at);
      const i = lowerBound(this.entrySlot.length, (j) => this.before(j, text, node.id));
      this.entrySlot.splice(i, 0, node.slot);
      this.entryAt.splice(i, 0, at);
    }
  }

  private drop(registrationId: number): void {
    const node = this.byId.get(registrationId);
    if (!node) return;
    this.byId.delete(registrationId);
    const at = lowerBound(this.order.length, (i) => byLastKey(this.order[i]!, node) < 0);
    if (this.order[at] === node) this.order.splice(at, 1);
    for (const code of tailsOf(node)) {
      const text = code >= 0 ? node.nameKey.slice(code) : node.lastKey.slice(-1 - code);
      const i = lowerBound(this.entrySlot.length, (j) => this.before(j, text, node.id));
      if (this.entrySlot[i] === node.slot) {
        this.entrySlot.splice(i, 1);
        this.entryAt.splice(i, 1);
      }
    }
    this.nodes[node.slot] = undefined;
    this.freeSlots.push(node.slot);
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
