import { startSimulator } from '../../main/simulator/index';
import { benchPoller } from './bench-client';
import type { Figure, SubBench } from './figure';
import { round } from './figure';
import { percentile } from './percentile';
import { ROSTER_SIZE, firstLoad } from './roster';
import { tempDatabase } from './temp-db';

const IDLE_POLLS = 40;
const BUSY_POLLS = 20;

/**
 * One check-in poll as the kiosk runs it (CheckinPoller over loopback HTTP, then the feed delta
 * and the counts a race session pushes to the screen), with 50,000 runners and 15,000 check-ins
 * held: polls that bring nothing new, and polls that bring one new check-in.
 */
export const pollBench: SubBench = {
  name: 'poll',
  async run(): Promise<Figure[]> {
    const sim = await startSimulator({
      registrationRequiredFrom: '2100-01-01',
      seed: 52,
      scenario: { participants: ROSTER_SIZE },
    });
    const temp = tempDatabase('poll');
    try {
      const roster = await firstLoad(sim, temp.db);
      sim.control.checkInBurst(15_000, Math.floor(Date.now() / 1000) - 3600);
      const eventIds: number[] = [];
      const { poller, store } = benchPoller(sim, temp.db, {
        intervalMs: 60_000,
        // The whole bench is one poll after another: no full reconcile among them.
        reconcileEveryMs: 3_600_000,
        onChange: (o, held) => {
          held.feedRowsFor(o.changed, eventIds);
          held.stats(eventIds, Date.now());
        },
      });
      await poller.pollNow();
      const idle: number[] = [];
      for (let i = 0; i < IDLE_POLLS; i++) {
        const t = performance.now();
        await poller.pollNow();
        idle.push(performance.now() - t);
      }
      const busy: number[] = [];
      for (let i = 0; i < BUSY_POLLS; i++) {
        sim.control.checkInBurst(1);
        const t = performance.now();
        await poller.pollNow();
        busy.push(performance.now() - t);
      }
      const statsMs: number[] = [];
      for (let i = 0; i < BUSY_POLLS; i++) {
        const t = performance.now();
        store.stats(eventIds, Date.now());
        statsMs.push(performance.now() - t);
      }
      const held = `${roster.count()} participants, ${store.count()} check-ins, loopback HTTP included`;
      return [
        {
          key: 'poll_idle_ms_50k',
          value: round(percentile(idle, 50)),
          unit: 'ms',
          notes: `median of ${IDLE_POLLS} polls bringing nothing new (p95 ${percentile(idle, 95).toFixed(2)}); ${held}`,
        },
        {
          key: 'poll_one_new_ms_50k',
          value: round(percentile(busy, 50)),
          unit: 'ms',
          notes: `median of ${BUSY_POLLS} polls bringing one check-in, with the feed delta and the counts (p95 ${percentile(busy, 95).toFixed(2)})`,
        },
        {
          key: 'checkin_stats_ms_50k',
          value: round(percentile(statsMs, 50)),
          unit: 'ms',
          notes: 'CheckinStore.stats() alone (the counts pushed with every change), median',
        },
      ];
    } finally {
      temp.close();
      await sim.close();
    }
  },
};
