import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KioskError } from './kiosk-error';
import type { Credentials } from './runsignup/credentials';

/** Where credentials live. They never reach the renderer; it only learns `kind()`. */
export interface SecretStore {
  load(): Credentials | null;
  save(credentials: Credentials): void;
  clear(): void;
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

const credentialsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('v1'), apiKey: z.string().min(1), apiSecret: z.string().min(1) }),
  z.object({
    kind: z.literal('v2'),
    apiKey: z.string().min(1),
    apiSecret: z.string().min(1),
    superPartner: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('oauth'), accessToken: z.string().min(1) }),
]);

/** Credentials encrypted with a Cipher into one file in the data folder. */
export class EncryptedFileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  load(): Credentials | null {
    return this.read().credentials;
  }

  unreadable(): string | null {
    return this.read().unreadable ? UNREADABLE_CREDENTIALS : null;
  }

  weakness(): string | null {
    return this.cipher.weakness?.() ?? null;
  }

  private read(): { credentials: Credentials | null; unreadable: boolean } {
    if (!fs.existsSync(this.file)) return { credentials: null, unreadable: false };
    try {
      const plain = this.cipher.decrypt(fs.readFileSync(this.file));
      const parsed = credentialsSchema.safeParse(JSON.parse(plain));
      return parsed.success
        ? { credentials: parsed.data, unreadable: false }
        : { credentials: null, unreadable: true };
    } catch {
      return { credentials: null, unreadable: true };
    }
  }

  save(credentials: Credentials): void {
    if (!this.cipher.isAvailable()) {
      throw new KioskError(
        'needs-user',
        "This computer offers no secure storage (keychain) for the API key, so the credentials were NOT saved. Sign in to the computer's keychain (on Linux: a keyring such as GNOME Keyring or KWallet), then try again.",
      );
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(
      tmp,
      this.cipher.encrypt(JSON.stringify(credentialsSchema.parse(credentials))),
      { mode: 0o600 },
    );
    fs.renameSync(tmp, this.file);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}

/** Keeps credentials in memory only (the web host and tests). */
export class MemorySecretStore implements SecretStore {
  constructor(private value: Credentials | null = null) {}
  load(): Credentials | null {
    return this.value;
  }
  save(credentials: Credentials): void {
    this.value = credentialsSchema.parse(credentials);
  }
  clear(): void {
    this.value = null;
  }
}
