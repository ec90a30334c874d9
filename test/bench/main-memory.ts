import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startSimulator } from '../../main/simulator/index';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import type { MemoryReport, RestartReport } from './main-memory-child';
import { ROSTER_SIZE } from './roster';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The kiosk runs this long after the load (and after a name search) before its memory is read. */
const IDLE_MS = 30_000;
const root = path.resolve(here, '../..');

/**
 * Bundles the child like the app's main bundle (one file, packages from node_modules), so it runs
 * on plain node: tsx's loader would add ~30 MB of its own to the rss.
 */
async function bundleChild(): Promise<string> {
  const outfile = path.join(root, 'out/bench/main-memory-child.mjs');
  await build({
    entryPoints: [path.join(here, 'main-memory-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

function runChild<T = MemoryReport>(file: string, args: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', file, JSON.stringify(args)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill(), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`memory child exited ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as T);
    });
  });
}

export const mainMemoryBench: SubBench = {
  name: 'main memory',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      // Benchmarks are not about RunSignup's 2027-01-01 caller-registration cut-off.
      registrationRequiredFrom: '2100-01-01',
      seed: 53,
      scenario: { participants: ROSTER_SIZE, checkedInFraction: 0.3 },
    });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-rss-'));
    try {
      const file = await bundleChild();
      const args = {
        baseUrl: sim.url,
        raceId: sim.raceId,
        ...sim.credentials.v2,
        dataDir,
        idleMs: IDLE_MS,
      };
      const r = await runChild(file, args);
      if (r.participants !== ROSTER_SIZE)
        throw new Error(`the child loaded ${r.participants} participants, not ${ROSTER_SIZE}`);
      // Kiosk mode relaunches after a crash: a new process on the roster just cached.
      const bib = sim.inspect.participants().find((p) => p.bib_num !== null)!.bib_num!;
      const spawnedAt = Date.now();
      const again = await runChild<RestartReport>(file, { ...args, mode: 'restart', bib });
      if (again.hits !== 1)
        throw new Error(`the restarted kiosk found ${again.hits} for bib ${bib}`);
      return [
        {
          key: 'restart_to_answer_s',
          value: round((again.answeredAtMs - spawnedAt) / 1000),
          unit: 's',
          notes: `spawn of a new node process (the bundled services, no Electron) on the ${ROSTER_SIZE}-runner roster just cached → createKiosk, start, a bib lookup answered (goal ≤ 1); its first name search then took ${again.firstNameSearchMs.toFixed(0)} ms (builds the name index), the next ${again.nameSearchMs.toFixed(2)} ms`,
        },
        {
          key: 'main_rss_mb',
          value: round(r.rssMb, 1),
          unit: 'MB',
          notes: `child node process (bundled like main, after gc) running createKiosk against a ${ROSTER_SIZE}-participant simulator in the parent: roster loaded (${(r.loadMs / 1000).toFixed(1)} s), then ${IDLE_MS / 1000} s of polling; JS heap used ${r.heapUsedMb.toFixed(1)} of ${r.heapTotalMb.toFixed(1)} MB, external ${r.externalMb.toFixed(1)} MB`,
        },
        {
          key: 'main_rss_after_load_mb',
          value: round(r.afterLoadRssMb, 1),
          unit: 'MB',
          notes:
            'same child just after the load (after gc): V8 still holds the heap the page parsing grew; it gives it back within seconds of quiet',
        },
        {
          key: 'main_rss_searched_mb',
          value: round(r.searchedRssMb, 1),
          unit: 'MB',
          notes: `same child, after gc, once a name search has built the name index and ${IDLE_MS / 1000} s more (what a kiosk at the tent holds)`,
        },
        {
          key: 'main_rss_peak_mb',
          value: round(r.peakRssMb, 1),
          unit: 'MB',
          notes:
            'same child, maximum rss over its run (process.resourceUsage().maxRSS): the first load at its largest',
        },
        {
          key: 'main_rss_idle_mb',
          value: round(r.idleRssMb, 1),
          unit: 'MB',
          notes: 'baseline: the same child with every module loaded, before createKiosk',
        },
      ];
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await sim.close();
    }
  },
};
