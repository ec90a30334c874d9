import fs from 'node:fs';
import path from 'node:path';
import type { ApiRequests, ExportResult } from '../../preload/api';
import { openDatabase } from '../db/open';
import type { CsvTable } from '../exports';
import { exportStamp, saveCsv } from '../exports';
import { AppError } from '../app-error';
import { EntryQueries, unsentByRace } from '../results/entry-queries';
import { queueTable } from '../results/entry-tables';
import { defaultSettings } from '../settings';
import type { AppContext } from './context';
import type { RuntimeSwitch } from './runtime';
import { removeDatabase } from './runtime';

type ResetArgs = Parameters<ApiRequests['resetKiosk']>[0];

const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * Forgets the credentials, the roster, check-ins and results and starts the practice race,
 * after saving every race's unsent results to a CSV file (docs/ARCHITECTURE.md, queue rule 6).
 * Kiosk mode, its PIN, the device name and the start-up choices stay.
 */
export async function resetKiosk(
  ctx: AppContext,
  runtimes: RuntimeSwitch,
  { confirmUnsent, confirmReset, pin }: ResetArgs,
): Promise<{ exported: ExportResult[] }> {
  const { deps, lock, clock, logger } = ctx;
  lock.assertUnlocked();
  if (lock.enabled) lock.check(pin ?? '');
  return runtimes.serially(async () => {
    // The live database holds every race's results, whatever mode runs now.
    const liveFile = path.join(deps.dataDir, 'kiosk.db');
    const unsentIn = (): Map<number, number> => {
      if (!fs.existsSync(liveFile)) return new Map();
      const live = openDatabase(liveFile, clock.now()).db;
      try {
        return unsentByRace(live);
      } finally {
        live.close();
      }
    };
    // 1. Export while everything still runs: a cancelled or failed save stops nothing.
    const unsent = unsentIn();
    const n = total(unsent);
    if (!confirmReset) {
      throw new AppError(
        'needs-confirmation',
        `Reset this kiosk? The credentials, the saved roster, check-ins and results are forgotten and the practice race starts.${n > 0 ? ` ${n} unsent result${n === 1 ? ' is' : 's are'} saved to a CSV file first.` : ''}`,
      );
    }
    if (n > 0 && !confirmUnsent) {
      throw new AppError(
        'unsent-results',
        `${n} result${n === 1 ? ' has' : 's have'} not been sent to RunSignup yet. Resetting saves them to a CSV file first, then forgets them.`,
      );
    }
    const exported: ExportResult[] = [];
    for (const raceId of unsent.keys()) {
      const live = openDatabase(liveFile, clock.now()).db;
      let table: CsvTable;
      try {
        table = queueTable(new EntryQueries(live, raceId).unsent());
      } finally {
        live.close();
      }
      const name = `unsent-results-race-${raceId}-${exportStamp(clock.now())}.csv`;
      exported.push(await saveCsv(ctx.exportSink(), name, table));
    }
    // 2. Stop, forget, and 3. start again whatever happened in between.
    try {
      await runtimes.stopNow();
      if (total(unsentIn()) !== n) {
        throw new AppError(
          'unsent-results',
          'Results changed while they were being saved; nothing was reset. Reset again to save them too.',
        );
      }
      removeDatabase(liveFile);
      deps.secrets.clear();
      const s = deps.settings.get();
      deps.settings.update({
        ...defaultSettings,
        deviceName: s.deviceName,
        kiosk: s.kiosk,
        pinHash: s.pinHash,
        pinWrongTries: s.pinWrongTries,
        pinLockedUntil: s.pinLockedUntil,
        startAtLogin: s.startAtLogin,
        autoUpdate: s.autoUpdate,
      });
      logger.info('kiosk reset', { exported: exported.length });
    } finally {
      await runtimes.startNow();
    }
    return { exported };
  });
}
