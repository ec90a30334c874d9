import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallPriority } from '../../../main/runsignup/call-limiter';
import { CallLimiter } from '../../../main/runsignup/call-limiter';

/** A call that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CallLimiter', () => {
  it('a result send starts at once while roster and check-in work queue up', async () => {
    const limiter = new CallLimiter(2);
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const call = (name: string, priority: CallPriority) => {
      const g = gate();
      gates.set(name, g);
      return limiter.run(priority, async () => {
        started.push(name);
        await g.done;
      });
    };
    const all = [
      call('roster-1', 'background'),
      call('roster-2', 'background'),
      call('checkins', 'background'),
    ];
    await tick();
    // Background work holds one slot at most: the other stays free for urgent calls.
    expect(started).toEqual(['roster-1']);
    all.push(call('send', 'urgent'));
    await tick();
    expect(started).toEqual(['roster-1', 'send']);
    expect(limiter.open).toBe(2);
    // A second urgent call waits for a slot, and goes before the queued background calls.
    all.push(call('lookup', 'urgent'));
    await tick();
    gates.get('roster-1')!.open();
    await tick();
    expect(started).toEqual(['roster-1', 'send', 'lookup']);
    gates.get('send')!.open();
    await tick();
    expect(started).toEqual(['roster-1', 'send', 'lookup', 'roster-2']);
    for (const g of gates.values()) g.open();
    for (let i = 0; i < 5; i++) {
      await tick();
      for (const g of gates.values()) g.open();
    }
    await Promise.all(all);
    expect(started).toEqual(['roster-1', 'send', 'lookup', 'roster-2', 'checkins']);
    expect(limiter.peak).toBe(2);
    expect(limiter.open).toBe(0);
  });

  it('a failing call gives its slot back', async () => {
    const limiter = new CallLimiter(2);
    await expect(
      limiter.run('background', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(limiter.open).toBe(0);
    await expect(limiter.run('background', async () => 7)).resolves.toBe(7);
  });

  it('never more than 2 open and never 2 background, whatever the mix and timing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ urgent: fc.boolean(), ticks: fc.integer({ min: 0, max: 4 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        async (calls) => {
          const limiter = new CallLimiter(2);
          let open = { urgent: 0, background: 0 };
          let worst = { total: 0, background: 0 };
          let finished = 0;
          await Promise.all(
            calls.map((c) =>
              limiter.run(c.urgent ? 'urgent' : 'background', async () => {
                const kind = c.urgent ? 'urgent' : 'background';
                open = { ...open, [kind]: open[kind] + 1 };
                worst = {
                  total: Math.max(worst.total, open.urgent + open.background),
                  background: Math.max(worst.background, open.background),
                };
                for (let i = 0; i < c.ticks; i++) await tick();
                open = { ...open, [kind]: open[kind] - 1 };
                finished += 1;
              }),
            ),
          );
          expect(finished).toBe(calls.length);
          expect(worst.total).toBeLessThanOrEqual(2);
          expect(worst.background).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
