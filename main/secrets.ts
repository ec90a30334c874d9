import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CallerRegistration } from './runsignup/caller-registration';
import { callerRegistrationSchema } from './runsignup/caller-registration';
import type { Credentials } from './runsignup/credentials';

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
}

/** Encrypts and decrypts with the OS keychain (Electron's safeStorage in the app; a stand-in in tests). */
export interface Cipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

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

/** One JSON value encrypted with a Cipher into one file. */
class EncryptedJsonFile<T> {
  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
    private readonly schema: z.ZodType<T>,
    private readonly what: string,
  ) {}

  load(): T | null {
    if (!fs.existsSync(this.file)) return null;
    try {
      const plain = this.cipher.decrypt(fs.readFileSync(this.file));
      const parsed = this.schema.safeParse(JSON.parse(plain));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  save(value: T): void {
    if (!this.cipher.isAvailable()) {
      throw new Error(
        `This computer offers no secure storage for the ${this.what}, so it cannot be saved.`,
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

  constructor(file: string, cipher: Cipher) {
    this.credentials = new EncryptedJsonFile(file, cipher, credentialsSchema, 'API key');
    this.caller = new EncryptedJsonFile(
      path.join(path.dirname(file), 'caller-registration.bin'),
      cipher,
      callerRegistrationSchema,
      'API caller registration',
    );
  }

  load(): Credentials | null {
    return this.credentials.load();
  }
  save(credentials: Credentials): void {
    this.credentials.save(credentials);
  }
  clear(): void {
    this.credentials.clear();
  }
  loadCaller(): CallerRegistration | null {
    return this.caller.load();
  }
  saveCaller(registration: CallerRegistration): void {
    this.caller.save(registration);
  }
  clearCaller(): void {
    this.caller.clear();
  }
}

/** Keeps credentials in memory only (the web host and tests). */
export class MemorySecretStore implements SecretStore {
  constructor(
    private value: Credentials | null = null,
    private caller: CallerRegistration | null = null,
  ) {}
  loadCaller(): CallerRegistration | null {
    return this.caller;
  }
  saveCaller(registration: CallerRegistration): void {
    this.caller = callerRegistrationSchema.parse(registration);
  }
  clearCaller(): void {
    this.caller = null;
  }
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
