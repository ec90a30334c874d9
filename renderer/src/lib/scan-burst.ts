/** A barcode scanner types faster than any person: at most this long between its keys. */
export const SCAN_GAP_MS = 80;

/**
 * Tells a scan from typing: a fast burst of digits ended by a fast Enter is a scan, and the
 * scanned digits replace whatever was in the search box ("smi" + scan 412 → "412").
 * Times are in ms (a KeyboardEvent's timeStamp). Pure, unit-tested.
 */
export class ScanBurst {
  private digits = '';
  private last = Number.NEGATIVE_INFINITY;

  /** A key other than Enter, pressed at `t`. */
  key(key: string, t: number): void {
    const fast = t - this.last <= SCAN_GAP_MS;
    this.last = t;
    if (/^\d$/.test(key)) this.digits = fast ? this.digits + key : key;
    else this.digits = '';
  }

  /** Enter pressed at `t`: the scanned digits when it ends a fast burst, else null. */
  enter(t: number): string | null {
    const scanned = this.digits !== '' && t - this.last <= SCAN_GAP_MS ? this.digits : null;
    this.digits = '';
    this.last = t;
    return scanned;
  }
}
