import { z } from 'zod';
import type { SecretProtector, SecretStore } from './protector';

/**
 * A secret as stored in a JSON file: which store sealed it, and the bytes (base64url). For
 * `key-file` the bytes are the value itself (the 0600 file mode is the protection); for
 * `safe-storage` they are the keyring's ciphertext.
 */
export const SealedValue = z.strictObject({
  store: z.enum(['safe-storage', 'key-file']),
  data: z.string().regex(/^[A-Za-z0-9_-]*$/u),
});
export type SealedValue = z.infer<typeof SealedValue>;

export async function sealValue(protector: SecretProtector, plain: string): Promise<SealedValue> {
  return { store: protector.store, data: (await protector.seal(plain)).toString('base64url') };
}

export type Unsealed = { ok: true; plain: string; reseal: boolean } | { ok: false; reason: string };

/**
 * Opens a sealed value with the protector this shell has. A key-file value opened where a keyring
 * runs is marked for resealing, so `npm run kiosk -- enrol` (plain Node, no keyring) hands the
 * secret to the keyring at the Electron kiosk's next start. The other way cannot work: a value the
 * keyring sealed stays unreadable without it, and is reported, never replaced.
 */
export async function unsealValue(protector: SecretProtector, value: SealedValue): Promise<Unsealed> {
  const bytes = Buffer.from(value.data, 'base64url');
  if (value.store === 'key-file') {
    return { ok: true, plain: bytes.toString('utf8'), reseal: protector.store !== 'key-file' };
  }
  if (protector.store !== 'safe-storage') {
    return { ok: false, reason: 'it was sealed by the system keyring (Electron safeStorage), which this shell cannot use' };
  }
  try {
    const opened = await protector.unseal(bytes);
    return { ok: true, plain: opened.plain, reseal: opened.reseal };
  } catch {
    return { ok: false, reason: 'the system keyring could not open it (the keyring was reset, or the file comes from another machine or user)' };
  }
}

export function storeWords(store: SecretStore): string {
  switch (store) {
    case 'safe-storage':
      return 'the system keyring (Electron safeStorage)';
    case 'key-file':
      return 'a key file readable only by the kiosk user (mode 0600)';
  }
}
