import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../../main/app';
import { folderExportSink } from '../../../main/exports';
import { AppError } from '../../../main/app-error';
import type { Simulator } from '../../../main/simulator/index';
import { everyone, kioskOnRace, simulator } from '../../support/kiosk';
import { tempDir } from '../../support/temp-dir';
import { until } from '../../support/until';

// Resetting the kiosk for the next race: asks first with unsent results, exports them, forgets the rest.
describe('resetting the kiosk', () => {
  let sim: Simulator;
  let kiosk: Kiosk;
  const dataDir = tempDir('reset');
  const folder = folderExportSink(path.join(dataDir, 'exports'));
  /** The next save is cancelled, as a volunteer closing the save dialog. */
  let cancelNextSave = false;
  const kind = (e: unknown) => (e as AppError).kind;

  beforeAll(async () => {
    sim = await simulator({ seed: 71, scenario: { participants: 200 } });
    ({ kiosk } = kioskOnRace(sim, {
      dataDir,
      settings: { raceName: 'Reset 10K', deviceName: 'Table 3' },
      practice: { participants: 100 },
      kioskExports: folderExportSink(path.join(dataDir, 'kiosk-exports')),
      exports: {
        save(name, content) {
          if (!cancelNextSave) return folder.save(name, content);
          cancelNextSave = false;
          return Promise.reject(
            new AppError('invalid-input', 'Export cancelled: nothing was saved.'),
          );
        },
      },
    }));
    await kiosk.start();
    // The roster (not just the events) must be in before a bib can be entered.
    await until(kiosk.api.getFeed, (f) => everyone(f) >= 200, 'the roster', 5_000);
  });

  it('asks first when results are unsent, then exports them and starts over in practice', async () => {
    // Its result sets come after the roster; until then a row would be held, not waiting.
    let event = (await kiosk.api.getResultEvents()).find((e) => e.name === 'Virtual 5K')!;
    for (let i = 0; i < 400 && !event.setsKnown; i++) {
      await new Promise((r) => setTimeout(r, 25));
      event = (await kiosk.api.getResultEvents()).find((e) => e.name === 'Virtual 5K')!;
    }
    const runner = sim.inspect.participants(event.eventId).find((p) => p.bib_num !== null)!;
    await sim.faults.set({ type: 'refused' });
    const out = await kiosk.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      rows: [{ bib: String(runner.bib_num), clockTime: '0:27:13.4' }],
      source: 'keyboard',
    });
    expect(out.rejected).toEqual([]);
    expect(out.committed).toBe(1);

    const unconfirmed = await kiosk.api
      .resetKiosk({ confirmUnsent: false, confirmReset: false })
      .catch((e: unknown) => e);
    expect(kind(unconfirmed)).toBe('needs-confirmation');
    expect((unconfirmed as Error).message).toMatch(/1 unsent result is saved to a CSV file first/);
    const refusal = await kiosk.api
      .resetKiosk({ confirmUnsent: false, confirmReset: true })
      .catch((e: unknown) => e);
    expect(kind(refusal)).toBe('unsent-results');
    expect((await kiosk.api.getStatus()).practice).toBe(false);

    // The volunteer cancels the save dialog: nothing is stopped or forgotten.
    cancelNextSave = true;
    const cancelled = await kiosk.api
      .resetKiosk({ confirmUnsent: true, confirmReset: true })
      .catch((e: unknown) => e);
    expect((cancelled as Error).message).toMatch(/cancelled/);
    const after = await kiosk.api.getStatus();
    expect(after).toMatchObject({ practice: false, queue: { waiting: 1 } });
    const second = sim.inspect.participants(event.eventId).filter((p) => p.bib_num !== null)[1]!;
    const more = await kiosk.api.commitResults({
      eventId: event.eventId,
      resultSetId: null,
      rows: [{ bib: String(second.bib_num), clockTime: '0:28:00' }],
      source: 'keyboard',
    });
    expect(more.committed).toBe(1);

    const { exported } = await kiosk.api.resetKiosk({ confirmUnsent: true, confirmReset: true });
    expect(exported).toHaveLength(1);
    expect(exported[0]!.rows).toBe(2);
    const csv = fs.readFileSync(exported[0]!.path, 'utf8');
    expect(csv).toContain('00:27:13.4');
    expect(csv).toContain(String(runner.registration_id));

    expect(fs.existsSync(path.join(dataDir, 'kiosk.db'))).toBe(false);
    const status = await kiosk.api.getStatus();
    expect(status.practice).toBe(true);
    const settings = await kiosk.api.getSettings();
    expect(settings).toMatchObject({ credentialKind: 'none', raceId: null, deviceName: 'Table 3' });
  });

  it('asks for confirmation also when every result was sent, and for the PIN in kiosk mode', async () => {
    const unconfirmed = await kiosk.api
      .resetKiosk({ confirmUnsent: false, confirmReset: false })
      .catch((e: unknown) => e);
    expect(kind(unconfirmed)).toBe('needs-confirmation');

    await kiosk.api.enableKiosk({ pin: '135790' });
    await kiosk.api.unlockSettings({ pin: '135790' });
    for (const pin of [undefined, '000000']) {
      const refusal = await kiosk.api
        .resetKiosk({ confirmUnsent: true, confirmReset: true, ...(pin ? { pin } : {}) })
        .catch((e: unknown) => e);
      expect(kind(refusal)).toBe('locked');
    }
    const { exported } = await kiosk.api.resetKiosk({
      confirmUnsent: true,
      confirmReset: true,
      pin: '135790',
    });
    expect(exported).toEqual([]);
    expect((await kiosk.api.getStatus()).kiosk.enabled).toBe(true);

    // Exports in kiosk mode go to the fixed folder, never through a save dialog.
    cancelNextSave = true;
    const saved = await kiosk.api.exportEntries('queue');
    expect(path.dirname(saved.path)).toBe(path.join(dataDir, 'kiosk-exports'));
  });

  it('reads imports only from its import folder, by name', async () => {
    const folder = path.join(dataDir, 'imports');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'results.csv'), 'bib,time\n101,0:42:17.3\n');
    fs.writeFileSync(path.join(folder, 'notes.pdf'), 'not a csv');
    expect(await kiosk.api.listImportFiles()).toEqual({ folder, files: ['results.csv'] });
    expect(await kiosk.api.readImportFile('results.csv')).toContain('101,0:42:17.3');
    for (const name of ['../settings.json', 'notes.pdf', 'missing.csv']) {
      const refusal = await kiosk.api.readImportFile(name).catch((e: unknown) => e);
      expect(kind(refusal), name).toBe('invalid-input');
    }
  });
});
