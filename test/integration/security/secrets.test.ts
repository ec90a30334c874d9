import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../../preload/failure';
import type { Kiosk } from '../../../main/app';
import { createLogger } from '../../../main/logging';
import { SecretRegistry } from '../../../main/redact';
import { EncryptedFileSecretStore } from '../../../main/secrets';
import type { Cipher } from '../../../main/secrets';
import type { Simulator } from '../../../main/simulator/index';
import { kioskInPractice, simulator } from '../../support/kiosk';
import { tempDir } from '../../support/temp-dir';

// Secrets never appear in logs, error messages, what the renderer receives, the settings file
// or the database — whichever of the three credential kinds is used, and when things fail.
// The app's API caller registration secret is one of them (docs/RUNSIGNUP.md §7).
describe('secrets stay secret', () => {
  let sim: Simulator;
  let kiosk: Kiosk;
  let dataDir: string;
  const seenByRenderer: string[] = [];
  const cipher: Cipher = {
    isAvailable: () => true,
    encrypt: (s) => Buffer.from(Buffer.from(s).map((b) => b ^ 0x6b)),
    decrypt: (b) => Buffer.from(b.map((x) => x ^ 0x6b)).toString(),
  };
  const record = async <T>(p: Promise<T>): Promise<T | undefined> => {
    try {
      const v = await p;
      seenByRenderer.push(JSON.stringify(v));
      return v;
    } catch (e) {
      seenByRenderer.push(failureOf(e).message);
      return undefined;
    }
  };

  beforeAll(async () => {
    sim = await simulator({ seed: 41, scenario: { participants: 300 } });
    dataDir = tempDir('secrets');
    const registry = new SecretRegistry();
    ({ kiosk } = kioskInPractice(sim, {
      dataDir,
      // Nothing stored yet: the test enters every key and the caller registration itself.
      secrets: new EncryptedFileSecretStore(path.join(dataDir, 'credentials.bin'), cipher),
      logger: createLogger({
        file: path.join(dataDir, 'logs', 'kiosk.log'),
        level: 'debug',
        secrets: registry,
      }),
      secretRegistry: registry,
      timings: {
        probeIntervalMs: 200,
        requestTimeoutMs: 2000,
        resultBackoff: { baseMs: 100, maxMs: 500 },
      },
    }));
    kiosk.subscribe((_e, payload) => seenByRenderer.push(JSON.stringify(payload)));
    await kiosk.start();
    const api = kiosk.api;
    const c = sim.credentials;
    // Wrong secrets of every kind (their messages reach the renderer).
    await record(
      api.connect({
        credentials: { kind: 'v1', apiKey: c.v1.apiKey, apiSecret: 'wrong-v1-secret-123456' },
        raceId: sim.raceId,
      }),
    );
    await record(
      api.connect({
        credentials: { kind: 'v2', apiKey: c.v2.apiKey, apiSecret: 'wrong-v2-secret-123456' },
        raceId: sim.raceId,
      }),
    );
    await record(
      api.connect({
        credentials: { kind: 'oauth', accessToken: 'wrong-token-1234567890' },
        raceId: sim.raceId,
      }),
    );
    // A wrong caller registration (RunSignup answers HTTP 400, code 17).
    await record(
      api.connect({
        credentials: { kind: 'v2', ...c.v2 },
        raceId: sim.raceId,
        callerRegistration: {
          regId: sim.callerRegistration.regId,
          secret: 'wrong-reg-secret-98765',
        },
      }),
    );
    // The right ones, then a real session with polls and a result sent.
    await record(
      api.connect({
        credentials: { kind: 'oauth', ...c.oauth },
        raceId: sim.raceId,
        callerRegistration: { ...sim.callerRegistration },
      }),
    );
    await record(api.connect({ credentials: { kind: 'v2', ...c.v2 }, raceId: sim.raceId }));
    await record(api.connect({ credentials: { kind: 'v1', ...c.v1 }, raceId: sim.raceId }));
    await record(api.selectRace({ raceId: sim.raceId, eventIds: [], confirmUnsent: false }));
    for (let i = 0; i < 100 && (await api.getResultEvents()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const event = (await api.getResultEvents()).find((e) => e.name === 'Virtual 5K')!;
    const runner = sim.inspect.participants(event.eventId).find((p) => p.bib_num !== null)!;
    await record(
      api.commitResults({
        eventId: event.eventId,
        resultSetId: null,
        rows: [{ bib: String(runner.bib_num), clockTime: '0:30:00' }],
        source: 'keyboard',
      }),
    );
    // The caller registration refused while sending (code 17: the queue pauses and says so)…
    sim.control.revokeCallerRegistration();
    await record(
      api.commitResults({
        eventId: event.eventId,
        resultSetId: null,
        rows: [{ bib: String(runner.bib_num), clockTime: '0:30:30' }],
        source: 'keyboard',
      }),
    );
    for (let i = 0; i < 100 && !(await api.getStatus()).queue.pausedReason; i++)
      await new Promise((r) => setTimeout(r, 50));
    await record(api.getStatus());
    sim.control.restoreCallerRegistration();
    await record(api.resumeSending());
    // Credentials revoked at RunSignup: the failures are logged and shown.
    sim.control.revokeCredentials();
    await record(
      api.commitResults({
        eventId: event.eventId,
        resultSetId: null,
        rows: [{ bib: String(runner.bib_num), clockTime: '0:31:00' }],
        source: 'keyboard',
      }),
    );
    await new Promise((r) => setTimeout(r, 2500));
    await record(api.getStatus());
    await record(api.getSettings());
    await record(api.getFeed());
    await kiosk.stop();
    await new Promise((r) => setTimeout(r, 300));
  });

  const secrets = () => [
    sim.credentials.v1.apiSecret,
    sim.credentials.v2.apiSecret,
    sim.credentials.oauth.accessToken,
    sim.credentials.v1.apiKey,
    'wrong-v1-secret-123456',
    'wrong-v2-secret-123456',
    'wrong-token-1234567890',
    sim.callerRegistration.secret,
    'wrong-reg-secret-98765',
  ];
  const expectClean = (what: string, text: string) => {
    for (const secret of secrets())
      expect(text.includes(secret), `${what} contains a secret`).toBe(false);
  };

  it('the test really exercised logging, the renderer and the database', () => {
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'kiosk.log'), 'utf8');
    expect(log).toMatch(/credentials accepted/);
    expect(seenByRenderer.join('\n')).toMatch(/did not|rejected|Invalid|key/i);
    // The caller registration was refused (at connect and while sending) and then used.
    expect(seenByRenderer.join('\n')).toMatch(/rejected this app's API caller registration/);
    expect(log).toMatch(/error 17/);
    expect(fs.existsSync(path.join(dataDir, 'caller-registration.bin'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'kiosk.db')).size).toBeGreaterThan(0);
  });

  it('not in the log file', () => {
    expectClean('log', fs.readFileSync(path.join(dataDir, 'logs', 'kiosk.log'), 'utf8'));
  });

  it('not in anything the renderer received (answers, errors, events)', () => {
    expectClean('renderer', seenByRenderer.join('\n'));
  });

  it('not in the settings file', () => {
    expectClean('settings', fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
  });

  it('not in the database files', () => {
    for (const f of fs.readdirSync(dataDir).filter((n) => n.includes('.db'))) {
      expectClean(f, fs.readFileSync(path.join(dataDir, f)).toString('latin1'));
    }
  });

  it('not in clear in the credentials file either', () => {
    expectClean(
      'credentials.bin',
      fs.readFileSync(path.join(dataDir, 'credentials.bin')).toString('latin1'),
    );
  });

  it('the caller registration is stored encrypted, and its secret only there', () => {
    const file = fs.readFileSync(path.join(dataDir, 'caller-registration.bin'));
    expectClean('caller-registration.bin', file.toString('latin1'));
    expect(JSON.parse(cipher.decrypt(file))).toEqual(sim.callerRegistration);
  });
});
