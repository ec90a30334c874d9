/**
 * The simulator in a process of its own (started by sim-process.ts with
 * `node --import tsx test/bench/sim-child.ts <options JSON>` and an IPC channel): RunSignup
 * builds and compresses its pages on its own servers, so the roster benchmarks keep that work
 * off the kiosk's thread.
 */
import type { SimulatorOptions } from '../../main/simulator/index';
import { startSimulator } from '../../main/simulator/index';
import type { SimChildMessage, SimParentMessage } from './sim-process';

const opts = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
const sim = await startSimulator(opts);
const send = (m: SimChildMessage) => process.send?.(m);
send({ type: 'ready', url: sim.url, raceId: sim.raceId, credentials: sim.credentials });
process.on('message', (m: SimParentMessage) => {
  if (m.type === 'totals') send({ type: 'totals', totals: sim.inspect.linkTotals() });
  if (m.type === 'close') void sim.close().then(() => process.exit(0));
});
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
