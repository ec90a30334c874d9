import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiRequests } from '../../../preload/api';
import { REQUEST_METHODS } from '../../../preload/api';
import { createDispatch } from '../../../main/api/dispatch';
import { MemoryLogger } from '../../doubles/memory-logger';

// Every IPC payload goes through createDispatch (Electron IPC and the web host alike). Whatever
// arrives, it answers with an envelope: never an uncaught exception, always a clear error.
const calls: string[] = [];
const api = Object.fromEntries(
  REQUEST_METHODS.map((m) => [
    m,
    async () => {
      calls.push(m);
      return { ok: m };
    },
  ]),
) as unknown as ApiRequests;
const dispatch = createDispatch(api, new MemoryLogger());

const anyPayload = fc.oneof(
  fc.anything(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.array(fc.object(), { maxLength: 2 }),
  fc.constant(undefined),
  fc.constant([{ raceId: 1, eventIds: [], confirmUnsent: 'yes' }]),
  fc.constant([{ credentials: { kind: 'v3', apiKey: 'x' }, raceId: 1 }]),
  fc.constant([{ eventId: -1, text: 'x'.repeat(10) }]),
);

describe('IPC payload fuzzing', () => {
  it('answers every method and any payload with an envelope, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...REQUEST_METHODS, 'constructor', '__proto__', 'toString', 'nope'),
        anyPayload,
        async (method, args) => {
          const reply = await dispatch(method, args);
          expect(typeof reply.ok).toBe('boolean');
          if (!reply.ok) {
            expect(reply.error.kind).toBe('invalid-input');
            expect(reply.error.message.length).toBeGreaterThan(10);
            expect(reply.error.message).not.toMatch(/undefined|\[object Object\]/);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('refuses unknown methods, even those on Object.prototype', async () => {
    for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
      const reply = await dispatch(method, []);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    }
  });

  it('names the field that is wrong', async () => {
    const reply = await dispatch('commitResults', [
      { eventId: 1, resultSetId: null, rows: [{ bib: 5 }], source: 'keyboard' },
    ]);
    expect(reply.ok ? '' : reply.error.message).toMatch(/rows\.0\.bib/);
  });

  it('calls the service only with payloads that passed the schema', async () => {
    calls.length = 0;
    await dispatch('search', ['Smith']);
    await dispatch('search', [42]);
    await dispatch('search', ['x'.repeat(5000)]);
    expect(calls).toEqual(['search']);
  });
});
