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
