import type { Api } from '../../../preload/api';
import { attempt } from './attempt';

/**
 * "Reset this kiosk": asks first (with the admin PIN in kiosk mode), asks again when results are
 * unsent, and says what happened (the files the unsent results went to).
 */
export class ResetState {
  step = $state<'idle' | 'confirm' | 'unsent' | 'busy'>('idle');
  pin = $state('');
  unsentText = $state('');
  outcome = $state<{ ok: boolean; lines: string[] } | null>(null);

  /** `done` runs after a reset (Settings read again). */
  constructor(
    private readonly api: Pick<Api, 'resetKiosk'>,
    private readonly done: () => Promise<void>,
  ) {}

  ask(): void {
    this.outcome = null;
    this.pin = '';
    this.step = 'confirm';
  }

  cancel(): void {
    this.step = 'idle';
  }

  async reset(confirmUnsent: boolean, kioskEnabled: boolean): Promise<void> {
    this.step = 'busy';
    const r = await attempt(async () => {
      // Confirmed here; in kiosk mode main checks the PIN before anything is forgotten.
      const out = await this.api.resetKiosk({
        confirmUnsent,
        confirmReset: true,
        ...(kioskEnabled ? { pin: this.pin } : {}),
      });
      this.outcome = {
        ok: true,
        lines: [
          'The kiosk was reset: the practice race is running.',
          ...out.exported.map((e) => `${e.rows} unsent results saved to ${e.path}`),
        ],
      };
      this.step = 'idle';
      await this.done();
    });
    if (r.ok) return;
    const f = r.failure;
    if (f.kind === 'unsent-results' && !confirmUnsent) {
      this.unsentText = f.message;
      this.step = 'unsent';
    } else {
      this.outcome = { ok: false, lines: [f.message] };
      this.step = kioskEnabled && f.kind === 'locked' ? 'confirm' : 'idle';
      this.pin = '';
    }
  }
}
