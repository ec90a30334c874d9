import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { attemptedMode } from './auth';
import type { CallerGate } from './caller-registration';
import { CALLER_REJECTED_CODE, CALLER_REJECTED_MESSAGE, callerKey } from './caller-registration';
import type { EndpointDeps } from './endpoints/context';
import type { Fault, FaultBoard } from './faults';
import type { LinkProfile } from './link';
import { SharedLine, serverTimeMs } from './link';
import type { RequestLog } from './request-log';
import { redactQuery } from './request-log';
import type { SimReply } from './responses';
import { nginxError, v1Error, v1Format } from './responses';
import { route } from './routes';

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

class BodyTooLarge extends Error {}

/**
 * A few turns of the event loop, so a client in this process sees its pooled keep-alive
 * connections close before it tries to reuse them (otherwise the first request after a
 * refusal can fail with "other side closed" instead of ECONNREFUSED).
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The HTTP side of the simulator: one node:http server on 127.0.0.1 that applies the active
 * fault, hands the request to the endpoint table and logs it. It can stop listening (a true
 * "connection refused") and listen again on the same port.
 */
export class SimServer {
  private readonly server: Server;
  private port = 0;
  private listening = false;
  private closed = false;
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();
  /** Calls being answered, per caller (docs/RUNSIGNUP.md §7: at most 2 at once). */
  private readonly inFlight = new Map<string, number>();
  private readonly line: SharedLine | null;
  /** What went over the link profile: bytes on the wire and RunSignup's page time summed. */
  readonly linkTotals = { calls: 0, bytes: 0, serverMs: 0 };

