import type { Api } from '../../../preload/api';
import { attempt } from './attempt';

type KioskModeApi = Pick<Api, 'enableKiosk' | 'disableKiosk' | 'lockSettings' | 'updateSettings'>;

/** Kiosk mode on (choosing the admin PIN the first time) and off, locking Settings, start at login. */
export class KioskModeState {
  pin = $state('');
  again = $state('');
  message = $state<{ ok: boolean; text: string } | null>(null);
  /** Turning kiosk mode on locks Settings at once: it is said, and confirmed, first. */
  confirming = $state(false);

  constructor(private readonly api: KioskModeApi) {}

  private async run(action: () => Promise<unknown>, done: string): Promise<void> {
    const r = await attempt(action);
    if (!r.ok) {
      this.message = { ok: false, text: r.failure.message };
      return;
    }
    this.message = { ok: true, text: done };
    this.pin = '';
    this.again = '';
  }

  /** "Turn on": the first time the PIN is typed twice; then it asks before locking. */
  askEnable(pinSet: boolean): void {
    if (!pinSet && this.pin !== this.again) {
      this.message = { ok: false, text: 'The two PINs are not the same.' };
      return;
    }
    this.message = null;
    this.confirming = true;
  }

  confirmEnable(): Promise<void> {
    this.confirming = false;
    const pin = this.pin;
    return this.run(
      () => this.api.enableKiosk({ pin }),
      'Kiosk mode is on. Settings now need the PIN.',
    );
  }

  disable(): Promise<void> {
    const pin = this.pin;
    return this.run(() => this.api.disableKiosk({ pin }), 'Kiosk mode is off.');
  }

  lock(): Promise<void> {
    return this.run(() => this.api.lockSettings(), 'Settings locked.');
  }

  setStartAtLogin(on: boolean): Promise<void> {
    return this.run(() => this.api.updateSettings({ startAtLogin: on }), 'Saved.');
  }
}
