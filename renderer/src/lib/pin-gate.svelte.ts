import type { Api } from '../../../preload/api';
import { PIN_DIGITS } from '../../../preload/api';
import { attempt } from './attempt';
import type { StatusState } from './status.svelte';

/** Kiosk mode's lock on Settings: the admin PIN, typed or tapped on the pad. */
export class PinGateState {
  pin = $state('');
  error = $state<string | null>(null);

  constructor(
    private readonly api: Pick<Api, 'unlockSettings'>,
    private readonly status: Pick<StatusState, 'refresh'>,
  ) {}

  tap(digit: string): void {
    if (this.pin.length < PIN_DIGITS.max) this.pin += digit;
  }

  back(): void {
    this.pin = this.pin.slice(0, -1);
  }

  /** True when Settings opened; a wrong PIN is cleared and said why. */
  async unlock(): Promise<boolean> {
    const pin = this.pin;
    const r = await attempt(() => this.api.unlockSettings({ pin }));
    if (r.ok) this.error = null;
    else {
      this.error = r.failure.message;
      this.pin = '';
    }
    // The tries left and the unlock time come with the status.
    await this.status.refresh();
    return r.ok;
  }
}
