import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { errorFields, type Logger } from '../logs/logger';
import { createFileExclusive, ensurePrivateDir, writeFileAtomic } from '../storage/durable-file';
import type { SecretProtector, SecretStore } from './protector';
import { SealedValue, sealValue, unsealValue } from './sealed-value';

/**
 * The store key: 32 random bytes that seal personal fields in IndexedDB (handed to the renderer
 * over `store.key`) and the host journal. Made on first use and kept like the device secret.
 *
 * Losing it loses every sealed record, so it is never replaced behind anyone's back: a file that
 * cannot be read or opened is reported (`unavailable`) and left for IT, not overwritten.
 */
const StoreKeyFile = z.strictObject({ v: z.literal(1), createdAt: z.iso.datetime(), key: SealedValue });
type StoreKeyFile = z.infer<typeof StoreKeyFile>;

export const STORE_KEY_BYTES = 32;

export type StoreKeyResult = { ok: true; key: Buffer; store: SecretStore } | { ok: false; message: string };

export type StoreKeyHolder = { get(): Promise<StoreKeyResult> };

export function createStoreKeyHolder(options: { dir: string; file: string; protector: SecretProtector; logger: Logger; now?: () => Date }): StoreKeyHolder {
  const log = options.logger.child('secrets');
  const now = options.now ?? (() => new Date());
  const { file, protector } = options;
  /** One in-flight load: concurrent first calls must not each make a different key. */
  let loading: Promise<StoreKeyResult> | undefined;

  const unavailable = (why: string): StoreKeyResult => ({
    ok: false,
    message: `The store key (${file}) cannot be used: ${why}. Sealed data on this kiosk stays unreadable until IT restores it.`,
  });

  async function read(): Promise<StoreKeyResult | 'missing'> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      log.error('secrets.store_key_unreadable', errorFields(error));
      return unavailable(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let parsed: StoreKeyFile;
    try {
      parsed = StoreKeyFile.parse(JSON.parse(text));
    } catch {
      log.error('secrets.store_key_damaged', { file });
      return unavailable('the file is damaged');
    }
    const opened = await unsealValue(protector, parsed.key);
    if (!opened.ok) {
      log.error('secrets.store_key_unreadable', { file, store: parsed.key.store });
      return unavailable(opened.reason);
    }
    const key = Buffer.from(opened.plain, 'base64url');
    if (key.length !== STORE_KEY_BYTES) return unavailable('the key has the wrong length');
    if (opened.reseal) {
      try {
        const resealed: StoreKeyFile = { ...parsed, key: await sealValue(protector, opened.plain) };
        await writeFileAtomic(file, `${JSON.stringify(resealed)}\n`);
        log.info('secrets.resealed', { what: 'store key', store: protector.store });
        return { ok: true, key, store: protector.store };
      } catch (error) {
        log.warn('secrets.reseal_failed', errorFields(error));
      }
    }
    return { ok: true, key, store: parsed.key.store };
  }

  async function load(): Promise<StoreKeyResult> {
    const existing = await read();
    if (existing !== 'missing') return existing;
    const key = randomBytes(STORE_KEY_BYTES);
    const content: StoreKeyFile = { v: 1, createdAt: now().toISOString(), key: await sealValue(protector, key.toString('base64url')) };
    try {
      await ensurePrivateDir(options.dir);
      if (await createFileExclusive(file, `${JSON.stringify(content)}\n`)) {
        log.info('secrets.store_key_created', { store: protector.store });
        return { ok: true, key, store: protector.store };
      }
    } catch (error) {
      log.error('secrets.store_key_create_failed', errorFields(error));
      return unavailable(`it could not be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // Another process made it between our read and our create: use theirs.
    const theirs = await read();
    return theirs === 'missing' ? unavailable('it vanished while being created') : theirs;
  }

  return {
    async get() {
      loading ??= load();
      const result = await loading;
      // A failure is not kept: the keyring may come up, or IT may fix the file, while we run.
      if (!result.ok) loading = undefined;
      return result;
    },
  };
}
