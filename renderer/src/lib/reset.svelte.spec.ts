import { describe, expect, it } from 'vitest';
import type { Api } from '../../../preload/api';
import { ResetState } from './reset.svelte';
import { refuse } from './spec-support';

type ResetArgs = Parameters<Api['resetKiosk']>[0];

describe('ResetState', () => {
  it('resets after a confirmation, says where unsent results went, then reads Settings again', async () => {
    const asked: ResetArgs[] = [];
    let reread = 0;
    const r = new ResetState(
      {
        resetKiosk: async (a) => (
          asked.push(a),
          { exported: [{ path: '/x/unsent.csv', rows: 3 }] }
        ),
      },
      async () => void reread++,
    );
    r.ask();
    expect(r.step).toBe('confirm');
    await r.reset(false, false);
    expect(asked).toEqual([{ confirmUnsent: false, confirmReset: true }]);
    expect(r.outcome).toEqual({
      ok: true,
      lines: [
        'The kiosk was reset: the practice race is running.',
        '3 unsent results saved to /x/unsent.csv',
      ],
    });
    expect([r.step, reread]).toEqual(['idle', 1]);
  });

  it('asks again when results are unsent, then resets with the PIN in kiosk mode', async () => {
    const asked: ResetArgs[] = [];
    const r = new ResetState(
      {
        resetKiosk: async (a) => {
          asked.push(a);
          if (!a.confirmUnsent) return refuse('unsent-results', '2 results are not sent.');
          return { exported: [] };
        },
      },
      async () => {},
    );
    r.ask();
    r.pin = '123456';
    await r.reset(false, true);
    expect([r.step, r.unsentText]).toEqual(['unsent', '2 results are not sent.']);
    await r.reset(true, true);
    expect(asked.at(-1)).toEqual({ confirmUnsent: true, confirmReset: true, pin: '123456' });
    expect(r.step).toBe('idle');
  });

  it('asks for the PIN again after a wrong one, and says why', async () => {
    const r = new ResetState({ resetKiosk: () => refuse('locked', 'Wrong PIN.') }, async () => {});
    r.ask();
    r.pin = '000000';
    await r.reset(false, true);
    expect([r.step, r.pin, r.outcome]).toEqual([
      'confirm',
      '',
      { ok: false, lines: ['Wrong PIN.'] },
    ]);
    await r.reset(false, false);
    expect(r.step).toBe('idle');
  });
});
