/**
 * `npm run kiosk -- <command>`: IT staff's tool on a kiosk.
 *
 *   enrol --server URL --token TOKEN [--name "Loket depan"] [--data-dir DIR] [--force] [--insecure-lan]
 *   status [--data-dir DIR]
 *   browser-policy [--install] [--port N]
 *   test-print [--role receiptPrinter|documentPrinter] [--devices FILE]
 *
 * Enrolment trades the back office's one-time token for a device id and secret and keeps them in
 * the data dir, where the host (web host or Electron) finds them. Nothing here ever prints the
 * secret or the token. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
import { chown, readFile, stat } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseEnrolmentCode } from '../core/contract/enrolment-code';
import { MAX_CLOCK_SKEW_SECONDS } from '../core/contract/request-signing';
import { missingCase } from '../core/contract/result';
import { loadConfig } from '../electron/services/config/load-config';
import { DEFAULT_PORT, defaultDataDir, packageVersion, readEnvironment } from '../electron/services/environment';
import { countLiveEntries } from '../electron/services/journal/journal-format';
import { createLogger } from '../electron/services/logs/logger';
import { requestEnrolment } from '../electron/services/secrets/enrol';
import { createIdentityStore, transportOf, type IdentityStore, type StoredIdentity } from '../electron/services/secrets/identity-store';
import { keyFileProtector } from '../electron/services/secrets/protector';
import { storeWords } from '../electron/services/secrets/sealed-value';
import { checkServerUrl, INSECURE_LAN_WARNING } from '../electron/services/secrets/server-url';
import { dataPaths, type DataPaths } from '../electron/services/storage/data-paths';
import { testPrintCommand } from './devices/test-print';
import { browserPolicyCommand } from './launch/browser-policy';
import { DEFAULT_DISK_FLOOR_MB, describeBytes, floorBytesOf, freeBytesNear } from '../electron/services/storage/disk-space';

export const USAGE = `Usage: npm run kiosk -- <command> [options]

Commands:
  enrol    Enrol this kiosk with the central API using a one-time token from the back office
             --server URL     central API base URL, e.g. https://10.0.0.5:5820 (required);
                              http:// only for this machine (127.0.0.1, localhost)
             --token TOKEN    one-time enrolment token, with the server's key fingerprint after
                              the dot, exactly as the back office issued it (required)
             --name NAME      label for this kiosk, e.g. "Loket depan" (default: the host name)
             --force          replace an existing enrolment
             --insecure-lan   allow plain http:// to another machine: submissions and the device
                              secret travel UNENCRYPTED. For a closed test LAN only
  status   Show the enrolment (never the secret), unsent submissions and free disk
  browser-policy   Print Chromium's kiosk policies (no DevTools, downloads, printing, other
             pages or windows) for the web host's browser, and whether they are installed
             --install        write them to /etc/chromium/policies/managed (as root)
             --port N         the web host's port (default: PORT, else 5810)
  test-print   Print a test page and say the printer's state in plain words
             --role ROLE      receiptPrinter (default) or documentPrinter
             --devices FILE   the devices file (default: KIOSK_DEVICES, else devices.json beside office.json)

Options for every command:
  --data-dir DIR   kiosk data folder (default: KIOSK_DATA_DIR, else ${defaultDataDir()})
  -h, --help       show this help

Exit codes: 0 done, 1 failed, 2 wrong usage.`;

export type KioskIo = {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Tests only: name resolution as a LAN's DNS would answer (test servers listen on 127.0.0.1). */
  lookup?: LookupFunction;
  /** The repository (or unpacked app) root: package.json and the default office config. */
  root: string;
};

const OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  name: { type: 'string' },
  'data-dir': { type: 'string' },
  force: { type: 'boolean' },
  'insecure-lan': { type: 'boolean' },
  install: { type: 'boolean' },
  port: { type: 'string' },
  role: { type: 'string' },
  devices: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  enrol: ['server', 'token', 'name', 'data-dir', 'force', 'insecure-lan', 'help'],
  status: ['data-dir', 'help'],
  'browser-policy': ['install', 'port', 'help'],
  'test-print': ['role', 'devices', 'help'],
};

class UsageError extends Error {}

