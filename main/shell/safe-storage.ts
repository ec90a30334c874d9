import { safeStorage } from 'electron';
import type { Cipher } from '../secrets';

/** The OS keychain (DPAPI, Keychain, libsecret) through Electron's safeStorage. */
export const safeStorageCipher: Cipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(data),
  // Electron's docs: with the `basic_text` backend a hard-coded password protects the secret.
  weakness: () =>
    process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
      ? 'This computer has no keyring, so the API key is stored with a fixed password anyone with this computer could use. Install and unlock a keyring (GNOME Keyring or KWallet) before entering real credentials.'
      : null,
};
