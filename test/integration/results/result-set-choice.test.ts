/**
 * A row goes to the result set staff meant (issue 10 point 7, issue 12 point 8): a set picked for
 * another event (still shown after switching events) is refused in words, never sent where
 * nobody meant; a set of this event, or none, is taken. Real SQLite file.
 */
import BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../../../main/db/migrations';
import { ResultSetCatalog } from '../../../main/results/result-sets';
import { tempFile } from '../../support/temp-dir';

it("refuses another event's set in words once this event's list is known", () => {
  const file = tempFile('sets', 'kiosk.db');
  const db = new BetterSqlite3(file);
  migrate(db);
  const sets = new ResultSetCatalog(db, 1);
  sets.save(10, [{ resultSetId: 20656, name: 'Virtual 5K Results' }], 0);
  sets.save(11, [{ resultSetId: 20657, name: 'Climb Results' }], 0);

  expect(sets.resolve(11, 20657)).toEqual({ resultSetId: 20657, held: false });
  expect(sets.resolve(11, null)).toEqual({ resultSetId: 20657, held: false });
  const wrong = (() => {
    try {
      return sets.resolve(11, 20656);
    } catch (e) {
      return e as Error;
    }
  })();
  expect(wrong).toBeInstanceOf(Error);
  expect((wrong as Error).message).toMatch(/not one of this event's result sets/);
  expect((wrong as Error).message).not.toMatch(/\d{3,}/);
  expect(() => sets.assignHeld(11, 20656)).toThrow(/choose the set again/);
  // Before the list is known nothing can be checked: the picked set is taken as staff chose.
  expect(sets.resolve(12, 999)).toEqual({ resultSetId: 999, held: false });
  db.close();
});
