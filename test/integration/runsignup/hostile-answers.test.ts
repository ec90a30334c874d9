import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/clock';
import { MemoryLogger } from '../../doubles/memory-logger';
import { RunSignupClient } from '../../../main/runsignup/client';
import { isApiError } from '../../../main/runsignup/errors';

// Answers no RunSignup should give, from a real server on 127.0.0.1: a huge body, and a
// redirect that would carry the secret header elsewhere.
const servers: http.Server[] = [];
async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const client = (baseUrl: string, logger = new MemoryLogger()) =>
  new RunSignupClient({
    baseUrl,
    getCredentials: () => ({ kind: 'v2', apiKey: 'key-1234567', apiSecret: 'secret-abcdefgh' }),
    clock: systemClock,
    logger,
    userAgent: 'RaceDayKiosk/test',
    timeoutMs: 20_000,
    retry: { attempts: 1, baseMs: 1, maxMs: 1 },
  });

describe('hostile answers', () => {
  it('refuses a body larger than 64 MB without reading it all, as a malformed answer', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const pump = () => {
        while (sent < 80 && res.write(chunk)) sent++;
        if (sent >= 80) res.end();
        else res.once('drain', pump);
      };
      res.on('error', () => {});
      pump();
    });
    const error = await client(url)
      .getRace(1)
      .catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('malformed');
    expect(String((error as Error).message)).toMatch(/larger than 64 MB/);
  });

  it('reads a body with a byte-order mark, its multi-byte letters split across chunks', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        '{"race":{"race_id":1,"name":"Zo\u00eb\u2019s \u00c5gren 5K","events":[]}}',
        'utf8',
      ),
    ]);
    const url = await serve(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // One byte at a time, each its own chunk: every multi-byte letter is cut in two.
      for (const byte of body) {
        res.write(Buffer.from([byte]));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    const race = await client(url).getRace(1);
    expect(race.name).toBe('Zo\u00eb\u2019s \u00c5gren 5K');
  });

  it('refuses a declared oversized body at once', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(200 * 1024 * 1024),
      });
      res.write('{');
      res.on('error', () => {});
    });
    const error = await client(url)
      .getRace(1)
      .catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('malformed');
  });

  it('does not follow a redirect (the secret header would go with it)', async () => {
    const received: string[] = [];
    const elsewhere = await serve((req, res) => {
      received.push(String(req.headers['x-rsu-api-secret'] ?? ''));
      res.end('{}');
    });
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: `${elsewhere}/steal` });
      res.end();
    });
    const error = await client(url)
      .getRace(1)
      .catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    expect(received).toEqual([]);
  });
});
