/**
 * Where the host keeps its secrets (the device secret, the store key). A port with two adapters:
 *
 * - `safe-storage`: Electron's safeStorage, i.e. the OS keyring (libsecret/KWallet on Linux,
 *   DPAPI on Windows, Keychain on macOS). The file on disk holds only ciphertext.
 * - `key-file`: the value itself, in a 0600 file only the kiosk user can read. The web host has no
 *   keyring API, and on Linux without a running keyring (a cage-only kiosk session) safeStorage
 *   silently falls back to a key hard-coded in Chromium (`basic_text`), which protects nothing
 *   while looking as if it did. An honest plain file, flagged to IT, is better than that.
 *
 * Nothing here imports Electron: main.ts hands its `safeStorage` in, typed structurally.
 */
export type SecretStore = 'safe-storage' | 'key-file';

export interface SecretProtector {
  readonly store: SecretStore;
  /** Plain words for IT: why this store is used (health.check, `npm run kiosk -- status`). */
  readonly reason: string;
  seal(plain: string): Promise<Buffer>;
  /** `reseal` is true when the keyring asks for the value to be sealed again (key rotated). */
  unseal(sealed: Buffer): Promise<{ plain: string; reseal: boolean }>;
}

export function keyFileProtector(reason: string): SecretProtector {
  return {
    store: 'key-file',
    reason,
    seal: async (plain) => Buffer.from(plain, 'utf8'),
    unseal: async (sealed) => ({ plain: sealed.toString('utf8'), reseal: false }),
  };
}

/** The parts of Electron's `safeStorage` used here (the async API; the sync one is deprecated in Electron 45). */
export type SafeStorageLike = {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plain: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only: which keyring Chromium picked. */
  getSelectedStorageBackend?: () => string;
};

/** Linux backends that are a real keyring. `basic_text` is the hard-coded key; `unknown` means "asked before ready". */
const KEYRING_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export const WEB_HOST_REASON = 'The web host has no system keyring: the device secret and store key are in files only the kiosk user can read (mode 0600).';

/**
 * Picks safeStorage only when it is backed by a real keyring; otherwise the key file, with the
 * reason in words. Call after Electron's `ready` (before it the backend reads `unknown`).
 */
export async function chooseSecretProtector(safeStorage: SafeStorageLike | undefined, platform: NodeJS.Platform): Promise<SecretProtector> {
  if (safeStorage === undefined) return keyFileProtector(WEB_HOST_REASON);
  let available = false;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) {
    return keyFileProtector('Electron safeStorage is not available on this machine: the device secret and store key are in files only the kiosk user can read (mode 0600).');
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (!KEYRING_BACKENDS.has(backend)) {
      return keyFileProtector(
        `No system keyring is running (Electron safeStorage backend "${backend}" would use a key built into Chromium): ` +
          'the device secret and store key are in files only the kiosk user can read (mode 0600). Acceptable for a dedicated kiosk user; run a keyring (gnome-keyring) to seal them.',
      );
    }
    return safeStorageProtector(safeStorage, `Sealed by the system keyring (${backend}).`);
  }
  return safeStorageProtector(safeStorage, 'Sealed by the operating system keystore.');
}

export function safeStorageProtector(safeStorage: SafeStorageLike, reason: string): SecretProtector {
  return {
    store: 'safe-storage',
    reason,
    seal: (plain) => safeStorage.encryptStringAsync(plain),
    unseal: async (sealed) => {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
      return { plain: result, reseal: shouldReEncrypt };
    },
  };
}