export async function runKiosk(argv: readonly string[], io: KioskIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [command, ...extra] = parsed.positionals;
    if (parsed.values.help === true) {
      io.out(USAGE);
      return 0;
    }
    if (command === undefined) throw new UsageError('no command given');
    const allowed = COMMAND_OPTIONS[command];
    if (allowed === undefined) throw new UsageError(`unknown command "${command}"`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
    const misplaced = Object.keys(parsed.values).find((name) => !allowed.includes(name));
    if (misplaced !== undefined) throw new UsageError(`${command} does not take --${misplaced}`);
  } catch (error) {
    if (!(error instanceof UsageError) && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') !== true) throw error;
    io.err(`kiosk: ${(error as Error).message}. Run "npm run kiosk -- --help" for usage.`);
    return 2;
  }
  const { values } = parsed;
  if (parsed.positionals[0] === 'browser-policy') {
    const port = values.port ?? io.env['PORT'] ?? String(DEFAULT_PORT);
    if (!/^\d{1,5}$/u.test(port) || Number(port) < 1 || Number(port) > 65535) {
      io.err('kiosk browser-policy: --port must be the web host\'s port, 1 to 65535.');
      return 2;
    }
    return browserPolicyCommand({ install: values.install === true, port: Number(port) }, io);
  }
  if (parsed.positionals[0] === 'test-print') return testPrintCommand({ role: values.role, devices: values.devices }, io);
  const dataDirOption = values['data-dir'];
  const envDataDir = io.env['KIOSK_DATA_DIR'];
  const dataDir = path.resolve(dataDirOption ?? (envDataDir !== undefined && envDataDir !== '' ? envDataDir : defaultDataDir()));
  const paths = dataPaths(dataDir);
  // A silent logger: this tool talks to a person on the terminal; the kiosk's log is the host's.
  const identity = createIdentityStore({
    dir: paths.secretsDir,
    file: paths.deviceFile,
    protector: keyFileProtector('Enrolled from the command line, which has no keyring.'),
    logger: createLogger({ level: 'error', stdout: false }),
  });

  if (parsed.positionals[0] === 'status') return status(paths, identity, io);

  if (values.server === undefined || values.token === undefined) {
    io.err(`kiosk enrol: --server and --token are both required. Run "npm run kiosk -- --help" for usage.`);
    return 2;
  }
  const insecureLan = values['insecure-lan'] === true;
  // Checked before anything is sent: plain http across a network would carry the token in clear.
  const server = checkServerUrl(values.server, { insecureLan });
  if (!server.ok) {
    io.err(`kiosk enrol: ${server.message}.`);
    return 2;
  }
  const code = parseEnrolmentCode(values.token);
  if (code === undefined || code.token.length < 16 || code.token.length > 128) {
    io.err('kiosk enrol: the token must be 16 to 128 characters, then a dot and the server key fingerprint, exactly as the back office issued it.');
    return 2;
  }
  const name = (values.name ?? hostname()).trim().slice(0, 80);
  if (name === '') {
    io.err('kiosk enrol: --name must not be empty.');
    return 2;
  }
  return enrol({ server: server.value.url, code: values.token, insecureLan, name, force: values.force === true }, paths, identity, io);
}

async function enrol(
  request: { server: string; code: string; insecureLan: boolean; name: string; force: boolean },
  paths: DataPaths,
  identity: IdentityStore,
  io: KioskIo,
): Promise<number> {
  // Checked before the token is spent: a one-time token used on an enrolled kiosk is wasted.
  const before = await identity.state();
  if (!request.force && before.kind === 'enrolled') {
    const { deviceId, officeCode, serverUrl } = before.identity;
    io.err(`kiosk enrol: this kiosk is already enrolled as ${deviceId} (office ${officeCode}, ${serverUrl}). Add --force to enrol it again under a new device id.`);
    return 1;
  }
  if (!request.force && before.kind === 'damaged') {
    io.err(`kiosk enrol: an identity file exists but cannot be read (${before.reason}). Add --force to replace it.`);
    return 1;
  }

  if (request.insecureLan) io.err(`kiosk enrol: warning: ${INSECURE_LAN_WARNING}`);
  const outcome = await requestEnrolment({
    server: request.server,
    code: request.code,
    insecureLan: request.insecureLan,
    name: request.name,
    appVersion: packageVersion(io.root),
    ...(io.lookup === undefined ? {} : { lookup: io.lookup }),
  });
  if (!outcome.ok) {
    io.err(`kiosk enrol: ${outcome.message}`);
    return outcome.kind === 'bad_url' || outcome.kind === 'bad_token' ? 2 : 1;
  }
  const { deviceId, officeCode, serverPublicKey, secret, serverTime, kioskNumber } = outcome.response;
  const transport = {
    ...(outcome.tlsPin === undefined ? {} : { tlsPin: outcome.tlsPin }),
    ...(outcome.transport === 'insecure-lan' ? { insecureLan: true as const } : {}),
    ...(kioskNumber === undefined ? {} : { kioskNumber }),
  };
  try {
    await identity.save({ deviceId, officeCode, serverUrl: outcome.serverUrl, ...transport, serverPublicKey, name: request.name, enrolledAt: new Date().toISOString() }, secret);
    await matchDataDirOwner(paths);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    io.err(
      `kiosk enrol: the server enrolled this kiosk as ${deviceId}, but the identity could not be saved in ${paths.secretsDir} (${code}). ` +
        'The token is now used up: fix the folder, ask the back office for a new token, and enrol again.',
    );
    return 1;
  }
  io.out(`Enrolled "${request.name}" as ${deviceId} for office ${officeCode} with ${outcome.serverUrl}.`);
  io.out(`Connection: ${transportWords({ serverUrl: outcome.serverUrl, ...transport })}`);
  io.out(`Device secret kept in ${paths.deviceFile}: ${storeWords('key-file')}. The Electron kiosk moves it into the system keyring at its next start when one is running.`);
  const skewSeconds = Math.round((Date.parse(serverTime) - Date.now()) / 1000);
  if (Math.abs(skewSeconds) > MAX_CLOCK_SKEW_SECONDS) {
    io.out(`Warning: this kiosk's clock is ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'behind' : 'ahead of'} the server's; signed requests are refused beyond ${MAX_CLOCK_SKEW_SECONDS} s. Fix the clock (NTP).`);
  }
  return 0;
}

/** How the kiosk reaches its server, in words for the terminal: the pin, or a loud warning. */
function transportWords(identity: Pick<StoredIdentity, 'serverUrl' | 'tlsPin' | 'insecureLan'>): string {
  const transport = transportOf(identity);
  switch (transport) {
    case 'https':
      return `https, the server's TLS key pinned (sha256 ${identity.tlsPin ?? '?'})`;
    case 'loopback':
      return 'plain http on this machine only (loopback)';
    case 'insecure-lan':
      return INSECURE_LAN_WARNING;
    default:
      return missingCase(transport);
  }
}

/**
 * IT often runs this with sudo while the kiosk runs as its own user: files left owned by root
 * would lock the kiosk out of its own identity. They take the data dir's owner instead.
 */
async function matchDataDirOwner(paths: DataPaths): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const owner = await stat(paths.dataDir);
  if (owner.uid === 0) return;
  for (const target of [paths.secretsDir, paths.deviceFile]) await chown(target, owner.uid, owner.gid);
}

