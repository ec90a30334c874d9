import type { Api, LookupResult } from '../../../preload/api';
import { attempt } from './attempt';

/** How long a name waits for more letters before it is searched. */
const TYPING_PAUSE_MS = 120;

/**
 * The Check-in search: bib, name or registration id. Digits wait for Enter (a scanner types
 * fast and ends with Enter); names search as you type. Only the newest search's answer is
 * shown (a scan can overtake a name search in flight).
 */
export class LookupState {
  query = $state('');
  result = $state<LookupResult | null>(null);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  constructor(private readonly api: Pick<Api, 'search'>) {}

  async search(q: string): Promise<void> {
    const mine = ++this.seq;
    const r = await attempt(() => this.api.search(q));
    if (mine !== this.seq) return;
    if (r.ok) {
      this.result = r.value;
      this.error = null;
    } else {
      this.error = r.failure.message;
    }
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The query changed: names search after a pause, digits wait for Enter. */
  typed(): void {
    this.stopTimer();
    const q = this.query.trim();
    if (!q) {
      this.result = null;
      return;
    }
    if (/^\d+$/.test(q)) return;
    this.timer = setTimeout(() => void this.search(q), TYPING_PAUSE_MS);
  }

  /** Enter: searches `scanned` (a scan wins over whatever was typed before it), else the query. */
  async submit(scanned: string | null): Promise<void> {
    this.stopTimer();
    const q = scanned ?? this.query.trim();
    if (!q) return;
    if (/^\d+$/.test(q)) this.query = '';
    await this.search(q);
  }

  clear(): void {
    this.stopTimer();
    this.seq++;
    this.query = '';
    this.result = null;
    this.error = null;
  }

  /** The screen goes away: nothing searches after it. */
  dispose(): void {
    this.stopTimer();
  }
}
