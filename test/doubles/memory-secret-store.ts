import type { CallerRegistration } from '../../main/runsignup/caller-registration';
import { callerRegistrationSchema } from '../../main/runsignup/caller-registration';
import type { Credentials } from '../../main/runsignup/credentials';
import { credentialsSchema } from '../../main/runsignup/credentials';
import type { SecretStore } from '../../main/secrets';

/** Keeps credentials in memory only (the web host, the chaos child and tests). */
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
