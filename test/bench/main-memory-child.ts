/**
 * Run in a child process by main-memory.ts (bundled, plain node --expose-gc): the kiosk's services
 * (createKiosk) connected to a simulator, until the roster is loaded and the feed polled. Prints
 * one JSON line: the process's rss and heap before the kiosk started and once it holds the roster.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { AppStatus } from '../../preload/api';
import { createKiosk } from '../../main/app';
import { MemorySecretStore } from '../../main/secrets';
import { MemorySettingsStore } from '../../main/settings';

const argsSchema = z.object({
  baseUrl: z.string(),
  raceId: z.number(),
  apiKey: z.string(),
  apiSecret: z.string(),
});

export interface MemoryReport {
  idleRssMb: number;
  rssMb: number;
  /** The high-water mark over the whole run (the first load's pages being parsed). */
  peakRssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  participants: number;
  loadMs: number;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return new Promise((resolve) => setTimeout(resolve, 200));
}

/** Starts the kiosk in `dataDir`, waits for the roster and the first poll, and measures. */
async function measure(args: z.infer<typeof argsSchema>, dataDir: string): Promise<MemoryReport> {
  await settle();
  const idleRss = process.memoryUsage().rss;
  const kiosk = createKiosk({
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
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    return {
      idleRssMb: mb(idleRss),
      rssMb: mb(rss),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: mb(heapUsed),
      heapTotalMb: mb(heapTotal),
      externalMb: mb(external),
      participants,
      loadMs,
    };
  } finally {
    await kiosk.stop();
  }
}

async function main(): Promise<void> {
  const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-rss-'));
  try {
    const report = await measure(args, dataDir);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
