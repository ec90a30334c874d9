import type { Api, AppStatus } from '../../../preload/api';
import { attempt } from './attempt';

/** The app's live status (connectivity, last sync, queue), kept current from main's events. */
export class StatusState {
  status = $state<AppStatus | null>(null);
  /** Ticks every second so "updated N s ago" stays true. */
  now = $state(Date.now());
  error = $state<string | null>(null);

  constructor(private readonly api: Pick<Api, 'on' | 'getStatus'>) {}

  /** Starts listening; returns the function that stops. */
  start(): () => void {
    const off = this.api.on('status', (s) => {
      this.status = s;
    });
    void this.refresh();
    const timer = setInterval(() => {
      this.now = Date.now();
    }, 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }

  /** Asks main for the status now (it also comes by itself, as it changes). */
  async refresh(): Promise<void> {
    const r = await attempt(() => this.api.getStatus());
    if (r.ok) this.status = r.value;
    else this.error = r.failure.message;
  }
}
