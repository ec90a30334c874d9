import type { CallerRegistration } from '../../main/runsignup/caller-registration';
import { callerRegistrationSchema } from '../../main/runsignup/caller-registration';
import type { Credentials } from '../../main/runsignup/credentials';
import { credentialsSchema } from '../../main/runsignup/credentials';
import type { SecretStore } from '../../main/secrets';

/** Keeps credentials in memory only (the web host, the chaos child and tests). */
export class MemorySecretStore implements SecretStore {
  constructor(
    private credentials: Credentials | null = null,
    private caller: CallerRegistration | null = null,
  ) {}

  load = (): Credentials | null => this.credentials;
  save = (credentials: Credentials): void => {
    this.credentials = credentialsSchema.parse(credentials);
  };
  clear = (): void => {
    this.credentials = null;
  };

  loadCaller = (): CallerRegistration | null => this.caller;
  saveCaller = (registration: CallerRegistration): void => {
    this.caller = callerRegistrationSchema.parse(registration);
  };
  clearCaller = (): void => {
    this.caller = null;
  };
}
