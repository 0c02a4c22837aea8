import type { Sealed } from '../db/db';

/**
 * Personal data at rest in IndexedDB is sealed with AES-256-GCM (WebCrypto). The key comes from the
 * host over the bridge (`store.key`) and is imported non-extractable, so page script can use it but
 * never read it back out; a copied IndexedDB directory alone reveals nothing personal.
 */
export async function importStoreKey(base64url: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64Url(base64url), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
  return { iv: toBase64Url(iv), data: toBase64Url(data) };
}

/** Throws when the data was tampered with or sealed under another key (GCM authentication). */
export async function unseal(key: CryptoKey, sealed: Sealed): Promise<unknown> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(sealed.iv) }, key, fromBase64Url(sealed.data));
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}

/**
 * The TC39 base64 methods (Chromium 140 and later, Node 25), where there are: the loop over
 * atob/btoa below was about 7% of the sync worker's busy time in an upload (every payload is
 * decoded to be unsealed). Node 20, where the unit tests run, has neither, and takes the loop.
 */
type NativeBase64 = { fromBase64?: (text: string, options: { alphabet: 'base64url' }) => Uint8Array<ArrayBuffer> };
type NativeToBase64 = { toBase64?: (options: { alphabet: 'base64url'; omitPadding: true }) => string };
const nativeFromBase64 = (Uint8Array as NativeBase64).fromBase64?.bind(Uint8Array);

export function toBase64Url(bytes: Uint8Array): string {
  const native = (bytes as NativeToBase64).toBase64;
  if (native !== undefined) return native.call(bytes, { alphabet: 'base64url', omitPadding: true });
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/u, '');
}

/** Throws on text that is not base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (nativeFromBase64 !== undefined) return nativeFromBase64(text, { alphabet: 'base64url' });
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
