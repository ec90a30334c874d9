/**
 * The network and RunSignup's own time, as a venue sees them (the simulator answers over
 * loopback, where both cost nothing). Numbers for "venue", and why:
 * - 80 ms round trip: a school or park hall on 4G/5G or a shared venue line to RunSignup's US
 *   servers; what a ping from such a link typically shows.
 * - 20 Mbit/s, shared by the calls in flight: a modest venue uplink/downlink, not a fibre line.
 * - 0.5 s + 0.1 ms per row for each participants page: RunSignup builds a page with a query
 *   per page and per row (1,000 rows ≈ 0.6 s, 2,500 ≈ 0.75 s), measured by the page, not by
 *   the bytes; other calls cost the round trip and the transfer only. The simulator's own time
 *   to build and compress an answer is counted in it, not added to it.
 * - gzip when the request accepts it, as RunSignup's nginx does.
 */
export interface LinkProfile {
  name: string;
  rttMs: number;
  mbitPerS: number;
  /** RunSignup's time for one participants page: `pageBaseMs + perRowMs × rows asked for`. */
  pageBaseMs: number;
  perRowMs: number;
  gzip: boolean;
}

export const LINK_PROFILES: Record<string, LinkProfile> = {
  venue: { name: 'venue', rttMs: 80, mbitPerS: 20, pageBaseMs: 500, perRowMs: 0.1, gzip: true },
};

/** RunSignup's time to build the answer (participants pages only). */
export function serverTimeMs(link: LinkProfile, path: string, query: URLSearchParams): number {
  if (!/\/race\/\d+\/participants$/.test(path)) return 0;
  const rows = Number(query.get('results_per_page') ?? 50);
  return link.pageBaseMs + link.perRowMs * (Number.isFinite(rows) ? rows : 50);
}

/**
 * The shared line: each answer's bytes go after the bytes already on it, at the profile's
 * bandwidth. Returns when (performance.now() ms) the last byte arrives.
 */
export class SharedLine {
  private freeAtMs = 0;

  constructor(private readonly link: LinkProfile) {}

  deliveredAt(readyAtMs: number, bytes: number): number {
    const start = Math.max(readyAtMs, this.freeAtMs);
    this.freeAtMs = start + (bytes * 8) / (this.link.mbitPerS * 1000);
    return this.freeAtMs + this.link.rttMs / 2;
  }
}
