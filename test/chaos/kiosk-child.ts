/**
 * The parent's handle on one kiosk child process (child.ts): start it, send it requests, and
 * stop it cleanly or SIGKILL it. Replies are matched to requests by id.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildConfig, ChildRequest, ReplyValue, StartupFound } from './protocol';
import { childMessageSchema } from './protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const START_TIMEOUT_MS = 150_000;

/** A request the child could not answer because it died first (or was killed). */
export class ChildGoneError extends Error {
  override readonly name = 'ChildGoneError';
}

type Pending = { resolve: (v: ReplyValue) => void; reject: (e: Error) => void };
/** A request without its id (the handle numbers them). */
export type ChildCall = ChildRequest extends infer R
  ? R extends ChildRequest
    ? Omit<R, 'id'>
    : never
  : never;

export class KioskChild {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly closed: Promise<void>;
  private gone = false;
  private committing: (() => void) | null = null;
  /** What the data folder held when this child started (set once it is ready). */
  found: StartupFound = { sending: 0, queued: 0 };

  private constructor(private readonly proc: ChildProcess) {
    this.closed = new Promise((resolve) => proc.once('close', () => resolve()));
    proc.on('message', (raw: unknown) => this.received(raw));
    void this.closed.then(() => {
      this.gone = true;
      for (const p of this.pending.values())
        p.reject(new ChildGoneError('the kiosk process ended'));
      this.pending.clear();
    });
  }

  /** Starts a child and resolves once it says it is ready (its output goes to `logFile`). */
  static async start(config: ChildConfig, logFile: string): Promise<KioskChild> {
    const out = fs.openSync(logFile, 'a');
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'child.ts'), JSON.stringify(config)],
      { cwd: root, stdio: ['ignore', out, out, 'ipc'] },
    );
    fs.closeSync(out);
    const child = new KioskChild(proc);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`the kiosk child did not start in time (see ${logFile})`));
      }, START_TIMEOUT_MS);
      const onMessage = (raw: unknown) => {
        const m = childMessageSchema.safeParse(raw);
        if (!m.success) return;
        if (m.data.type === 'ready' || m.data.type === 'fatal') {
          clearTimeout(timer);
          proc.off('message', onMessage);
          if (m.data.type === 'ready') {
            child.found = m.data.found;
            resolve();
          } else reject(new Error(`the kiosk child failed to start: ${m.data.message}`));
        }
      };
      proc.on('message', onMessage);
      void child.closed.then(() => {
        clearTimeout(timer);
        reject(new Error(`the kiosk child exited during start-up (see ${logFile})`));
      });
    });
    return child;
  }

  /** Resolves when the child announces its next commit (a `commit` request with `announce`). */
  nextCommit(): Promise<void> {
    return new Promise((resolve) => {
      this.committing = resolve;
      void this.closed.then(resolve);
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Sends a request; resolves with the child's answer, rejects with ChildGoneError if it dies. */
  request(request: ChildCall): Promise<ReplyValue> {
    if (this.gone) return Promise.reject(new ChildGoneError('the kiosk process has ended'));
    const id = this.nextId++;
    return new Promise<ReplyValue>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.proc.send({ ...request, id } as ChildRequest, (err) => {
        if (err) {
          this.pending.delete(id);
          reject(new ChildGoneError(err.message));
        }
      });
    });
  }

  /**
   * SIGKILL, like a laptop losing power. Resolves once the process is gone and every message it
   * sent before dying was received (so every answered commit is known).
   */
  async kill(): Promise<void> {
    if (!this.gone) this.proc.kill('SIGKILL');
    await this.closed;
  }

  /** Stops the kiosk cleanly (it finishes the batch in flight) and waits for the process to end. */
  async stop(): Promise<void> {
    if (!this.gone) {
      await this.request({ type: 'stop' }).catch((e: unknown) => {
        if (!(e instanceof ChildGoneError)) throw e;
      });
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 20_000);
    await this.closed;
    clearTimeout(timer);
  }

  private received(raw: unknown): void {
    const m = childMessageSchema.safeParse(raw);
    if (!m.success) return;
    const msg = m.data;
    if (msg.type === 'committing') {
      this.committing?.();
      this.committing = null;
      return;
    }
    if (msg.type !== 'reply' && msg.type !== 'failed') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.type === 'reply') p.resolve(msg.value);
    else p.reject(new Error(msg.message));
  }
}
