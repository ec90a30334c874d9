import crypto from 'node:crypto';
import { PIN_DIGITS } from '../../preload/api';

/** scrypt cost: ~50 ms on a laptop, so guessing a PIN of 6 or more digits offline is slow. */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export const PIN_RULE = `The admin PIN is ${PIN_DIGITS.min} to ${PIN_DIGITS.max} digits.`;

const NEW_PIN = new RegExp(`^\\d{${PIN_DIGITS.min},${PIN_DIGITS.max}}$`);

/** A new PIN: 6 to 12 digits (a PIN chosen before this rule still unlocks). */
export function isValidPin(pin: string): boolean {
  return NEW_PIN.test(pin);
}

/** A slow, salted hash of the admin PIN: "scrypt$N$r$p$salt$hash" (hex). */
export function hashPin(pin: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(pin, salt, KEY_LENGTH, {
    N,
    r: R,
    p: P,
    maxmem: 64 * 1024 * 1024,
  });
  return ['scrypt', N, R, P, salt.toString('hex'), hash.toString('hex')].join('$');
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = crypto.scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return crypto.timingSafeEqual(actual, expected);
}
