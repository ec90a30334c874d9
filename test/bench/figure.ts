/** One measured number, as printed in the table and written to out/bench.json. */
export interface Figure {
  key: string;
  value: number;
  unit: string;
  notes: string;
}

/** A group of figures measured together; it starts and closes everything it uses. */
export interface SubBench {
  name: string;
  run(): Promise<Figure[]>;
}

/** Seconds since `startMs` (a `performance.now()` reading). */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

/** Rounds for the table and the JSON (benchmarks are not precise past this). */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
