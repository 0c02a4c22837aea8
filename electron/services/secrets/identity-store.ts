import { readFileSync } from 'node:fs';
import { chmod, readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { AreaCode } from '../../../core/config/office-config';
import { DeviceId } from '../../../core/contract/central-api';
import { KioskNumber } from '../../../core/contract/queue';
import { TlsPin } from '../../../core/contract/enrolment-code';
import { errorFields, type Logger } from '../logs/logger';
import { ensurePrivateDir, POSIX_FILES, writeFileAtomic } from '../storage/durable-file';
import type { SecretProtector, SecretStore } from './protector';
import { SealedValue, sealValue, unsealValue } from './sealed-value';
import { checkServerUrl, type Transport } from './server-url';

/**
 * The device identity IT staff give a kiosk by enrolling it: who it is, which office, which
 * server, and the secret it signs requests with. Public fields are plain JSON (so
 * `npm run kiosk -- status` and the CSP can read them without a keyring); the secret is sealed.
 *
 * The file is read again whenever it changed on disk, so a kiosk enrolled while it runs starts
 * syncing without a restart.
 */
export const DeviceFile = z
  .strictObject({
    v: z.literal(1),
    deviceId: DeviceId,
    officeCode: AreaCode,
    serverUrl: z.url({ protocol: /^https?$/u }).describe('Base URL of the central API, no trailing slash'),
    tlsPin: TlsPin.optional().describe("https only: the server certificate's key, from the enrolment token; every connection must present it"),
    insecureLan: z.literal(true).optional().describe('Enrolled with --insecure-lan: plain http to another machine, for a closed test LAN only'),
    serverPublicKey: z.string().min(1),
    kioskNumber: KioskNumber.optional().describe('From enrolment (servers since queue numbers); otherwise learnt from the first queue answer'),
    name: z.string(),
    enrolledAt: z.iso.datetime(),
    secret: SealedValue,
  })
  .superRefine((file, ctx) => {
    // The same rules as at enrolment, so a hand-edited or old file cannot turn them off.
    const problem = transportProblem(file);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['serverUrl'], message: problem });
  });
export type DeviceFile = z.infer<typeof DeviceFile>;

export type Enrolment = Omit<DeviceFile, 'v' | 'secret'>;
export type StoredIdentity = Enrolment & { secretStore: SecretStore };

export type IdentityState = { kind: 'none' } | { kind: 'enrolled'; identity: StoredIdentity } | { kind: 'damaged'; reason: string };

function transportProblem(file: Pick<DeviceFile, 'serverUrl' | 'tlsPin' | 'insecureLan'>): string | undefined {
  const checked = checkServerUrl(file.serverUrl, { insecureLan: file.insecureLan === true });
  if (!checked.ok) return `${checked.message}; re-enrol the kiosk`;
  if (checked.value.transport === 'https' && file.tlsPin === undefined) return 'an https:// server without a pinned key (enrolled before pinning); re-enrol the kiosk with a new token';
  return undefined;
}

/** How this identity reaches its server; the file's rules (above) make this total. */
export function transportOf(identity: Pick<DeviceFile, 'serverUrl' | 'insecureLan'>): Transport {
  const checked = checkServerUrl(identity.serverUrl, { insecureLan: identity.insecureLan === true });
  return checked.ok ? checked.value.transport : 'insecure-lan';
}

function publicPart(file: DeviceFile): StoredIdentity {
  const { deviceId, officeCode, serverUrl, tlsPin, insecureLan, serverPublicKey, kioskNumber, name, enrolledAt } = file;
  return {
    deviceId,
    officeCode,
    serverUrl,
    ...(tlsPin === undefined ? {} : { tlsPin }),
    ...(insecureLan === undefined ? {} : { insecureLan }),
    serverPublicKey,
    ...(kioskNumber === undefined ? {} : { kioskNumber }),
    name,
    enrolledAt,
    secretStore: file.secret.store,
  };
}

function parseDeviceFile(text: string): { ok: true; file: DeviceFile } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the device identity file is not valid JSON' };
  }
  const parsed = DeviceFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `the device identity file is invalid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})` };
  }
  return { ok: true, file: parsed.data };
}

/**
 * Synchronous read of the public part, for places that cannot wait (building a response's CSP
 * header). A small file; the OS cache makes this cheap.
 */
export function readIdentitySync(deviceFile: string): IdentityState {
  let text: string;
  try {
    text = readFileSync(deviceFile, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'none' } : { kind: 'damaged', reason: `cannot read ${deviceFile}` };
  }
  const parsed = parseDeviceFile(text);
  return parsed.ok ? { kind: 'enrolled', identity: publicPart(parsed.file) } : { kind: 'damaged', reason: parsed.reason };
}

/** The origin the renderer may `fetch()` (CSP connect-src): the enrolled server's, or none. */
export function serverOriginOf(state: IdentityState): string | undefined {
  return state.kind === 'enrolled' ? new URL(state.identity.serverUrl).origin : undefined;
}

export type SigningKey = { identity: StoredIdentity; secret: Buffer };
export type SigningKeyResult = { ok: true; key: SigningKey } | { ok: false; code: 'not_enrolled' | 'unavailable'; message: string };

