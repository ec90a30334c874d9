import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './app-error';
import type { CallerRegistration } from './runsignup/caller-registration';
import { callerRegistrationSchema } from './runsignup/caller-registration';
import type { Credentials } from './runsignup/credentials';
import { credentialsSchema } from './runsignup/credentials';

/**
 * Where credentials live: the race's key (or token), and apart from it the app's API caller
 * registration (docs/RUNSIGNUP.md §7), which outlives a race switch or "forget the
 * credentials". Neither ever reaches the renderer; it only learns their kind / reg id.
 */
export interface SecretStore {
  load(): Credentials | null;
  save(credentials: Credentials): void;
  clear(): void;
  loadCaller(): CallerRegistration | null;
  saveCaller(registration: CallerRegistration): void;
  clearCaller(): void;
  /** Why stored credentials exist but cannot be read (the keychain changed), or null. */
  unreadable?(): string | null;
  /** A weakness of the storage the user must know about (Linux without a keyring), or null. */
  weakness?(): string | null;
}

/** Encrypts and decrypts with the OS keychain (Electron's safeStorage in the app; a stand-in in tests). */
export interface Cipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
  /** Set when the encryption is weak (Electron's `basic_text` backend on Linux). */
  weakness?(): string | null;
}

export const MISSING_CREDENTIALS =
  'No RunSignup credentials are stored for this race (the RunSignup address changed, or they were removed). Every result is kept and counted; sending is paused until you enter the credentials again in Settings.';

export const UNREADABLE_CREDENTIALS =
  "The stored RunSignup credentials could not be read with this computer's keychain (it may have changed). Every result is kept and counted; sending is paused until you enter the credentials again in Settings.";

/** One JSON value encrypted with a Cipher into one file. */
class EncryptedJsonFile<T> {
  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
    private readonly schema: z.ZodType<T>,
    private readonly what: string,
  ) {}

  /** The value; `unreadable` when the file exists but cannot be decrypted or parsed. */
  read(): { value: T | null; unreadable: boolean } {
    if (!fs.existsSync(this.file)) return { value: null, unreadable: false };
    try {
      const plain = this.cipher.decrypt(fs.readFileSync(this.file));
      const parsed = this.schema.safeParse(JSON.parse(plain));
      return parsed.success
        ? { value: parsed.data, unreadable: false }
        : { value: null, unreadable: true };
    } catch {
      return { value: null, unreadable: true };
    }
  }

  save(value: T): void {
    if (!this.cipher.isAvailable()) {
      throw new AppError(
        'needs-user',
        `This computer offers no secure storage (keychain) for the ${this.what}, so it was NOT saved. Sign in to the computer's keychain (on Linux: a keyring such as GNOME Keyring or KWallet), then try again.`,
      );
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, this.cipher.encrypt(JSON.stringify(this.schema.parse(value))), {
      mode: 0o600,
    });
    fs.renameSync(tmp, this.file);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}

/**
 * Credentials encrypted with a Cipher into `file` in the data folder; the caller registration
 * likewise into `caller-registration.bin` beside it.
 */
export class EncryptedFileSecretStore implements SecretStore {
  private readonly credentials: EncryptedJsonFile<Credentials>;
  private readonly caller: EncryptedJsonFile<CallerRegistration>;

  constructor(
    file: string,
    private readonly cipher: Cipher,
  ) {
    this.credentials = new EncryptedJsonFile(file, cipher, credentialsSchema, 'API key');
    this.caller = new EncryptedJsonFile(
      path.join(path.dirname(file), 'caller-registration.bin'),
      cipher,
      callerRegistrationSchema,
      'API caller registration',
    );
  }

  load(): Credentials | null {
    return this.credentials.read().value;
  }
  unreadable(): string | null {
    return this.credentials.read().unreadable ? UNREADABLE_CREDENTIALS : null;
  }
  weakness(): string | null {
    return this.cipher.weakness?.() ?? null;
  }
  save(credentials: Credentials): void {
    this.credentials.save(credentials);
  }
  clear(): void {
    this.credentials.clear();
  }
  loadCaller(): CallerRegistration | null {
    return this.caller.read().value;
  }
  saveCaller(registration: CallerRegistration): void {
    this.caller.save(registration);
  }
  clearCaller(): void {
    this.caller.clear();
  }
}
