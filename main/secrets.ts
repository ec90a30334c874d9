import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Credentials } from './runsignup/credentials';

/** Where credentials live. They never reach the renderer; it only learns `kind()`. */
export interface SecretStore {
  load(): Credentials | null;
  save(credentials: Credentials): void;
  clear(): void;
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

/** Credentials encrypted with a Cipher into one file in the data folder. */
export class EncryptedFileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  load(): Credentials | null {
    if (!fs.existsSync(this.file)) return null;
    try {
      const plain = this.cipher.decrypt(fs.readFileSync(this.file));
      const parsed = credentialsSchema.safeParse(JSON.parse(plain));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  save(credentials: Credentials): void {
    if (!this.cipher.isAvailable()) {
      throw new Error(
        'This computer offers no secure storage for the API key, so it cannot be saved.',
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
