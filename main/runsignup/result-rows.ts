/**
 * The result rows the client sends (`POST /race/:id/results/user-results`, docs/RUNSIGNUP.md §2)
 * and the error it throws when RunSignup refuses some of them.
 */
import { ApiError } from './errors';
import type { RowError } from './errors';
import type { UserResultRow } from './types';

/** The wire form of one result row: optional fields are left out, never sent as undefined. */
export function toWireResultRow(row: UserResultRow): Record<string, string | number | null> {
  return {
    registration_id: row.registrationId,
    ...(row.bib === null ? {} : { bib_num: row.bib }),
    clock_time: row.clockTime,
    ...(row.tally === undefined ? {} : { tally_value: row.tally }),
    ...(row.elevationMm === undefined ? {} : { elevation_gain_in_mm: row.elevationMm }),
  };
}

/** RunSignup refused these rows of a post: one `permanent` ApiError naming them (`details.rowErrors`). */
export function refusedRows(rowErrors: RowError[], sent: number, raceId: number): ApiError {
  const first = rowErrors[0] as RowError;
  return new ApiError(
    'permanent',
    `RunSignup refused ${rowErrors.length} of ${sent} result rows (${first.code === undefined ? '' : `error ${first.code}: `}${first.message})`,
    {
      endpoint: `POST /race/${raceId}/results/user-results`,
      status: 200,
      rowErrors,
      ...(first.code === undefined ? {} : { code: first.code }),
    },
  );
}
