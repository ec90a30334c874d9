/**
 * The chaos run: "what if the laptop dies mid-upload?", answered by a run anyone can repeat.
 *
 * The simulator runs here, in the parent. The kiosk's real services run in a child process
 * (child.ts) on a real data folder. The parent sends it commits (workload.ts), records every
 * acknowledged one in the ledger (ledger.ts), puts faults in front of the simulator
 * (fault-plan.ts), adds check-ins (checkin-activity.ts), and SIGKILLs the child at random
 * moments, restarting it on the same folder. At the end, with the faults gone and the queue
 * drained, RunSignup must hold exactly the latest acknowledged result of every registration,
 * and the kiosk's check-in feed must equal RunSignup's; RunSignup's write history must never
 * take a runner back to an older result (ledger.ts `checkOrder`), and nothing may wait as
 * "needs fix" (the workload plants no refusal: every row it sends is valid).
 * Everything random comes from the seed, so a run can be repeated (timing aside).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../main/simulator/index';
import { Prng, streamSeed } from '../../main/simulator/prng';
import { CheckinActivity } from './checkin-activity';
import type { ChaosReport } from './chaos-report';
import { chaosPassed, feedDifference, heldResults } from './chaos-report';
import { nextFault } from './fault-plan';
import { KillMoments } from './kill-moments';
import { ChildGoneError, KioskChild } from './kiosk-child';
import type { ChildCall } from './kiosk-child';
import { Ledger, checkOrder } from './ledger';
import type { ChildConfig, ReplyValue, StatusReply } from './protocol';
import { valueOfClockTime } from './result-values';
import type { WorkloadCommand, WorkloadEvent } from './workload';
import { Workload } from './workload';

export interface ChaosOptions {
  seed: number;
  /** Result rows to commit (acknowledged), edits included. */
  entries: number;
  /** SIGKILLs of the kiosk. */
  kills: number;
  /** Registrations in the simulated race (default 4,000). */
  participants?: number;
  /** At most this many runners of each virtual event get results (default all): fewer, more versions each. */
  runnersPerEvent?: number;
  /** Check-ins in one burst sharing a second (default 1,300). */
  burstSize?: number;
  /** Rows in a paste (default 50..500). */
  pasteMin?: number;
  pasteMax?: number;
  /** Pause between commands, ms (default 0..700). */
  pauseMs?: [number, number];
  /** Default 240 s. */
  drainTimeoutMs?: number;
  /** Keep the work folder (data folder, ledger, logs) even when the run passes. */
  keep?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

const TIMINGS: ChildConfig['timings'] = {
  probeIntervalMs: 300,
  requestTimeoutMs: 2000,
  reconcileEveryMs: 5000,
  resultBackoff: { baseMs: 100, maxMs: 2000 },
};

const STREAM = { workload: 11, faults: 12, kills: 13, checkins: 14 } as const;
/** Rows (at most) of the paste a kill is aimed at: its commit takes tens of milliseconds. */
const MID_COMMIT_ROWS = 2000;
/** One command in this many revises a result in flight (see `whileUploadTimesOut`). */
const IN_FLIGHT_EVERY = 6;
const FEED_TIMEOUT_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function expectKind<K extends ReplyValue['kind']>(
  value: ReplyValue,
  kind: K,
): Extract<ReplyValue, { kind: K }> {
  if (value.kind !== kind) throw new Error(`expected a ${kind} reply, got ${value.kind}`);
  return value as Extract<ReplyValue, { kind: K }>;
}

