/**
 * The entry queries on a real SQLite file: listing, search, the summary, the unsent count and
 * the queue and history exports.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { formatCsv } from '../../../main/exports';
import { historyTable, queueTable } from '../../../main/results/entry-tables';
import { parseResultTable } from '../../../main/results/import';
import { CLIMB, entriesOnFile, entry, meta } from './entries-on-file';

const fx = entriesOnFile();

describe('listing, summary and exports', () => {
  beforeEach(() => {
    fx.store.commit(
      [
        entry(2001, '00:25:00', { name: 'Ann Lee' }),
        entry(2002, '00:26:00', { name: 'Bo Diaz', tally: null }),
        entry(2003, '00:27:00', { name: '=Cy Evil' }),
      ],
      meta(),
    );
    fx.store.commit(
      [entry(3001, '00:30:00', { eventId: CLIMB, elevationMm: 1500, name: 'Di Fox' })],
      meta(),
    );
  });

  it('lists newest first, filtered by event, state and search', () => {
    expect(fx.entries.list().entries.map((e) => e.registrationId)).toEqual([
      3001, 2003, 2002, 2001,
    ]);
    expect(fx.entries.list({ eventId: CLIMB }).entries.map((e) => e.name)).toEqual(['Di Fox']);
    expect(fx.entries.list({ search: 'bo d' }).entries.map((e) => e.registrationId)).toEqual([
      2002,
    ]);
    expect(fx.entries.list({ search: '1001' }).entries.map((e) => e.name)).toEqual(['Ann Lee']);
    expect(fx.entries.list({ search: '2003' }).entries.map((e) => e.name)).toEqual(['=Cy Evil']);
    expect(fx.entries.list({ search: '%' }).total).toBe(0);
    const page = fx.entries.list({ limit: 2, offset: 1 });
    expect([page.total, page.entries.map((e) => e.registrationId)]).toEqual([4, [2003, 2002]]);
    fx.store.delete(fx.entries.list({ search: 'Ann' }).entries[0]?.id ?? 0);
    expect(fx.entries.list({ states: ['deleted'] }).entries.map((e) => e.name)).toEqual([
      'Ann Lee',
    ]);
  });

  it('summary, history and unsent count follow the states', () => {
    const batch = fx.outbox.takeBatch(fx.clock.now(), 2);
    const [x, y] = batch?.entries ?? [];
    fx.clock.advance(10_000);
    fx.outbox.markSent(
      [
        {
          id: x?.id ?? 0,
          receipt: {
            registrationId: 2001,
            bib: 1001,
            resultsReceivedTs: 1_790_000_000,
            resultSetId: 17030,
            submittedTimeMs: 1_500_000,
            elevationMm: null,
            approvalTs: null,
          },
        },
      ],
      fx.clock.now(),
    );
    fx.outbox.park([{ id: y?.id ?? 0, error: 'bad', kind: 'permanent' }]);
    expect(fx.entries.summary()).toEqual({ waiting: 2, held: 0, sending: 0, needsFix: 1, sent: 1 });
    expect(fx.entries.unsentCount()).toBe(3);
    const history = fx.entries.history();
    expect(history.total).toBe(1);
    expect(history.entries[0]).toMatchObject({
      registrationId: 2001,
      sentAt: fx.clock.now(),
      receipt: { receivedTs: 1_790_000_000, resultSetId: 17030, submittedMs: 1_500_000 },
    });
  });

  it('exports the queue and the history as CSV the import can read back', () => {
    const batch = fx.outbox.takeBatch(fx.clock.now(), 1);
    fx.outbox.markSent(
      (batch?.entries ?? []).map((e) => ({
        id: e.id,
        receipt: {
          registrationId: e.registrationId,
          bib: e.bib,
          resultsReceivedTs: 1_790_000_000,
          resultSetId: 5,
          submittedTimeMs: 1,
          elevationMm: null,
          approvalTs: null,
        },
      })),
      fx.clock.now(),
    );
    const queue = formatCsv(queueTable(fx.entries.unsent()));
    const lines = queue.split('\r\n');
    expect(lines[0]).toBe(
      'Event ID,Registration ID,Bib,Name,Clock time,Tally,Tally action,Elevation gain mm,State,Entered at,Device,Source,Attempts,Last error,Entry',
    );
    expect(lines).toHaveLength(4);
    expect(queue).toContain(`'=Cy Evil`);
    const back = parseResultTable(queue);
    expect(back.rows.map((r) => [r.registrationId, r.clockTime])).toEqual([
      ['2002', '00:26:00'],
      ['2003', '00:27:00'],
      ['3001', '00:30:00'],
    ]);
    const history = formatCsv(historyTable(fx.entries.sent())).split('\r\n');
    expect(history).toHaveLength(2);
    expect(history[1]).toContain('2001,1001,Ann Lee,00:25:00');
    expect(history[1]).toContain(new Date(1_790_000_000_000).toISOString());
  });
});
