/**
 * Walking RunSignup's page-number paging without losing or doubling rows while the data
 * changes underneath. Pure algorithms over an injected "fetch one page" function, so they are
 * tested without a server; client.ts plugs in the real requests.
 */
import { ApiError } from './errors';
import type { CheckIn } from './types';

// ---------------------------------------------------------------- participants

export interface PageOf<T> {
  page: number;
  /** Rows not seen on an earlier page of this walk. */
  rows: T[];
  /** This was the last page. */
  done: boolean;
}

/**
 * Pages 1, 2, 3, … until a page comes back short (`rowsOnPage < perPage`), yielding each
 * page's rows that were not already seen (keyed by `keyOf`, the registration id).
 *
 * Why this is safe while registrations arrive: the caller sorts by `registration_id ASC`, and
 * RunSignup hands out registration ids in increasing order, so a new registration sorts after
 * every row already there. It lands on the last page (or a page not fetched yet) and never
 * pushes an already-fetched row onto a later page. When a row does move forward (an edit that
 * re-files it, another insertion before the current page), it is fetched twice and the
 * de-duplication drops the second copy. The one shift this cannot see is a row *leaving*
 * the set mid-walk (a transfer or refund removes it): rows behind it move one place back and
 * the row at the page boundary may be skipped. The roster loader covers that with its
 * incremental follow-up (`modified_after_timestamp` with overlap) and periodic full reloads.
 */
export async function* walkPages<T>(
  fetchPage: (page: number) => Promise<{ rows: T[]; rowsOnPage: number }>,
  opts: {
    perPage: number;
    keyOf: (row: T) => number;
    firstPage?: number;
    maxPages?: number;
    /**
     * Pages asked for at once (default 1). With 2 (the first roster load), pages N+1 and N+2
     * are on the wire while the caller stores page N; the call limiter keeps the kiosk at 2
     * calls. The price: the walk asks for one page past the end, whose answer is dropped.
     */
    ahead?: number;
  },
): AsyncGenerator<PageOf<T>> {
  const seen = new Set<number>();
  const maxPages = opts.maxPages ?? 10_000;
  const ahead = Math.max(1, opts.ahead ?? 1);
  const first = opts.firstPage ?? 1;
  /** Pages asked for and not handed over yet, in page order. */
  const asked: Array<Promise<{ rows: T[]; rowsOnPage: number }>> = [];
  let lastAsked = first - 1;
  const askUpTo = (count: number) => {
    while (asked.length < count && lastAsked < maxPages) {
      lastAsked += 1;
      const answer = fetchPage(lastAsked);
      // A page asked for ahead may fail: that surfaces when the walk reaches it, as before.
      answer.catch(() => undefined);
      asked.push(answer);
    }
  };
  askUpTo(ahead);
  for (let page = first; ; page++) {
    const next = asked.shift();
    if (page > maxPages || next === undefined) {
      throw new ApiError('malformed', `RunSignup kept returning full pages past page ${maxPages}`);
    }
    const { rows, rowsOnPage } = await next;
    const done = rowsOnPage < opts.perPage;
    // A full page: the next ones go on the wire now, while the caller stores this one.
    if (!done) askUpTo(ahead);
    const fresh = rows.filter((row) => {
      const key = opts.keyOf(row);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    yield { page, rows: fresh, done };
    if (done) return;
  }
}

// ---------------------------------------------------------------- check-ins

export interface CheckinPageQuery {
  minTs: number;
  maxTs: number;
  page: number;
  num: number;
}

/**
 * Every check-in with `sinceTs <= checkin_ts <= untilTs`, de-duplicated by registration id and
 * sorted by (checkin_ts, registration_id).
 *
 * The algorithm, and why it holds:
 * 1. `untilTs` is pinned for the whole walk (`max_checkin_ts`), so check-ins happening now
 *    (newer than the pin) cannot push rows between pages, and the walk has an end. The
 *    caller's next walk starts at (or before) this pin, so nothing newer is lost.
 * 2. Inside the window [`min`, `untilTs`] we page by page number (1, 2, …). Keyset paging on
 *    `min_checkin_ts` alone loops or skips when more than `num` check-ins share one second;
 *    page numbers within a fixed window do not.
 * 3. When a full page ends on a later second than `min`, the window moves up: `min` becomes
 *    that page's last `checkin_ts` and paging restarts at page 1. Rows of that last second
 *    already fetched come again and are dropped by the de-duplication; rows before it are
 *    complete. Keeping each window short keeps page numbers small, and a late upload carrying
 *    an older timestamp (RunSignup's offline check-in app does that) lands before `min` where
 *    it cannot shift the pages still to come.
 * 4. When a full page lies entirely in the second `min` (first = last = `min`: a burst of
 *    more than `num` check-ins in one second) the window cannot move, so we keep paging by
 *    number within it until a page reaches a later second or comes back short.
 * 5. A short page ends the walk. Each step either raises the page number in a fixed, finite
 *    window or raises `min` (bounded by `untilTs`), so the walk ends; `maxRequests` guards
 *    against a server that ignores `page`.
 * Any row pushed forward by an insertion is fetched twice and de-duplicated. A check-in
 * removed mid-walk can let its neighbour slip past a page boundary; late uploads older than
 * `sinceTs` are out of the window by definition. The check-in poller's periodic full
 * reconcile catches both.
 */
export async function collectCheckins(
  /** A page's readable rows, or those and how many rows it had (unreadable ones count too). */
  fetchPage: (
    query: CheckinPageQuery,
  ) => Promise<CheckIn[] | { rows: CheckIn[]; rowsOnPage: number }>,
  opts: { sinceTs: number; untilTs: number; num: number; maxRequests?: number },
): Promise<CheckIn[]> {
  const byRegistration = new Map<number, CheckIn>();
  const maxRequests = opts.maxRequests ?? 10_000;
  let minTs = opts.sinceTs;
  let page = 1;
  for (let request = 1; ; request++) {
    if (request > maxRequests) {
      throw new ApiError(
        'malformed',
        `RunSignup kept returning full check-in pages after ${maxRequests} requests`,
      );
    }
    const got = await fetchPage({ minTs, maxTs: opts.untilTs, page, num: opts.num });
    const rows = Array.isArray(got) ? got : got.rows;
    const rowsOnPage = Array.isArray(got) ? got.length : got.rowsOnPage;
    // A registration fetched twice keeps its latest reading (it has one check-in time).
    for (const row of rows) byRegistration.set(row.registrationId, row);
    const last = rows[rows.length - 1];
    if (rowsOnPage < opts.num) break;
    if (last && last.checkinTs > minTs) {
      minTs = last.checkinTs;
      page = 1;
    } else {
      page += 1;
    }
  }
  return [...byRegistration.values()].sort(
    (a, b) => a.checkinTs - b.checkinTs || a.registrationId - b.registrationId,
  );
}
