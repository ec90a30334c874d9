/**
 * `npm run bench`: measures the figures, prints one table and writes out/bench.json (a flat
 * object of numbers). Performance is measured, not asserted. Each sub-bench closes what it
 * opened; one that fails is reported and the rest still run (the exit code is then 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure, SubBench } from './figure';
import { ensureRendererBuilt } from './renderer-build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Loaded one by one, so a module that no longer compiles fails only its own figures. */
const benches: Array<{ name: string; browser?: boolean; load: () => Promise<SubBench> }> = [
  { name: 'roster', load: async () => (await import('./roster')).rosterBench },
  { name: 'search', load: async () => (await import('./search')).searchBench },
  { name: 'poll', load: async () => (await import('./poll')).pollBench },
  {
    name: 'late uploads',
    load: async () => (await import('./late-uploads')).lateUploadsBench,
  },
  { name: 'results queue', load: async () => (await import('./results')).resultsBench },
  { name: 'main memory', load: async () => (await import('./main-memory')).mainMemoryBench },
  {
    name: 'feed latency',
    browser: true,
    load: async () => (await import('./feed-latency')).feedLatencyBench,
  },
  {
    name: 'renderer memory',
    browser: true,
    load: async () => (await import('./renderer-memory')).rendererMemoryBench,
  },
];

function printTable(figures: readonly Figure[]): void {
  const rows = [
    ['figure', 'value', 'unit', 'notes'],
    ...figures.map((f) => [f.key, String(f.value), f.unit, f.notes]),
  ];
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padStart(width[1]!)}  ${r[2]!.padEnd(width[2]!)}  ${r[3]}`;
  console.log(line(rows[0]!));
  console.log(width.map((w) => '-'.repeat(w)).join('  ') + '  -----');
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(): Promise<number> {
  console.log(
    `Race-Day Kiosk bench — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}`,
  );
  const figures: Figure[] = [];
  const failed: string[] = [];
  /** The renderer build is tried once; its failure fails every browser bench. */
  let build: { error: unknown } | null = null;
  const rendererBuilt = () => {
    if (!build) {
      try {
        ensureRendererBuilt(root);
        build = { error: null };
      } catch (error) {
        build = { error };
      }
    }
    if (build.error) throw build.error;
  };
  for (const b of benches) {
    const started = performance.now();
    process.stdout.write(`• ${b.name} … `);
    try {
      if (b.browser) rendererBuilt();
      const got = await (await b.load()).run();
      figures.push(...got);
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed.push(b.name);
      console.log('FAILED');
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    }
  }
  console.log('');
  printTable(figures);
  const json = Object.fromEntries(figures.map((f) => [f.key, f.value]));
  const file = path.join(root, 'out/bench.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(
    `\nWrote ${path.relative(root, file)}${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`,
  );
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
