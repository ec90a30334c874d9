import type { Clock } from '../clock';
import { KioskError } from '../kiosk-error';
import type { SettingsStore } from '../settings';
import { PIN_RULE, hashPin, isValidPin, verifyPin } from './pin';

const UNLOCK_MS = 10 * 60_000;
const MAX_TRIES = 5;
const LOCKOUT_MS = 60_000;

/**
 * Kiosk mode and its admin PIN: while kiosk mode is on, Settings (and leaving kiosk mode) need
 * the PIN. A right PIN unlocks Settings for ten minutes; five wrong PINs in a row lock the pad
 * for a minute.
 */
export class KioskLock {
  private unlockedUntil = 0;
  private wrongTries = 0;
  private blockedUntil = 0;

  constructor(
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    /** `--kiosk` on the command line: kiosk mode for this run whatever the setting says. */
    private forced: boolean,
  ) {}

  /** Wrong PINs the pad still takes before it locks. */
  get triesLeft(): number {
    return MAX_TRIES - this.wrongTries;
  }

  /** While too many wrong PINs lock the pad: when it unlocks (ms since epoch); else null. */
  get padLockedUntil(): number | null {
    return this.clock.now() < this.blockedUntil ? this.blockedUntil : null;
  }

  get enabled(): boolean {
    return this.forced || this.settings.get().kiosk;
  }

  /** Settings need the PIN. (Before a PIN was ever chosen nothing is locked: Settings asks for one.) */
  get locked(): boolean {
    return (
      this.enabled && this.settings.get().pinHash !== null && this.clock.now() >= this.unlockedUntil
    );
  }

  /** Throws unless Settings may be changed now. */
  assertUnlocked(): void {
    if (this.locked)
      throw new KioskError(
        'locked',
        'Settings are locked in kiosk mode. Enter the admin PIN first.',
      );
  }

  unlock(pin: string): void {
    this.check(pin);
    this.unlockedUntil = this.clock.now() + UNLOCK_MS;
  }

  lock(): void {
    this.unlockedUntil = 0;
  }

  /** Turns kiosk mode on. The first time, `pin` becomes the admin PIN; after that it must match. */
  enable(pin: string): void {
    const stored = this.settings.get().pinHash;
    if (stored === null) {
      if (!isValidPin(pin)) throw new KioskError('invalid-input', PIN_RULE);
      this.settings.update({ pinHash: hashPin(pin), kiosk: true });
    } else {
      this.check(pin);
      this.settings.update({ kiosk: true });
    }
    this.unlockedUntil = 0;
  }

  /** Leaves kiosk mode (needs the PIN). */
  disable(pin: string): void {
    this.check(pin);
    this.forced = false;
    this.settings.update({ kiosk: false });
  }

  private check(pin: string): void {
    const now = this.clock.now();
    if (now < this.blockedUntil) {
      throw new KioskError(
        'locked',
        `Too many wrong PINs. Try again in ${Math.ceil((this.blockedUntil - now) / 1000)} s.`,
      );
    }
    const stored = this.settings.get().pinHash;
    if (stored === null) {
      if (!this.enabled) return;
      throw new KioskError(
        'needs-user',
        'No admin PIN has been chosen yet: turn kiosk mode on from Settings to choose one.',
      );
    }
    if (!verifyPin(pin, stored)) {
      this.wrongTries += 1;
      if (this.wrongTries >= MAX_TRIES) {
        this.wrongTries = 0;
        this.blockedUntil = now + LOCKOUT_MS;
      }
      throw new KioskError('locked', 'That PIN is not right.');
    }
    this.wrongTries = 0;
  }
}
