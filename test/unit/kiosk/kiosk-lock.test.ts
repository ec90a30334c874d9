import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../doubles/manual-clock';
import { KioskLock } from '../../../main/kiosk/kiosk-lock';
import { isValidPin } from '../../../main/kiosk/pin';
import { MemorySettingsStore } from '../../doubles/memory-settings-store';

const PIN = '246802';

function kioskWithPin(): { settings: MemorySettingsStore; clock: ManualClock; lock: KioskLock } {
  const settings = new MemorySettingsStore();
  const clock = new ManualClock();
  const lock = new KioskLock(settings, clock, false);
  lock.enable(PIN);
  return { settings, clock, lock };
}

const fiveWrong = (lock: KioskLock) => {
  for (let i = 0; i < 5; i++) expect(() => lock.unlock('000000')).toThrow(/not right/);
};

describe('the admin PIN', () => {
  it('is 6 or more digits', () => {
    expect(isValidPin('12345')).toBe(false);
    expect(isValidPin('123456')).toBe(true);
    expect(isValidPin('123456789012')).toBe(true);
    expect(isValidPin('12345a')).toBe(false);
    expect(() =>
      new KioskLock(new MemorySettingsStore(), new ManualClock(), false).enable('4321'),
    ).toThrow(/6 to 12 digits/);
  });

  it('locks the pad after five wrong tries, and a restart does not unlock it', () => {
    const { settings, clock, lock } = kioskWithPin();
    fiveWrong(lock);
    expect(() => lock.unlock(PIN)).toThrow(/Too many wrong PINs/);
    const restarted = new KioskLock(settings, clock, false);
    expect(() => restarted.unlock(PIN)).toThrow(/Too many wrong PINs/);
    clock.advance(61_000);
    expect(() => restarted.unlock(PIN)).not.toThrow();
  });

  it('keeps counting wrong tries across a restart', () => {
    const { settings, clock, lock } = kioskWithPin();
    for (let i = 0; i < 4; i++) expect(() => lock.unlock('000000')).toThrow(/not right/);
    const restarted = new KioskLock(settings, clock, false);
    expect(() => restarted.unlock('000000')).toThrow(/not right/);
    expect(() => restarted.unlock(PIN)).toThrow(/Too many wrong PINs/);
  });

  it('a lockout follows the monotonic clock: setting the laptop clock neither ends nor stretches it', () => {
    const { clock, lock } = kioskWithPin();
    fiveWrong(lock);
    clock.set(clock.now() + 24 * 60 * 60_000);
    expect(() => lock.unlock(PIN)).toThrow(/Too many wrong PINs/);
    clock.set(clock.now() - 48 * 60 * 60_000);
    clock.advance(61_000);
    expect(() => lock.unlock(PIN)).not.toThrow();
  });

  it('a stored lockout is capped at one minute from now (a clock set back before the restart)', () => {
    const { settings, clock } = kioskWithPin();
    settings.update({ pinLockedUntil: clock.now() + 60 * 60_000 });
    const restarted = new KioskLock(settings, clock, false);
    clock.advance(61_000);
    expect(() => restarted.unlock(PIN)).not.toThrow();
  });

  it('unlocks Settings for ten minutes of monotonic time', () => {
    const { clock, lock } = kioskWithPin();
    lock.unlock(PIN);
    clock.set(clock.now() + 60 * 60_000);
    expect(lock.locked).toBe(false);
    clock.advance(10 * 60_000);
    expect(lock.locked).toBe(true);
  });
});

/** The kind of the AppError `fn` throws (undefined when it does not throw). */
function kindThrown(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { kind?: string }).kind;
  }
}

describe('kiosk mode and Settings', () => {
  it('protects nothing before a PIN is chosen and kiosk mode is off', () => {
    const lock = new KioskLock(new MemorySettingsStore(), new ManualClock(), false);
    expect([lock.enabled, lock.locked]).toEqual([false, false]);
    expect(() => lock.assertUnlocked()).not.toThrow();
    expect(() => lock.check('')).not.toThrow();
  });

  it('started with --kiosk before any PIN: kiosk mode, Settings open to choose one, no PIN to check', () => {
    const lock = new KioskLock(new MemorySettingsStore(), new ManualClock(), true);
    expect([lock.enabled, lock.locked]).toEqual([true, false]);
    expect(kindThrown(() => lock.check('246802'))).toBe('needs-user');
  });

  it('locks Settings once kiosk mode is on; the PIN unlocks them and lock() locks them again', () => {
    const { settings, lock } = kioskWithPin();
    expect(settings.get().kiosk).toBe(true);
    expect([lock.enabled, lock.locked]).toEqual([true, true]);
    expect(kindThrown(() => lock.assertUnlocked())).toBe('locked');
    lock.unlock(PIN);
    expect(lock.locked).toBe(false);
    expect(() => lock.assertUnlocked()).not.toThrow();
    lock.lock();
    expect(kindThrown(() => lock.assertUnlocked())).toBe('locked');
  });

  it('turning kiosk mode on again, or off, needs the PIN chosen the first time', () => {
    const { settings, lock } = kioskWithPin();
    expect(kindThrown(() => lock.disable('135791'))).toBe('locked');
    expect([lock.enabled, settings.get().kiosk]).toEqual([true, true]);
    lock.disable(PIN);
    expect([lock.enabled, lock.locked, settings.get().kiosk]).toEqual([false, false, false]);
    expect(kindThrown(() => lock.enable('135791'))).toBe('locked');
    expect(lock.enabled).toBe(false);
    lock.enable(PIN);
    expect([lock.enabled, lock.locked]).toEqual([true, true]);
  });

  it('leaving kiosk mode with the PIN also ends a --kiosk start', () => {
    const settings = new MemorySettingsStore();
    const clock = new ManualClock();
    new KioskLock(settings, clock, false).enable(PIN);
    const lock = new KioskLock(settings, clock, true);
    lock.disable(PIN);
    expect(lock.enabled).toBe(false);
  });

  it('tells how many tries are left and when the pad opens again; a right PIN starts the count again', () => {
    const { clock, lock } = kioskWithPin();
    expect(lock.triesLeft).toBe(5);
    expect(() => lock.unlock('000000')).toThrow(/not right/);
    expect(() => lock.unlock('000000')).toThrow(/not right/);
    expect(lock.triesLeft).toBe(3);
    lock.unlock(PIN);
    expect(lock.triesLeft).toBe(5);
    expect(lock.padLockedUntil).toBeNull();
    fiveWrong(lock);
    expect(lock.padLockedUntil).toBe(clock.now() + 60_000);
    clock.advance(60_000);
    expect(lock.padLockedUntil).toBeNull();
  });
});
