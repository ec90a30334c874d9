import type { Api, AppStatus } from '../../../preload/api';
import { failureOf } from '../../../preload/failure';

/** The app's live status (connectivity, last sync, queue), kept current from main's events. */
export class StatusState {
  status = $state<AppStatus | null>(null);
  /** Ticks every second so "updated N s ago" stays true. */
  now = $state(Date.now());
  error = $state<string | null>(null);

  constructor(private readonly api: Api) {}

  /** Starts listening; returns the function that stops. */
  start(): () => void {
    const off = this.api.on('status', (s) => {
      this.status = s;
    });
    this.api.getStatus().then(
      (s) => {
        this.status = s;
      },
      (e) => {
        this.error = failureOf(e).message;
      },
    );
    const timer = setInterval(() => {
      this.now = Date.now();
    }, 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }
}
