import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator, SimulatorOptions } from '../../main/simulator/index';

/** What a client needs to reach a simulator, wherever it runs. */
export type SimAddress = Pick<Simulator, 'url' | 'raceId' | 'credentials'>;

type LinkTotals = ReturnType<Simulator['inspect']['linkTotals']>;

export type SimChildMessage =
  ({ type: 'ready' } & SimAddress) | { type: 'totals'; totals: LinkTotals };
export type SimParentMessage = { type: 'totals' } | { type: 'close' };

export interface SimProcess extends SimAddress {
  linkTotals(): Promise<LinkTotals>;
  close(): Promise<void>;
}

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sim-child.ts');

/** A simulator in its own process (sim-child.ts): its page building never runs on this thread. */
export function startSimulatorProcess(opts: SimulatorOptions): Promise<SimProcess> {
  const proc = fork(child, [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends SimChildMessage['type']>(type: T) =>
    new Promise<Extract<SimChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (m: SimChildMessage) => {
        if (m.type !== type) return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(m as Extract<SimChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`the simulator process exited (${code}) before answering`));
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  const ask = (m: SimParentMessage) => proc.send(m);
  return next('ready').then(({ url, raceId, credentials }) => ({
    url,
    raceId,
    credentials,
    async linkTotals() {
      const answer = next('totals');
      ask({ type: 'totals' });
      return (await answer).totals;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        ask({ type: 'close' });
      }),
  }));
}
