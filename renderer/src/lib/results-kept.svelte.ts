import type { ExistingResult } from '../../../preload/api';
import type { ElevationUnit } from './elevation';
import { clockOf } from './format';

/** What `resultsKept` holds at start (and in each spec). */
export function newResultsKept() {
  return {
    mode: 'type' as 'type' | 'paste',
    pasteText: '',
    pasteSource: 'paste' as 'paste' | 'csv',
    /** The last row saved from the keyboard, for its "✓ Saved … queued" line. */
    saved: null as { registrationId: number; text: string } | null,
    /** The unit the staff type elevation gain in (sent in millimetres). */
    elevationUnit: 'm' as ElevationUnit,
  };
}
export type ResultsKept = ReturnType<typeof newResultsKept>;
/**
 * What the Results screen keeps while the volunteer visits another screen (the screen itself is
 * rebuilt on return): the chosen tab, the pasted text, and the "✓ Saved" line of the last row.
 */
export const resultsKept: ResultsKept = $state(newResultsKept());

/** "0:20:10" from "00:20:10" (DQ/DNF/… unchanged). */
export const shortClock = (clockTime: string): string => clockTime.replace(/^0(\d:)/, '$1');

/** "already has 0:20:10 (sent 12:31) — replace?" */
export function existingText(e: ExistingResult): string {
  const when =
    e.state === 'sent' && e.sentAt !== null
      ? `sent ${clockOf(e.sentAt)}`
      : e.state === 'needs_fix'
        ? 'needs a fix'
        : e.state === 'sending'
          ? 'being sent'
          : 'queued, not sent yet';
  return `already has ${shortClock(e.clockTime)} (${when}) — replace?`;
}