async function status(paths: DataPaths, identity: IdentityStore, io: KioskIo): Promise<number> {
  let failed = false;
  io.out(`Data dir: ${paths.dataDir}`);
  const state = await identity.state();
  switch (state.kind) {
    case 'none':
      io.out('Device:   not enrolled (npm run kiosk -- enrol --server URL --token TOKEN)');
      break;
    case 'damaged':
      failed = true;
      io.out(`Device:   identity cannot be read: ${state.reason}`);
      break;
    case 'enrolled': {
      const { deviceId, name, officeCode, serverUrl, enrolledAt, secretStore } = state.identity;
      io.out(`Device:   ${deviceId} "${name}", office ${officeCode}, server ${serverUrl}, enrolled ${enrolledAt}`);
      io.out(`Secret:   in ${storeWords(secretStore)} (${paths.deviceFile})`);
      io.out(`Connection: ${transportWords(state.identity)}`);
      if (state.identity.kioskNumber !== undefined) io.out(`Queue:    kiosk K${state.identity.kioskNumber} of its office: its own queue numbers, when the server cannot be reached, read A-K${state.identity.kioskNumber}-001`);
      break;
    }
  }

  try {
    const entries = countLiveEntries(await readFile(paths.journalFile));
    io.out(`Journal:  ${entries} unsent submission${entries === 1 ? '' : 's'} (${paths.journalFile})`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.out('Journal:  none yet (made when the kiosk first starts)');
    } else {
      failed = true;
      io.out(`Journal:  cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  const floor = await diskFloor(io);
  const free = await freeBytesNear(paths.dataDir);
  io.out(`Disk:     ${describeBytes(free)} free; floor ${describeBytes(floorBytesOf(floor.mb))} (${floor.source})${free < floorBytesOf(floor.mb) ? ' — BELOW THE FLOOR: new submissions are refused' : ''}`);
  return failed ? 1 : 0;
}

async function diskFloor(io: KioskIo): Promise<{ mb: number; source: string }> {
  const env = readEnvironment(io.env, io.root);
  if (!env.ok) return { mb: DEFAULT_DISK_FLOOR_MB, source: 'default' };
  if (env.value.diskFloorMb !== undefined) return { mb: env.value.diskFloorMb, source: 'KIOSK_DISK_FLOOR_MB' };
  const config = await loadConfig(env.value.officeDir);
  return config.ok ? { mb: config.snapshot.office.sync.diskFloorMb, source: 'office.json sync.diskFloorMb' } : { mb: DEFAULT_DISK_FLOOR_MB, source: 'default; office config invalid' };
}

const entry = process.argv[1];
if (entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runKiosk(process.argv.slice(2), {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    root: path.resolve(import.meta.dirname, '..'),
  });
}
