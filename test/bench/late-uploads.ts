import { startSimulator } from '../../main/simulator/index';
import { benchPoller } from './bench-client';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import { percentile } from './percentile';
import { firstLoad } from './roster';
import { tempDatabase } from './temp-db';

/** The app's defaults: a poll every 5 s; the poller's own re-read and reconcile periods. */
const POLL_INTERVAL_MS = 5_000;
const UPLOADS = 16;
const UPLOAD_EVERY_MS = 7_300;
const AGE_S = 30 * 60;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Late uploads in real time: a device that was offline uploads a check-in stamped 30 minutes ago,
 * every ~7 s for two minutes, while the kiosk polls as it does on race morning; the figure is
 * the time from the upload to the check-in being held locally (what the screen shows next).
 */
export const lateUploadsBench: SubBench = {
  name: 'late uploads',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      registrationRequiredFrom: '2100-01-01',
      seed: 53,
      scenario: { participants: 5_000 },
    });
    const temp = tempDatabase('late');
    const uploadedAt = new Map<number, number>();
    const delays: number[] = [];
    const { poller } = benchPoller(sim, temp.db, {
      intervalMs: POLL_INTERVAL_MS,
      onChange: (o) => {
        for (const id of o.changed) {
          const at = uploadedAt.get(id);
          if (at !== undefined) {
            delays.push((performance.now() - at) / 1000);
            uploadedAt.delete(id);
          }
        }
      },
    });
    try {
      await firstLoad(sim, temp.db);
      await poller.pollNow();
      poller.start();
      for (let i = 0; i < UPLOADS; i++) {
        // Between polls, at a different moment each time.
        await sleep(UPLOAD_EVERY_MS);
        const [id] = sim.control.lateUpload(1, AGE_S);
        if (id !== undefined) uploadedAt.set(id, performance.now());
      }
      const deadline = performance.now() + 4 * 60_000;
      while (uploadedAt.size > 0 && performance.now() < deadline) await sleep(250);
      return [
        {
          key: 'late_upload_p95_s',
          value: round(percentile(delays, 95), 1),
          unit: 's',
          notes: `upload of a check-in stamped 30 min ago → held locally; ${delays.length} of ${UPLOADS} seen (max ${Math.max(...delays).toFixed(1)} s), polls every ${POLL_INTERVAL_MS / 1000} s over loopback`,
        },
      ];
    } finally {
      await poller.stop();
      temp.close();
      await sim.close();
    }
  },
};
