/**
 * Migration 4 on a database from before it: rows already waiting without a result set were typed
 * before any list was known, so they are held (not sent to a set nobody chose) until the list
 * settles their set (issue 10, point 7). Real SQLite file, the real outbox.
 */
import BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, migrations } from '../../../main/db/migrations';
import { ResultOutbox } from '../../../main/results/outbox';
import { ResultSetCatalog } from '../../../main/results/result-sets';
import { tempFile } from '../../support/temp-dir';

it('holds the rows an older version queued without a set; the downloaded list releases them', () => {
  const db = new BetterSqlite3(tempFile('held', 'kiosk.db'));
  migrate(
    db,
    migrations.filter((m) => m.version <= 3),
  );
  const insert = db.prepare(`INSERT INTO result_entries (race_id, event_id, result_set_id,
    registration_id, bib, name, clock_time, tally_mode, source, device, entered_at, state)
    VALUES (1, 10, ?, ?, NULL, 'R', '00:20:00', 'absent', 'keyboard', 'T1', 0, ?)`);
  insert.run(null, 100, 'queued');
  insert.run(null, 101, 'sending');
  insert.run(555, 102, 'queued');
  insert.run(null, 103, 'sent');
  migrate(db);
  const held = db
    .prepare('SELECT registration_id FROM result_entries WHERE held = 1 ORDER BY 1')
    .pluck()
    .all();
  expect(held).toEqual([100, 101]);

  const outbox = new ResultOutbox(db, 1);
  outbox.recoverInterrupted();
  expect(outbox.takeBatch(Date.now(), 10)?.entries.map((e) => e.registrationId)).toEqual([102]);
  new ResultSetCatalog(db, 1).save(10, [{ resultSetId: 777, name: 'Results' }], 0);
  const batch = outbox.takeBatch(Date.now(), 10);
  expect(batch).toMatchObject({ eventId: 10, resultSetId: 777 });
  expect(batch?.entries.map((e) => e.registrationId)).toEqual([100, 101]);
  db.close();
});
