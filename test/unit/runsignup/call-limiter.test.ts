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
  it('roster work fills both slots; a result send takes the next one that frees, before more roster work', async () => {
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
    // Background work may hold both slots while nothing urgent waits.
    expect(started).toEqual(['roster-1', 'roster-2']);
    expect(limiter.open).toBe(2);
    all.push(call('send', 'urgent'));
    all.push(call('lookup', 'urgent'));
    await tick();
    expect(started).toEqual(['roster-1', 'roster-2']);
    // Each freed slot goes to the urgent calls first: they wait for one call in flight each.
    gates.get('roster-2')!.open();
    await tick();
    expect(started).toEqual(['roster-1', 'roster-2', 'send']);
    gates.get('roster-1')!.open();
    await tick();
    expect(started).toEqual(['roster-1', 'roster-2', 'send', 'lookup']);
    // Background work waits its turn again, in arrival order.
    all.push(call('roster-3', 'background'));
    gates.get('send')!.open();
    await tick();
    expect(started).toEqual(['roster-1', 'roster-2', 'send', 'lookup', 'checkins']);
    gates.get('lookup')!.open();
    await tick();
    expect(started).toEqual(['roster-1', 'roster-2', 'send', 'lookup', 'checkins', 'roster-3']);
    for (const g of gates.values()) g.open();
    await Promise.all(all);
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

  it('never more than 2 open, and no background call starts while an urgent one waits, whatever the mix and timing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ urgent: fc.boolean(), ticks: fc.integer({ min: 0, max: 4 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        async (calls) => {
          const limiter = new CallLimiter(2);
          let open = { urgent: 0, background: 0 };
          let worst = 0;
          let finished = 0;
          /** Urgent calls asked for and not started yet. */
          let urgentWaiting = 0;
          /** Background calls that started while an urgent call waited. */
          let jumped = 0;
          await Promise.all(
            calls.map(async (c, i) => {
              // Calls arrive over time, not all at once.
              for (let t = 0; t < i % 3; t++) await tick();
              if (c.urgent) urgentWaiting += 1;
              return limiter.run(c.urgent ? 'urgent' : 'background', async () => {
                const kind = c.urgent ? 'urgent' : 'background';
                if (c.urgent) urgentWaiting -= 1;
                else if (urgentWaiting > 0) jumped += 1;
                open = { ...open, [kind]: open[kind] + 1 };
                worst = Math.max(worst, open.urgent + open.background);
                for (let i = 0; i < c.ticks; i++) await tick();
                open = { ...open, [kind]: open[kind] - 1 };
                finished += 1;
              });
            }),
          );
          expect(finished).toBe(calls.length);
          expect(worst).toBeLessThanOrEqual(2);
          expect(jumped).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