  constructor(
    private readonly deps: EndpointDeps,
    private readonly faults: FaultBoard,
    private readonly log: RequestLog,
    private readonly caller: { gate: CallerGate; maxConcurrent: number },
    /** A venue's round trip, bandwidth and RunSignup's page time (link.ts); none on loopback. */
    private readonly link: LinkProfile | null = null,
  ) {
    this.line = link ? new SharedLine(link) : null;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) this.send(res, nginxError(500));
      });
    });
  }

  get baseUrl(): string {
    return `http://${HOST}:${this.port}/rest`;
  }

  listen(port: number): Promise<void> {
    if (this.listening || this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ port, host: HOST }, () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  /** Stops accepting connections and cuts the open ones: clients now get ECONNREFUSED. */
  stopListening(): Promise<void> {
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    }).then(settle);
  }

  /** Listens again on the port it had. */
  resumeListening(): Promise<void> {
    return this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.stopListening();
    this.closed = true;
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  private send(res: ServerResponse, reply: SimReply): void {
    const body = bodyBytes(reply);
    res.writeHead(reply.status, {
      server: 'nginx',
      ...reply.headers,
      'content-length': String(body.length),
    });
    res.end(body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const fault = this.faults.take(url.pathname);
    const who = callerKey(url.searchParams);
    const concurrent = (this.inFlight.get(who) ?? 0) + 1;
    const record = (status: number, extra: { throttled?: true } = {}): void =>
      this.log.add({
        method,
        path: url.pathname,
        query: redactQuery(url.searchParams),
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        auth: attemptedMode(url.searchParams, req.headers),
        concurrent,
        ...(fault ? { fault: fault.type } : {}),
        ...extra,
      });

    if (fault?.type === 'refused') {
      req.socket.destroy();
      record(0);
      return;
    }
    if (concurrent > this.caller.maxConcurrent) {
      req.resume();
      const reply = this.tooManyCalls(url);
      this.send(res, reply);
      record(reply.status, { throttled: true });
      return;
    }
    this.inFlight.set(who, concurrent);
    try {
      await this.answer(req, res, url, method, fault, record, started);
    } finally {
      const left = (this.inFlight.get(who) ?? 1) - 1;
      if (left > 0) this.inFlight.set(who, left);
      else this.inFlight.delete(who);
    }
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    fault: Fault | null,
    record: (status: number) => void,
    started: number,
  ): Promise<void> {
    if (fault?.type === 'latency') {
      await this.sleep(fault.ms);
      if (this.closed || res.destroyed) return;
    }
    const early = this.faultReply(fault, url) ?? this.callerReply(req, url);
    if (early) {
      req.resume();
      this.send(res, early);
      record(early.status);
      return;
    }

    let reply: SimReply;
    try {
      const body = await readBody(req);
      const rest = /^\/rest(?=\/|$)/i.exec(url.pathname);
      reply = rest
        ? await route(
            {
              method,
              path: url.pathname.slice(rest[0].length) || '/',
              query: url.searchParams,
              headers: req.headers,
              body,
              revoked: fault?.type === 'revoked',
            },
            this.deps,
          )
        : nginxError(404);
    } catch (err) {
      reply = err instanceof BodyTooLarge ? nginxError(413) : nginxError(500);
    }
    if (res.destroyed) return;
    if (fault?.type === 'rewrite') reply = rewritten(reply, fault.rewrite);
    if (this.link && fault === null) {
      await this.overLink(this.link, req, res, url, reply, started);
      record(reply.status);
      return;
    }

    if (fault?.type === 'reset' || fault?.type === 'truncated') {
      const full = bodyBytes(reply);
      const half = full.subarray(0, Math.floor(full.length / 2));
      const length = fault.type === 'reset' ? full.length : half.length;
      res.writeHead(reply.status, {
        server: 'nginx',
        ...reply.headers,
        'content-length': String(length),
      });
      if (fault.type === 'truncated') res.end(half);
      else res.write(half, () => req.socket.resetAndDestroy());
    } else {
      this.send(res, reply);
    }
    record(reply.status);
  }

  /**
   * Sends a reply as a venue link would: the request's way there, RunSignup's time for the
   * page, then the (gzipped, when accepted) bytes after those already on the shared line.
   * RunSignup's time includes building and compressing the answer, so the simulator's own
   * time for that (since the request arrived at `started`) is part of it, not added to it.
   */
  private async overLink(
    link: LinkProfile,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    reply: SimReply,
    started: number,
  ): Promise<void> {
    const serverMs = serverTimeMs(link, url.pathname, url.searchParams);
    const plain = bodyBytes(reply);
    const gzip = link.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? gzipSync(plain, { level: 6 }) : plain;
    const builtMs = performance.now() - started;
    await this.sleep(link.rttMs / 2 + Math.max(0, serverMs - builtMs));
    this.linkTotals.calls += 1;
    this.linkTotals.bytes += body.length;
    this.linkTotals.serverMs += serverMs;
    const arrives = this.line!.deliveredAt(performance.now(), body.length);
    await this.sleep(Math.max(0, arrives - performance.now()));
    if (this.closed || res.destroyed) return;
    res.writeHead(reply.status, {
      server: 'nginx',
      ...reply.headers,
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}),
      'content-length': String(body.length),
    });
    res.end(body);
  }

  /** A third call at once from one caller is refused as throttled (v1 code 14). */
  private tooManyCalls(url: URL): SimReply {
    const v2 = /^\/rest\/v2\//i.test(url.pathname);
    const reply = v1Error(
      v2 ? 'json' : v1Format(url.searchParams),
      14,
      'Too many concurrent requests.',
    );
    return v2 ? { ...reply, status: 429 } : reply;
  }

  /** A wrong caller registration, or none after the cut-off date: HTTP 400, code 17. */
  private callerReply(req: IncomingMessage, url: URL): SimReply | null {
    const verdict = this.caller.gate.check(url.searchParams, req.headers);
    if (verdict.ok) return null;
    const v2 = /^\/rest\/v2\//i.test(url.pathname);
    return v1Error(
      v2 ? 'json' : v1Format(url.searchParams),
      CALLER_REJECTED_CODE,
      CALLER_REJECTED_MESSAGE,
      { status: 400, details: verdict.details },
    );
  }

  /** Replies a fault makes before the request reaches an endpoint. */
  private faultReply(fault: Fault | null, url: URL): SimReply | null {
    if (!fault) return null;
    if (fault.type === 'http5xx') return nginxError(fault.status ?? 502);
    if (fault.type !== 'throttle') return null;
    if (fault.style === '429')
      return nginxError(429, { 'retry-after': String(fault.retryAfterSec ?? 2) });
    const format = /^\/rest\/v2\//i.test(url.pathname) ? 'json' : v1Format(url.searchParams);
    return v1Error(format, 14, 'Request throttled. Please slow down.');
  }
}

/** A reply's body as sent: UTF-8 bytes. */
function bodyBytes(reply: SimReply): Buffer {
  return typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
}

/** A JSON reply with its body passed through `rewrite` (other replies as they are). */
function rewritten(reply: SimReply, rewrite: (json: unknown) => unknown): SimReply {
  let json: unknown;
  try {
    json = JSON.parse(reply.body.toString());
  } catch {
    return reply;
  }
  return { ...reply, body: JSON.stringify(rewrite(json)) };
}
