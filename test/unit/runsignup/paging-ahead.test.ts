import { describe, expect, it } from 'vitest';
import { walkPages } from '../../../main/runsignup/paging';

// The first roster load overlaps its waits: while the caller stores page N, page N+1 is
// already asked for — one request at a time, and none past a short page.
describe('walkPages asks for the next page ahead', () => {
  it('has page N+1 on the wire while page N is handed over, one at a time', async () => {
    const asked: number[] = [];
    let open = 0;
    let peak = 0;
    const fetchPage = async (page: number) => {
      asked.push(page);
      open += 1;
      peak = Math.max(peak, open);
      await new Promise((r) => setTimeout(r, 1));
      open -= 1;
      const rowsOnPage = page < 3 ? 2 : 1;
      return { rows: Array.from({ length: rowsOnPage }, (_, i) => page * 10 + i), rowsOnPage };
    };
    const seenWhenHandedOver: number[][] = [];
    for await (const p of walkPages(fetchPage, { perPage: 2, keyOf: (r) => r })) {
      seenWhenHandedOver.push([p.page, ...asked]);
    }
    expect(seenWhenHandedOver).toEqual([
      [1, 1, 2],
      [2, 1, 2, 3],
      [3, 1, 2, 3],
    ]);
    expect(peak).toBe(1);
  });

  it('with `ahead: 3` keeps three pages asked for while each is handed over, and none past a short page', async () => {
    const asked: number[] = [];
    const fetchPage = async (page: number) => {
      asked.push(page);
      await new Promise((r) => setTimeout(r, 1));
      const rowsOnPage = page < 5 ? 2 : 1;
      return { rows: Array.from({ length: rowsOnPage }, (_, i) => page * 10 + i), rowsOnPage };
    };
    const seenWhenHandedOver: number[][] = [];
    const rows: number[] = [];
    for await (const p of walkPages(fetchPage, { perPage: 2, keyOf: (r) => r, ahead: 3 })) {
      seenWhenHandedOver.push([p.page, ...asked]);
      rows.push(...p.rows);
    }
    expect(seenWhenHandedOver).toEqual([
      [1, 1, 2, 3, 4],
      [2, 1, 2, 3, 4, 5],
      [3, 1, 2, 3, 4, 5, 6],
      [4, 1, 2, 3, 4, 5, 6, 7],
      [5, 1, 2, 3, 4, 5, 6, 7],
    ]);
    // Pages 6 and 7 were asked for past the end; their rows are never handed over.
    expect(rows).toEqual([10, 11, 20, 21, 30, 31, 40, 41, 50]);
  });

  it('reports a failed page ahead when the walk reaches it', async () => {
    const fetchPage = async (page: number) => {
      if (page === 2) throw new Error('page 2 lost');
      return { rows: [1, 2], rowsOnPage: 2 };
    };
    const pages: number[] = [];
    await expect(
      (async () => {
        for await (const p of walkPages(fetchPage, { perPage: 2, keyOf: (r) => r }))
          pages.push(p.page);
      })(),
    ).rejects.toThrow('page 2 lost');
    expect(pages).toEqual([1]);
  });
});
