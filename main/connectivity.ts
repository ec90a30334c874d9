/**
 * Online / offline, learnt from the outcome of every RunSignup request (wire the client's
 * `onOutcome` to `report`). A request that got no answer at all (refused, reset, timeout, DNS:
 * `ApiError.details.network`) means offline; any answer, even an error, means online. While
 * offline a light probe runs on an interval that doubles up to a ceiling, until RunSignup
 * answers; `onOnline` listeners then run at once (the results queue flushes).
 */
import type { Clock } from './clock';
import type { Logger } from './logging';
import { silentLogger } from './logging';
import type { RequestOutcome } from './runsignup/http';
import { isApiError } from './runsignup/errors';

export interface ConnectivityState {
  online: boolean;
  /** When `online` last changed (ms since the epoch, by the injected clock). */
  since: number;
  /** The latest failed request's message; `null` once a later request succeeds. */
  lastError: string | null;
}

export interface ConnectivityOptions {
  clock: Clock;
  /** Resolves when RunSignup answers; rejects when it does not (e.g. `client.probe()`). */
  probe: () => Promise<void>;
  /** First wait between probes while offline. Default 5 s. */
  probeIntervalMs?: number;
  /** The wait doubles after each failed probe, up to this. Default 60 s. */
  maxProbeIntervalMs?: number;
  logger?: Logger;
  /** Assume online until told otherwise (default), or start offline and probe at once. */
  initiallyOnline?: boolean;
}

type Listener<T> = (value: T) => void;

export class ConnectivityMonitor {
  private current: ConnectivityState;
  private readonly listeners = new Set<Listener<ConnectivityState>>();
  private readonly onlineListeners = new Set<() => void>();
  private readonly baseInterval: number;
  private readonly maxInterval: number;
  private readonly logger: Logger;
  private interval: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private probing = false;

  constructor(private readonly opts: ConnectivityOptions) {
    this.baseInterval = opts.probeIntervalMs ?? 5_000;
    this.maxInterval = Math.max(this.baseInterval, opts.maxProbeIntervalMs ?? 60_000);
    this.interval = this.baseInterval;
    this.logger = opts.logger ?? silentLogger;
    this.current = {
      online: opts.initiallyOnline ?? true,
      since: opts.clock.now(),
      lastError: null,
    };
  }

  state(): ConnectivityState {
    return { ...this.current };
  }

  /** Called with the new state on every change; returns the unsubscribe function. */
  subscribe(listener: Listener<ConnectivityState>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called each time the connection comes back (offline → online). */
  onOnline(listener: () => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  /** Feed from the client's `onOutcome`. */
  report(outcome: RequestOutcome): void {
    if (outcome.ok) {
      this.update(true, null);
      return;
    }
    const noAnswer = outcome.error.details.network === true;
    this.update(noAnswer ? false : true, outcome.error.message);
  }

  /** Starts probing whenever offline. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.current.online)
      this.schedule(this.opts.initiallyOnline === false ? 0 : this.interval);
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  private update(online: boolean, lastError: string | null): void {
    const wasOnline = this.current.online;
    if (wasOnline === online && this.current.lastError === lastError) return;
    this.current = {
      online,
      since: wasOnline === online ? this.current.since : this.opts.clock.now(),
      lastError,
    };
    if (wasOnline !== online) {
      this.logger.info(online ? 'RunSignup reachable again' : 'RunSignup unreachable: offline', {
        lastError,
      });
      if (online) {
        this.interval = this.baseInterval;
        this.clearTimer();
      } else if (this.running) {
        this.schedule(this.interval);
      }
    }
    for (const listener of [...this.listeners]) this.safely(() => listener(this.state()));
    if (online && !wasOnline)
      for (const listener of [...this.onlineListeners]) this.safely(listener);
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runProbe();
    }, ms);
  }

  private async runProbe(): Promise<void> {
    if (!this.running || this.current.online || this.probing) return;
    this.probing = true;
    try {
      await this.opts.probe();
      this.update(true, null);
    } catch (e) {
      const answered = isApiError(e) && e.details.network !== true;
      const message = e instanceof Error ? e.message : String(e);
      if (answered) {
        this.update(true, message);
      } else {
        this.interval = Math.min(this.maxInterval, this.interval * 2);
        this.update(false, message);
      }
    } finally {
      this.probing = false;
    }
    if (this.running && !this.current.online && !this.timer) this.schedule(this.interval);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.error('A connectivity listener failed', { error: e });
    }
  }
}
