import type { CallerRegistration } from '../../main/runsignup/caller-registration';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { EVENT_NAMES, REQUEST_METHODS } from '../../preload/api';
import { FAILURE_PREFIX } from '../../preload/failure';
import { createDispatch } from '../../main/api/dispatch';
import { createKiosk } from '../../main/app';
import type { Kiosk, KioskDeps } from '../../main/app';
import type { Logger } from '../../main/logging';
import { silentLogger } from '../../main/logging';
import type { Credentials } from '../../main/runsignup/credentials';
import { MemorySecretStore } from '../doubles/memory-secret-store';
import type { Settings } from '../../main/settings';
import { JsonFileSettingsStore } from '../../main/settings';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export interface WebHostOptions {
  /** Folder for the database, settings and logs. */
  dataDir: string;
  /** RunSignup base URL (including /rest). */
  baseUrl?: string;
  credentials?: Credentials | null;
  /** The app's API caller registration, as if saved in Settings (docs/RUNSIGNUP.md §7). */
  callerRegistration?: CallerRegistration | null;
  /** Force practice mode on or off (default: the stored setting, on for a new data folder). */
  practice?: boolean;
  /** Other settings to apply at start (race id, events, device name…). */
  settings?: Partial<Settings>;
  port?: number;
  /** The built renderer (default out/renderer). */
  rendererDir?: string;
  logger?: Logger;
  /** Extra collaborators for tests (clock, fetch). */
  deps?: Partial<Pick<KioskDeps, 'clock' | 'fetch' | 'timings' | 'practice'>>;
}

export interface WebHost {
  /** The URL to open, with the token. */
  url: string;
  token: string;
  kiosk: Kiosk;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Runs the real services (createKiosk) in Node, serves the built renderer on 127.0.0.1 and
 * provides window.api over a WebSocket. Test-only: never shipped.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const rendererDir = opts.rendererDir ?? path.join(root, 'out/renderer');
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`No built renderer at ${rendererDir}. Run "npm run build" first.`);
  }
  const logger = opts.logger ?? silentLogger;
  const settings = new JsonFileSettingsStore(path.join(opts.dataDir, 'settings.json'));
  const patch: Partial<Settings> = { ...opts.settings };
  if (opts.baseUrl) patch.baseUrl = opts.baseUrl;
  if (opts.practice !== undefined) patch.practice = opts.practice;
  if (Object.keys(patch).length) settings.update(patch);

  const kiosk = createKiosk({
    dataDir: opts.dataDir,
    settings,
    secrets: new MemorySecretStore(opts.credentials ?? null, opts.callerRegistration ?? null),
    version: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
    logger,
    // The address given on the command line (or by the test) is the only other one allowed.
    trustedBaseUrls: opts.baseUrl ? [opts.baseUrl] : [],
    ...opts.deps,
  });
  await kiosk.start();
  const dispatch = createDispatch(kiosk.api, logger);
  const token = crypto.randomBytes(24).toString('base64url');

  const contract = { methods: REQUEST_METHODS, events: EVENT_NAMES, failurePrefix: FAILURE_PREFIX };
  const shim = `const contract = ${JSON.stringify(contract)};\n${fs.readFileSync(path.join(here, 'window-api.js'), 'utf8')}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    if (url.pathname === '/__host/window-api.js') {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'], 'cache-control': 'no-store' });
      res.end(shim);
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The renderer's own CSP, with the one WebSocket back to this host allowed.
      const html = fs
        .readFileSync(indexFile, 'utf8')
        .replace("connect-src 'none'", `connect-src ws://${origin.slice('http://'.length)}`)
        .replace(
          '<script type="module"',
          '<script src="/__host/window-api.js"></script>\n    <script type="module"',
        );
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    const file = path.normalize(path.join(rendererDir, decodeURIComponent(url.pathname)));
    if (
      !file.startsWith(rendererDir + path.sep) ||
      !fs.existsSync(file) ||
      !fs.statSync(file).isFile()
    ) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const expectedOrigin = `http://${req.headers.host}`;
    const ok =
      url.pathname === '/ws' &&
      sameToken(url.searchParams.get('token') ?? '', token) &&
      (req.headers.origin === undefined || req.headers.origin === expectedOrigin);
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', async (data) => {
        let msg: { id?: unknown; method?: unknown; args?: unknown };
        try {
          msg = JSON.parse(String(data));
        } catch {
          return;
        }
        if (typeof msg.id !== 'number' || typeof msg.method !== 'string') return;
        const envelope = await dispatch(msg.method, msg.args);
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id, envelope }));
      });
    });
  });

  const unsubscribe = kiosk.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    kiosk,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await kiosk.stop();
    },
  };
}
