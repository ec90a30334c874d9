import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startSimulator } from '../../main/simulator/index';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import type { MemoryReport } from './main-memory-child';
import { ROSTER_SIZE } from './roster';

const here = path.dirname(fileURLToPath(import.meta.url));
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

function runChild(file: string, args: object): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', file, JSON.stringify(args)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`memory child exited ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as MemoryReport);
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
    try {
      const file = await bundleChild();
      const r = await runChild(file, {
        baseUrl: sim.url,
        raceId: sim.raceId,
        ...sim.credentials.v2,
      });
      if (r.participants !== ROSTER_SIZE)
        throw new Error(`the child loaded ${r.participants} participants, not ${ROSTER_SIZE}`);
      return [
        {
          key: 'main_rss_mb',
          value: round(r.rssMb, 1),
          unit: 'MB',
          notes: `child node process (bundled like main, after gc) running createKiosk against a ${ROSTER_SIZE}-participant simulator in the parent, roster loaded and first poll done (${(r.loadMs / 1000).toFixed(1)} s); JS heap used ${r.heapUsedMb.toFixed(1)} of ${r.heapTotalMb.toFixed(1)} MB, external ${r.externalMb.toFixed(1)} MB`,
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
      await sim.close();
    }
  },
};
