/**
 * `npm run chaos [-- --seed N --entries N --kills N --keep]`: the chaos run (run-chaos.ts).
 * Prints progress, the details, then as the LAST line
 * `CHAOS entries=N kills=K lost=L stale=S reordered=R parked=P`. Exits non-zero unless nothing
 * was lost, nothing is stale, no runner's result went back to an older one at RunSignup,
 * nothing waits as "needs fix", and the check-in feed matches.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { chaosLine, chaosPassed } from './chaos-report';
import { runChaos } from './run-chaos';

const count = z.coerce.number().int().min(0);
const flagsSchema = z.object({
  seed: count.default(1),
  entries: count.min(1).default(10_000),
  kills: count.default(6),
  participants: count.min(100).default(4000),
  keep: z.boolean().default(false),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      entries: { type: 'string' },
      kills: { type: 'string' },
      participants: { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const flags = flagsSchema.parse(values);
  const r = await runChaos({ ...flags, log: (line) => console.log(`  ${line}`) });
  const faults = Object.entries(r.faults)
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
  console.log(
    [
      `seed=${r.seed} duration=${(r.durationMs / 1000).toFixed(1)}s commands=${r.commands} registrations=${r.registrations}`,
      `revisions: edited=${r.revisions.edited} recommitted=${r.revisions.recommitted} (of them while in flight: ${r.revisions.inFlight}) rejected=${r.rejected}`,
      `kills=${r.kills} (${Object.entries(r.killMoments)
        .map(([k, v]) => `${k}:${v}`)
        .join(
          ' ',
        )}; found mid-upload at restart: ${r.interruptedUploads}, ${r.interruptedRows} rows sending) inDoubtRows=${r.inDoubt} inDoubtLanded=${r.inDoubtLanded} unknown=${r.unknown}`,
      `faults: ${faults}`,
      `checkins: total=${r.checkins.total} normal=${r.checkins.normal} bursts=${r.checkins.bursts} (${r.checkins.burstCheckins} check-ins) late=${r.checkins.late}`,
      `drained=${r.drained} drainMs=${r.drainMs}`,
      ...r.examples.map((e) => `  ${e}`),
      ...(r.kept ? [`work folder kept: ${r.workDir}`] : []),
      `feedDiff=${r.feedDiff}`,
      chaosLine(r),
    ].join('\n'),
  );
  return chaosPassed(r) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
