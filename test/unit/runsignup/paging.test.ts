import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectCheckins, walkPages } from '../../../main/runsignup/paging';
import type { CheckinPageQuery } from '../../../main/runsignup/paging';
import type { CheckIn } from '../../../main/runsignup/types';

/** The check-in endpoint's contract (docs/RUNSIGNUP.md §1) over an array: inclusive bounds, page numbers. */
class CheckinTable {
  rows: CheckIn[] = [];
  requests: CheckinPageQuery[] = [];
  add(rows: CheckIn[]): void {
    this.rows.push(...rows);
    this.rows.sort((a, b) => a.checkinTs - b.checkinTs || a.registrationId - b.registrationId);
  }
  page = async (q: CheckinPageQuery): Promise<CheckIn[]> => {
    this.requests.push(q);
    const window = this.rows.filter((r) => r.checkinTs >= q.minTs && r.checkinTs <= q.maxTs);
    return window.slice((q.page - 1) * q.num, q.page * q.num).map((r) => ({ ...r }));
  };
}

const burst = (fromId: number, n: number, ts: number): CheckIn[] =>
  Array.from({ length: n }, (_, i) => ({ registrationId: fromId + i, checkinTs: ts }));

describe('collectCheckins', () => {
  it('collects more than a page of check-ins sharing one second', async () => {
    const table = new CheckinTable();
    table.add([...burst(1, 3, 99), ...burst(100, 2600, 100), ...burst(5000, 3, 101)]);
    const got = await collectCheckins(table.page, { sinceTs: 100, untilTs: 200, num: 1250 });
    expect(got).toHaveLength(2603);
    expect(new Set(got.map((c) => c.registrationId)).size).toBe(2603);
    expect(got.every((c) => c.checkinTs >= 100 && c.checkinTs <= 200)).toBe(true);
    // inside the one busy second it paged by number rather than re-asking page 1 forever
    expect(table.requests.map((r) => [r.minTs, r.page])).toEqual([
      [100, 1],
      [100, 2],
      [100, 3],
    ]);
  });

  it('moves the window up when a full page reaches a later second', async () => {
    const table = new CheckinTable();
    for (let ts = 0; ts < 10; ts++) table.add(burst(ts * 100, 3, 1000 + ts));
    const got = await collectCheckins(table.page, { sinceTs: 1000, untilTs: 2000, num: 4 });
    expect(got).toHaveLength(30);
    expect(table.requests.every((r) => r.page === 1 && r.maxTs === 2000)).toBe(true);
    expect(table.requests[1]?.minTs).toBe(1001);
  });

  it('pins the upper bound so check-ins after it cannot shift pages', async () => {
    const table = new CheckinTable();
    table.add(burst(1, 10, 500));
    let next = 1000;
    const growing = async (q: CheckinPageQuery) => {
      table.add(burst(next, 3, 900)); // newer than the pin
      next += 3;
      return table.page(q);
    };
    const got = await collectCheckins(growing, { sinceTs: 0, untilTs: 600, num: 3 });
    expect(got.map((c) => c.registrationId)).toEqual(
      burst(1, 10, 500).map((c) => c.registrationId),
    );
  });

  it('loses nothing and doubles nothing while late uploads land anywhere in the window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        fc.integer({ min: 2, max: 7 }),
        async (bursts, lateSeconds, num) => {
          const table = new CheckinTable();
          let id = 1;
          for (const [second, n] of bursts) {
            table.add(burst(id, n, 100 + second));
            id += n;
          }
          const initial = table.rows.map((r) => r.registrationId);
          const late = [...lateSeconds];
          const withLateUploads = async (q: CheckinPageQuery) => {
            const second = late.shift();
            if (second !== undefined) table.add(burst(10_000 + late.length, 1, 100 + second));
            return table.page(q);
          };
          const got = await collectCheckins(withLateUploads, { sinceTs: 100, untilTs: 105, num });
          const ids = got.map((c) => c.registrationId);
          expect(new Set(ids).size).toBe(ids.length);
          for (const r of initial) expect(ids).toContain(r);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives up on a server that ignores the page number', async () => {
    const stuck = async () => burst(1, 5, 100);
    await expect(
      collectCheckins(stuck, { sinceTs: 100, untilTs: 100, num: 5, maxRequests: 20 }),
    ).rejects.toMatchObject({ kind: 'malformed' });
  });
});

describe('walkPages', () => {
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

  it('yields every row once while new registrations (higher ids) arrive', async () => {
    const table = Array.from({ length: 23 }, (_, i) => (i + 1) * 10);
    const original = [...table];
    let nextId = 1000;
    const pages: number[][] = [];
    for await (const page of walkPages<number>(
      async (n) => {
        table.push(nextId++, nextId++); // two late registrations before every page
        const rows = table.slice((n - 1) * 5, n * 5);
        return { rows, rowsOnPage: rows.length };
      },
      { perPage: 5, keyOf: (id) => id },
    )) {
      pages.push(page.rows);
    }
    const all = pages.flat();
    expect(new Set(all).size).toBe(all.length);
    for (const id of original) expect(all).toContain(id);
  });

  it('drops a row shifted onto the next page by an insertion before it', async () => {
    const table = [10, 20, 30, 40, 50, 60];
    const seen: number[] = [];
    let inserted = false;
    for await (const page of walkPages<number>(
      async (n) => {
        if (n === 2 && !inserted) {
          table.splice(0, 0, 5); // an edit re-files a row before the current page
          table.sort((a, b) => a - b);
          inserted = true;
        }
        const rows = table.slice((n - 1) * 3, n * 3);
        return { rows, rowsOnPage: rows.length };
      },
      { perPage: 3, keyOf: (id) => id },
    )) {
      seen.push(...page.rows);
    }
    expect(sorted(seen)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('marks the short page as done and stops there', async () => {
    const calls: number[] = [];
    const done: boolean[] = [];
    for await (const page of walkPages<number>(
      async (n) => {
        calls.push(n);
        const rows = n === 1 ? [1, 2] : [3];
        return { rows, rowsOnPage: rows.length };
      },
      { perPage: 2, keyOf: (id) => id },
    )) {
      done.push(page.done);
    }
    expect(calls).toEqual([1, 2]);
    expect(done).toEqual([false, true]);
  });
});
