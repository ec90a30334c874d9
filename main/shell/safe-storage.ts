import { safeStorage } from 'electron';
import type { Cipher } from '../secrets';

/** The OS keychain (DPAPI, Keychain, libsecret) through Electron's safeStorage. */
export const safeStorageCipher: Cipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
};
