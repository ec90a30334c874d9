import type { Clock } from '../clock';
import { monotonicNow } from '../clock';
import { AppError } from '../app-error';
import type { SettingsStore } from '../settings';
import { PIN_RULE, hashPin, isValidPin, verifyPin } from './pin';

const UNLOCK_MS = 10 * 60_000;
const MAX_TRIES = 5;
const LOCKOUT_MS = 60_000;

/**
 * Kiosk mode and its admin PIN: while kiosk mode is on, Settings (and leaving kiosk mode) need
 * the PIN. A right PIN unlocks Settings for ten minutes; five wrong PINs in a row lock the pad
 * for a minute. The wrong tries and the lockout are kept in the settings, so restarting the app
 * does not clear them. Every wait runs on the monotonic clock: setting the laptop's clock does
 * not end a lockout or stretch it (a stored lockout is capped at one minute from now).
 */
export class KioskLock {
  /** Monotonic ms until which Settings stay unlocked. */
  private unlockedUntil = -Infinity;
  /** Monotonic ms until which the pad is locked. */
  private blockedUntil: number;

  constructor(
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    /** `--kiosk` on the command line: kiosk mode for this run whatever the setting says. */
    private forced: boolean,
  ) {
    const stored = settings.get().pinLockedUntil;
    const left = stored === null ? 0 : Math.min(LOCKOUT_MS, Math.max(0, stored - clock.now()));
    this.blockedUntil = left > 0 ? this.mono() + left : -Infinity;
  }

  /** Wrong PINs the pad still takes before it locks. */
  get triesLeft(): number {
    return MAX_TRIES - this.settings.get().pinWrongTries;
  }

  /** While too many wrong PINs lock the pad: when it unlocks (ms since epoch); else null. */
  get padLockedUntil(): number | null {
    // blockedUntil is on the monotonic clock; the screen wants a time of day.
    const left = this.blockedUntil - this.mono();
    return left > 0 ? this.clock.now() + left : null;
  }

  get enabled(): boolean {
    return this.forced || this.settings.get().kiosk;
  }

  /** Settings need the PIN. (Before a PIN was ever chosen nothing is locked: Settings asks for one.) */
  get locked(): boolean {
    return (
      this.enabled && this.settings.get().pinHash !== null && this.mono() >= this.unlockedUntil
    );
  }

  /** Throws unless Settings may be changed now. */
  assertUnlocked(): void {
    if (this.locked)
      throw new AppError('locked', 'Settings are locked in kiosk mode. Enter the admin PIN first.');
  }

  unlock(pin: string): void {
    this.check(pin);
    this.unlockedUntil = this.mono() + UNLOCK_MS;
  }

  lock(): void {
    this.unlockedUntil = -Infinity;
  }

  /** Turns kiosk mode on. The first time, `pin` becomes the admin PIN; after that it must match. */
  enable(pin: string): void {
    const stored = this.settings.get().pinHash;
    if (stored === null) {
      if (!isValidPin(pin)) throw new AppError('invalid-input', PIN_RULE);
      this.settings.update({ pinHash: hashPin(pin), kiosk: true });
    } else {
      this.check(pin);
      this.settings.update({ kiosk: true });
    }
    this.unlockedUntil = -Infinity;
  }

  /** Leaves kiosk mode (needs the PIN). */
  disable(pin: string): void {
    this.check(pin);
    this.forced = false;
    this.settings.update({ kiosk: false });
  }

  /**
   * Throws unless `pin` is the admin PIN (counted like any try). With no PIN chosen and kiosk
   * mode off, anything passes: there is nothing to protect yet.
   */
  check(pin: string): void {
    const left = this.blockedUntil - this.mono();
    if (left > 0) {
      throw new AppError(
        'locked',
        `Too many wrong PINs. Try again in ${Math.ceil(left / 1000)} s.`,
      );
    }
    const stored = this.settings.get().pinHash;
    if (stored === null) {
      if (!this.enabled) return;
      throw new AppError(
        'needs-user',
        'No admin PIN has been chosen yet: turn kiosk mode on from Settings to choose one.',
      );
    }
    if (!verifyPin(pin, stored)) {
      const tries = this.settings.get().pinWrongTries + 1;
      if (tries >= MAX_TRIES) {
        this.blockedUntil = this.mono() + LOCKOUT_MS;
        this.settings.update({ pinWrongTries: 0, pinLockedUntil: this.clock.now() + LOCKOUT_MS });
      } else {
        this.settings.update({ pinWrongTries: tries });
      }
      throw new AppError('locked', 'That PIN is not right.');
    }
    if (this.settings.get().pinWrongTries !== 0 || this.settings.get().pinLockedUntil !== null)
      this.settings.update({ pinWrongTries: 0, pinLockedUntil: null });
  }

  private mono(): number {
    return monotonicNow(this.clock);
  }
}