export type IdentityStore = {
  readonly file: string;
  state(): Promise<IdentityState>;
  /** The secret, unsealed, for the signer only: it must never be returned over the bridge or logged. */
  signingKey(): Promise<SigningKeyResult>;
  save(enrolment: Enrolment, secret: string): Promise<StoredIdentity>;
};

export const NOT_ENROLLED_MESSAGE = 'This kiosk is not enrolled with the central API: IT staff run "npm run kiosk -- enrol --server URL --token TOKEN" on it.';

export function createIdentityStore(options: { dir: string; file: string; protector: SecretProtector; logger: Logger }): IdentityStore {
  const log = options.logger.child('secrets');
  const { file, protector } = options;
  /** Keyed by the file's inode, size and mtime: a re-enrolment (atomic rename) changes the inode. */
  let cached: { stamp: string; key: SigningKey } | undefined;
  const stampOf = (info: { ino: number; size: number; mtimeMs: number }) => `${info.ino}:${info.size}:${info.mtimeMs}`;

  async function readDeviceFile(): Promise<{ kind: 'none' } | { kind: 'ok'; file: DeviceFile; stamp: string } | { kind: 'damaged'; reason: string }> {
    let info;
    let text;
    try {
      info = await stat(file);
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      log.error('secrets.identity_unreadable', errorFields(error));
      return { kind: 'damaged', reason: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (POSIX_FILES && (info.mode & 0o077) !== 0) {
      // Copied with a loose umask or by hand: close it again rather than refuse to run.
      await chmod(file, 0o600);
      log.warn('secrets.mode_tightened', { file, mode: (info.mode & 0o777).toString(8) });
    }
    const parsed = parseDeviceFile(text);
    if (!parsed.ok) return { kind: 'damaged', reason: parsed.reason };
    return { kind: 'ok', file: parsed.file, stamp: stampOf(info) };
  }

  /** The cached key if the file is still the one it was read from (and still private); else undefined. */
  async function cachedWhileUnchanged(): Promise<SigningKey | undefined> {
    const held = cached;
    if (held === undefined) return undefined;
    try {
      const info = await stat(file);
      if (POSIX_FILES && (info.mode & 0o077) !== 0) return undefined;
      return stampOf(info) === held.stamp ? held.key : undefined;
    } catch {
      // Gone or unreadable: the full read says which.
      return undefined;
    }
  }

  async function write(content: DeviceFile): Promise<void> {
    await ensurePrivateDir(options.dir);
    await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`);
  }

  return {
    file,
    async state() {
      const read = await readDeviceFile();
      switch (read.kind) {
        case 'none':
          return { kind: 'none' };
        case 'damaged':
          return { kind: 'damaged', reason: read.reason };
        case 'ok':
          return { kind: 'enrolled', identity: publicPart(read.file) };
      }
    },
    async signingKey() {
      // Every signed request asks: while the file is unchanged on disk, a stat is all it costs.
      const unchanged = await cachedWhileUnchanged();
      if (unchanged !== undefined) return { ok: true, key: unchanged };
      const read = await readDeviceFile();
      if (read.kind === 'none') return { ok: false, code: 'not_enrolled', message: NOT_ENROLLED_MESSAGE };
      if (read.kind === 'damaged') return { ok: false, code: 'unavailable', message: `The device identity cannot be used: ${read.reason}. Re-enrol the kiosk (npm run kiosk -- enrol --force …).` };
      if (cached?.stamp === read.stamp) return { ok: true, key: cached.key };
      const opened = await unsealValue(protector, read.file.secret);
      if (!opened.ok) {
        log.error('secrets.secret_unreadable', { file, store: read.file.secret.store });
        return { ok: false, code: 'unavailable', message: `The device secret cannot be opened: ${opened.reason}. Re-enrol the kiosk (npm run kiosk -- enrol --force …).` };
      }
      // The HMAC key is the secret's text exactly as issued (see sign.ts).
      const secret = Buffer.from(opened.plain, 'utf8');
      let current = read.file;
      if (opened.reseal) {
        try {
          current = { ...read.file, secret: await sealValue(protector, opened.plain) };
          await write(current);
          log.info('secrets.resealed', { what: 'device secret', store: protector.store });
        } catch (error) {
          // Still usable as it is; sealing it better can wait for the next start.
          current = read.file;
          log.warn('secrets.reseal_failed', errorFields(error));
        }
      }
      const key = { identity: publicPart(current), secret };
      // After a reseal the file changed under us: the next call reads its new stamp once.
      cached = opened.reseal ? undefined : { stamp: read.stamp, key };
      return { ok: true, key };
    },
    async save(enrolment, secret) {
      // Parsed as it will be read back: an identity the host would refuse is never written.
      const content = DeviceFile.parse({ v: 1, ...enrolment, secret: await sealValue(protector, secret) });
      await write(content);
      cached = undefined;
      log.info('secrets.enrolled', { deviceId: enrolment.deviceId, officeCode: enrolment.officeCode, store: protector.store });
      return publicPart(content);
    },
  };
}
