/**
 * Run in a child process by main-memory.ts (bundled, plain node --expose-gc): the kiosk's services
 * (createKiosk) connected to a simulator, until the roster is loaded and the feed polled. Prints
 * one JSON line: the process's rss and heap before the kiosk started and once it holds the roster.
 */
import { z } from 'zod';
import type { AppStatus } from '../../preload/api';
import { createKiosk } from '../../main/app';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import { MemorySettingsStore } from '../doubles/memory-settings-store';

const argsSchema = z.object({
  baseUrl: z.string(),
  raceId: z.number(),
  apiKey: z.string(),
  apiSecret: z.string(),
  /** Where the kiosk keeps its data (the parent removes it). */
  dataDir: z.string(),
  /** 'load': a first start that loads the roster; 'restart': a start on the cached roster. */
  mode: z.enum(['load', 'restart']).default('load'),
  /** How long the kiosk runs on after the load (and after the name search) before measuring. */
  idleMs: z.number().default(30_000),
  /** In 'restart': the bib a scanner sends first. */
  bib: z.number().optional(),
});

/** 'restart': when (Date.now()) the scanner's lookup was answered, and a name search after it. */
export interface RestartReport {
  answeredAtMs: number;
  hits: number;
  firstNameSearchMs: number;
  nameSearchMs: number;
}

export interface MemoryReport {
  idleRssMb: number;
  /** Just after the first load (and a gc): the heap still at the size the load grew it to. */
  afterLoadRssMb: number;
  /** After running `idleMs` more. */
  rssMb: number;
  /** The high-water mark over the whole run (the first load's pages being parsed). */
  peakRssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  participants: number;
  loadMs: number;
  /** rss once a name search has built the name index. */
  searchedRssMb: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

/** Lets the kiosk run (its pollers too) for `ms`, then settles. */
async function runFor(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await settle();
}

function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return new Promise((resolve) => setTimeout(resolve, 200));
}

/** Starts the kiosk in `dataDir`, waits for the roster and the first poll, and measures. */
function kioskFor(args: z.infer<typeof argsSchema>, dataDir: string) {
  return createKiosk({
    dataDir,
    version: 'bench',
    trustedBaseUrls: [args.baseUrl],
    settings: new MemorySettingsStore({
      raceId: args.raceId,
      practice: false,
      baseUrl: args.baseUrl,
      pollIntervalSec: 5,
    }),
    secrets: new MemorySecretStore({ kind: 'v2', apiKey: args.apiKey, apiSecret: args.apiSecret }),
  });
}

/** A start on the roster a previous run cached: the first scanner lookup, as soon as it can. */
async function restart(args: z.infer<typeof argsSchema>): Promise<RestartReport> {
  const kiosk = kioskFor(args, args.dataDir);
  try {
    await kiosk.start();
    const answer = await kiosk.api.search(String(args.bib));
    const answeredAtMs = Date.now();
    let t = performance.now();
    await kiosk.api.search('ma');
    const firstNameSearchMs = performance.now() - t;
    t = performance.now();
    await kiosk.api.search('mar');
    const nameSearchMs = performance.now() - t;
    return { answeredAtMs, hits: answer.hits.length, firstNameSearchMs, nameSearchMs };
  } finally {
    await kiosk.stop();
  }
}

async function measure(args: z.infer<typeof argsSchema>, dataDir: string): Promise<MemoryReport> {
  await settle();
  const idleRss = process.memoryUsage().rss;
  const kiosk = kioskFor(args, dataDir);
  try {
    const started = Date.now();
    const ready = new Promise<number>((resolve, reject) => {
      kiosk.subscribe((event, payload) => {
        if (event !== 'status') return;
        const status = payload as AppStatus;
        if (status.roster?.phase === 'failed')
          reject(new Error(`roster load failed: ${status.roster.message}`));
        if (status.roster?.phase === 'done' && status.lastSyncAt !== null)
          resolve(status.roster.participantsLoaded);
      });
    });
    await kiosk.start();
    const participants = await ready;
    const loadMs = Date.now() - started;
    await settle();
    const afterLoadRss = process.memoryUsage().rss;
    // A kiosk runs for hours: what it holds once it has run a while (polling every 5 s), after
    // V8 gave back what the load's page parsing grew its heap to.
    await runFor(args.idleMs);
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    // The first name search at the tent builds the name index: that memory stays too.
    await kiosk.api.search('ma');
    await runFor(args.idleMs);
    const searchedRss = process.memoryUsage().rss;
    return {
      idleRssMb: mb(idleRss),
      afterLoadRssMb: mb(afterLoadRss),
      rssMb: mb(rss),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: mb(heapUsed),
      heapTotalMb: mb(heapTotal),
      externalMb: mb(external),
      participants,
      loadMs,
      searchedRssMb: mb(searchedRss),
    };
  } finally {
    await kiosk.stop();
  }
}

async function main(): Promise<void> {
  const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const report = args.mode === 'restart' ? await restart(args) : await measure(args, args.dataDir);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