function callFor(cmd: WorkloadCommand): ChildCall {
  return cmd.type === 'commit'
    ? { type: 'commit', eventId: cmd.eventId, rows: cmd.rows, source: cmd.source }
    : { type: 'revise', eventId: cmd.eventId, registrationId: cmd.registrationId, row: cmd.row };
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosk-chaos-${opts.seed}-`));
  const dataDir = path.join(workDir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const ledger = new Ledger(path.join(workDir, 'ledger.jsonl'));
  const prng = (stream: number) => new Prng(streamSeed(opts.seed, stream));
  const workPrng = prng(STREAM.workload);
  const faultPrng = prng(STREAM.faults);
  const killPrng = prng(STREAM.kills);

  const sim = await startSimulator({
    seed: opts.seed,
    // The kiosk child carries no caller registration: keep the 2027 cut-off out of the run.
    registrationRequiredFrom: '2100-01-01',
    scenario: {
      participants: opts.participants ?? 4000,
      checkedInFraction: 0.1,
      startsInMinutes: 30,
    },
  });
  let child: KioskChild | null = null;
  let children = 0;
  const startChild = async (): Promise<KioskChild> => {
    children += 1;
    return KioskChild.start(config, path.join(workDir, `child-${children}.log`));
  };

  const virtual = sim.inspect.events().filter((e) => e.eventType !== 'running_race');
  const events: WorkloadEvent[] = virtual.map((e) => ({
    eventId: e.eventId,
    usesTally: e.usesTally,
    allowsElevation: e.allowElevation,
    runners: sim.inspect
      .participants(e.eventId)
      .slice(0, opts.runnersPerEvent ?? Infinity)
      .map((p) => ({ registrationId: p.registration_id, bib: p.bib_num })),
  }));
  const config: ChildConfig = {
    dataDir,
    baseUrl: sim.url,
    raceId: sim.raceId,
    apiKey: sim.credentials.v2.apiKey,
    apiSecret: sim.credentials.v2.apiSecret,
    expected: events.map((e) => ({ eventId: e.eventId, participants: e.runners.length })),
    timings: TIMINGS,
  };

  const faults: Record<string, number> = {};
  let faultsOn = true;
  /** The next command is a large paste announced to the kill (a kill inside the commit). */
  let announceNext = false;
  const moments = new KillMoments(sim, killPrng, TIMINGS.requestTimeoutMs, async () => {
    announceNext = true;
    await child?.nextCommit();
  });
  const faultLoop = async () => {
    while (faultsOn) {
      await moments.faultsMayChange();
      const planned = nextFault(faultPrng, { requestTimeoutMs: TIMINGS.requestTimeoutMs });
      faults[planned.label] = (faults[planned.label] ?? 0) + 1;
      if (planned.fault) await sim.faults.set(planned.fault, planned.scope);
      else await sim.faults.clear();
      await sleep(planned.holdMs);
    }
    await sim.faults.clear();
  };

  const report: ChaosReport = {
    seed: opts.seed,
    entries: 0,
    commands: 0,
    revisions: { edited: 0, recommitted: 0, inFlight: 0 },
    kills: 0,
    killMoments: moments.counts,
    interruptedUploads: 0,
    interruptedRows: 0,
    inDoubt: 0,
    lost: 0,
    stale: 0,
    reordered: 0,
    parked: 0,
    plantedRefusals: 0,
    inDoubtLanded: 0,
    unknown: 0,
    registrations: 0,
    rejected: 0,
    feedDiff: 0,
    checkins: { normal: 0, bursts: 0, burstCheckins: 0, late: 0, total: 0 },
    faults,
    drained: false,
    drainMs: 0,
    durationMs: 0,
    examples: [],
    workDir,
    kept: true,
  };

  /** SIGKILL at the next kill moment. */
  const nextKill = async (): Promise<void> => {
    const when = await moments.next();
    if (!child) return;
    await child.kill();
    report.kills += 1;
    log(`kill ${report.kills}: SIGKILL ${when} (${ledger.ackedRows} rows acknowledged)`);
  };
  const restart = async (): Promise<void> => {
    report.inDoubt += ledger.abandon();
    await sleep(killPrng.int(0, 500));
    child = await startChild();
    const { sending, queued } = child.found;
    if (sending > 0) {
      report.interruptedUploads += 1;
      report.interruptedRows += sending;
    }
    log(`restarted: the data folder held ${queued} queued and ${sending} sending entries`);
  };

  try {
    log(
      `seed=${opts.seed} entries=${opts.entries} kills=${opts.kills} participants=${opts.participants ?? 4000} workDir=${workDir}`,
    );
    child = await startChild();
    log('kiosk child ready (roster loaded)');
    const activity = new CheckinActivity(sim, prng(STREAM.checkins), opts.burstSize ?? 1300);
    const workload = new Workload(workPrng, events, ledger, {
      pasteMin: opts.pasteMin ?? 50,
      pasteMax: opts.pasteMax ?? 500,
    });
    const killAt = Array.from(
      { length: opts.kills },
      (_, i) => (opts.entries * (i + 1)) / (opts.kills + 1),
    );
    const [pauseMin, pauseMax] = opts.pauseMs ?? [0, 700];
    const faulting = faultLoop();

    let commandId = 0;
    while (ledger.ackedRows < opts.entries) {
      activity.step(ledger.ackedRows / opts.entries);
      const killDue =
        report.kills < opts.kills && ledger.ackedRows >= (killAt[report.kills] ?? Infinity);
      const killing = killDue ? nextKill() : null;
      const current: KioskChild = child;
      const announce = announceNext;
      announceNext = false;
      // Every few commands, a new version of a result while the kiosk is sending the older one
      // and that upload then times out: both wait in the queue, and the older must go first.
      let cmd: WorkloadCommand | null = null;
      if (!announce && !killing && report.commands % IN_FLIGHT_EVERY === IN_FLIGHT_EVERY - 1) {
        cmd = await moments.whileUploadTimesOut(async () => {
          const sending = await current.request({ type: 'inFlight' }).catch(() => null);
          const entries = sending?.kind === 'inFlight' ? sending.entries : [];
          if (entries.length === 0) return null;
          const pick = workPrng.pick(entries);
          return workload.reviseInFlight(pick.eventId, pick.registrationId);
        });
        if (cmd) report.revisions.inFlight += 1;
      }
      cmd ??= announce
        ? workload.paste(
            Math.max(opts.pasteMax ?? 500, Math.min(MID_COMMIT_ROWS, Math.round(opts.entries / 5))),
          )
        : workload.next(opts.entries - ledger.ackedRows);
      const id = ++commandId;
      report.commands += 1;
      ledger.issue(id, cmd.ledger);
      const call = callFor(cmd);
      const outcome = await current
        .request(announce && call.type === 'commit' ? { ...call, announce } : call)
        .then(
          (value) => ({ value, error: null }),
          (error: unknown) => ({ value: null, error }),
        );
      if (outcome.value) {
        const r = expectKind(outcome.value, 'committed');
        const rejected = new Set(r.rejectedLines.map((line) => line - 1));
        ledger.ack(id, rejected);
        report.rejected += rejected.size;
        if (rejected.size > 0) log(`rejected rows: ${r.errors.slice(0, 3).join(' | ')}`);
        if (cmd.type === 'revise') {
          if (r.via === 'edit') report.revisions.edited += 1;
          else report.revisions.recommitted += 1;
        }
      } else if (!(outcome.error instanceof ChildGoneError)) {
        ledger.refuse(id);
        log(`command ${id} failed: ${String(outcome.error)}`);
      } else if (!killing) {
        throw new Error(`the kiosk process died on its own (see ${workDir}/child-${children}.log)`);
      }
      await Promise.all([sleep(workPrng.int(pauseMin, pauseMax)), killing]);
      if (killing) await restart();
    }
    // Kills not yet made happen while the queue drains under faults.
    while (report.kills < opts.kills) {
      await nextKill();
      await restart();
      await sleep(killPrng.int(200, 1000));
    }
    activity.step(1);
    report.checkins = { ...activity.counts, total: sim.inspect.checkins().length };
    log(`committed ${ledger.ackedRows} rows in ${report.commands} commands; clearing faults`);

    faultsOn = false;
    await faulting;
    await sim.faults.clear();
    await child.stop();
    child = await startChild();
    log('kiosk restarted one last time; draining the queue');

    const drainStart = Date.now();
    let status: StatusReply = expectKind(await child.request({ type: 'status' }), 'status');
    while (Date.now() - drainStart < (opts.drainTimeoutMs ?? 240_000)) {
      if (status.waiting === 0 && status.sending === 0) {
        report.drained = true;
        break;
      }
      await sleep(250);
      status = expectKind(await child.request({ type: 'status' }), 'status');
    }
    report.drainMs = Date.now() - drainStart;
    report.parked = status.needsFix;
    log(
      `queue ${report.drained ? 'drained' : 'NOT drained'} in ${report.drainMs} ms: sent=${status.sent} waiting=${status.waiting} needsFix=${status.needsFix}${status.pausedReason ? ` paused: ${status.pausedReason}` : ''}`,
    );
    if (report.parked > 0) {
      const parked = expectKind(await child.request({ type: 'parked' }), 'parked');
      for (const p of parked.entries.slice(0, 5))
        report.examples.push(`parked ${p.registrationId} ${p.clockTime}: ${p.lastError ?? ''}`);
    }

    const feedStart = Date.now();
    for (;;) {
      const feed = expectKind(await child.request({ type: 'feed' }), 'feed');
      report.feedDiff = feedDifference(sim, feed);
      if (report.feedDiff === 0 || Date.now() - feedStart > FEED_TIMEOUT_MS) break;
      await sleep(500);
    }

    const verdict = ledger.compare(
      heldResults(
        sim,
        virtual.map((e) => e.eventId),
      ),
    );
    const order = checkOrder(
      sim.inspect.resultWrites().map((w) => ({
        eventId: w.event_id,
        registrationId: w.registration_id,
        value: valueOfClockTime(w.clock_time),
      })),
    );
    report.reordered = order.reordered;
    report.examples.push(...order.examples);
    report.entries = ledger.ackedRows;
    report.lost = verdict.lost;
    report.stale = verdict.stale;
    report.inDoubtLanded = verdict.inDoubtLanded;
    report.unknown = verdict.unknown;
    report.registrations = verdict.checked;
    report.examples.push(...verdict.examples);
    await child.stop();
    child = null;
  } finally {
    faultsOn = false;
    await child?.kill();
    await sim.close();
    report.durationMs = Date.now() - started;
  }
  if (chaosPassed(report) && !opts.keep) {
    fs.rmSync(workDir, { recursive: true, force: true });
    report.kept = false;
  }
  return report;
}
