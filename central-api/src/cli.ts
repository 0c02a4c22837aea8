import { parseArgs } from 'node:util';
import { CreateEnrolmentTokenRequest, CreateOfficerRequest, OfficerParams, type OfficerRole } from '../../core/contract/central-api';
import { enrolmentCodeOf, normalizeTlsPin } from '../../core/contract/enrolment-code';
import { missingCase } from '../../core/contract/result';
import type { Database } from './db/database';
import { openDatabase } from './db/open-database';
import { directoryCatalogue } from './domain/catalogue-source';
import { issueEnrolmentToken } from './domain/devices';
import { deactivateOfficer, unlockOfficer, upsertOfficer, WeakPinError, type SavedOfficer } from './domain/officers';
import { PIN_RECIPE, type Settings } from './settings';
import { describeStartupError } from './startup-errors';
import { loadTls, NO_PIN_HINT } from './tls';

/**
 * Commands for IT staff that work directly on the database (the same one the server uses, from
 * the same environment variables):
 *
 *   npm run central-api -- enrolment-token --office 36.03.03 [--expires-in-minutes 60] [--tls-fingerprint PIN]
 *   npm run central-api -- officer-add --office 36.03.03 --id budi --name "Budi" [--pin 730591] [--role supervisor] [--badge]
 *   npm run central-api -- officer-deactivate --office 36.03.03 --id budi
 *   npm run central-api -- officer-unlock --office 36.03.03 --id budi
 *
 * Each prints its result on stdout and returns the exit code.
 */
export const USAGE = `Usage:
  npm run central-api                                   start the server
  npm run central-api -- enrolment-token --office CODE [--expires-in-minutes N] [--tls-fingerprint PIN]
      PIN: the SHA-256 fingerprint of the TLS proxy certificate's public key (base64), when a proxy
      does TLS; by default the fingerprint of CENTRAL_TLS_CERT or CENTRAL_TLS_FINGERPRINT
  npm run central-api -- officer-add --office CODE --id ID --name NAME [--pin DIGITS] [--role officer|supervisor|it] [--badge]
      (without --pin the PIN is read from standard input, so it shows in no process list or shell history)
  npm run central-api -- officer-deactivate --office CODE --id ID
  npm run central-api -- officer-unlock --office CODE --id ID
`;

/** `input` gives the first line of standard input (a PIN), typed without echo on a terminal. */
export type Output = { out: (text: string) => void; err: (text: string) => void; input: () => Promise<string> };

const stdio: Output = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), input: () => readSecretLine('PIN (not shown): ') };

export async function runCommand(argv: readonly string[], settings: Settings, output: Output = stdio): Promise<number> {
  const [command, ...rest] = argv;
  // A PIN in the arguments is visible to every user of the machine (ps, /proc/*/cmdline) and
  // stays in the shell history; from standard input it is neither.
  const pinFromInput = command === 'officer-add' && !rest.some((arg) => arg === '--pin' || arg.startsWith('--pin=')) ? await output.input() : undefined;
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(command, rest, pinFromInput);
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.kind === 'help') {
    output.out(USAGE);
    return 0;
  }

  // Deactivating and unlocking skip this: an office taken out of the catalogue may still have
  // kiosks holding its officers' badge verifiers (the admin routes do the same).
  const catalogue = directoryCatalogue(settings.catalogueDir);
  if (parsed.kind !== 'officer-deactivate' && parsed.kind !== 'officer-unlock' && (await catalogue.office(parsed.officeCode)) === null) {
    output.err(`No office ${parsed.officeCode} under ${settings.catalogueDir}/offices/*/office.json: check the code (e.g. 36.03.03) or CATALOGUE_DIR.\n`);
    return 1;
  }
  let tlsPin: string | undefined;
  if (parsed.kind === 'enrolment-token') {
    const tls = loadTls(settings);
    if (!tls.ok) {
      output.err(`${tls.message}.\n`);
      return 1;
    }
    tlsPin = parsed.tlsFingerprint ?? tls.value.pin;
  }
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(settings.database);
  } catch (error) {
    output.err(`${describeStartupError(error, settings)}\n`);
    return 1;
  }
  try {
    return await execute(parsed, opened.db, output, tlsPin);
  } catch (error) {
    output.err(`${describeStartupError(error, settings)}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

type Command =
  | { kind: 'help' }
  | { kind: 'enrolment-token'; officeCode: string; expiresInMinutes: number; tlsFingerprint: string | undefined }
  | { kind: 'officer-add'; officeCode: string; id: string; name: string; pin: string; role: OfficerRole; badge: boolean }
  | { kind: 'officer-deactivate'; officeCode: string; id: string }
  | { kind: 'officer-unlock'; officeCode: string; id: string };

async function execute(command: Exclude<Command, { kind: 'help' }>, db: Database, output: Output, tlsPin: string | undefined): Promise<number> {
  const now = new Date();
  switch (command.kind) {
    case 'enrolment-token': {
      const issued = await issueEnrolmentToken(db, command.officeCode, command.expiresInMinutes, now);
      const code = enrolmentCodeOf(issued.token, tlsPin);
      output.out(`${code}\n`);
      output.err(
        `One-time enrolment token for office ${command.officeCode}, valid until ${issued.expiresAt.toISOString()}` +
          `${tlsPin === undefined ? '' : `, for the server whose TLS key fingerprint is ${tlsPin}`}.\n` +
          `On the kiosk: npm run kiosk -- enrol --server ${tlsPin === undefined ? 'http://127.0.0.1' : 'https://<this server>'}:<port> --token ${code}\n` +
          (tlsPin === undefined ? `${NO_PIN_HINT}\n` : ''),
      );
      return 0;
    }
    case 'officer-add': {
      let officer: SavedOfficer;
      try {
        officer = await upsertOfficer(db, command, now);
      } catch (error) {
        if (!(error instanceof WeakPinError)) throw error;
        output.err(`--pin: ${error.message}; nothing was changed.\n`);
        return 1;
      }
      output.out(`Officer ${officer.id} (${officer.name}, ${officer.role}) of office ${command.officeCode} saved, with a new PIN.\n`);
      if (officer.badgeCode === undefined) {
        output.out('They sign in online only (the kiosk asks this server); add --badge for offline sign-in with PIN and badge.\n');
      } else {
        // The one place the badge code ever appears: the server keeps only what it cannot be recovered from.
        output.out(`Badge code (shown once, kept nowhere; print it as a QR code on the back of the badge, out of sight): ${officer.badgeCode}\n`);
        output.out('Kiosks get the PIN + badge check at their next sync; an earlier badge of this officer stops working then.\n');
      }
      return 0;
    }
    case 'officer-deactivate': {
      const officer = await deactivateOfficer(db, command.officeCode, command.id, now);
      if (officer === null) {
        output.err(`Office ${command.officeCode} has no officer ${command.id}: check the office code and the id; nothing was changed.\n`);
        return 1;
      }
      output.out(`Officer ${officer.id} (${officer.name}) of office ${command.officeCode} deactivated; kiosks see it at their next sync and should refuse them (officer-add makes them active again).\n`);
      return 0;
    }
    case 'officer-unlock': {
      const officer = await unlockOfficer(db, command.officeCode, command.id, now);
      if (officer === null) {
        output.err(`Office ${command.officeCode} has no officer ${command.id}: check the office code and the id; nothing was changed.\n`);
        return 1;
      }
      output.out(`Officer ${officer.id} (${officer.name}) of office ${command.officeCode} unlocked: their PIN is checked again, with no failures counted.\n`);
      return 0;
    }
    default:
      return missingCase(command);
  }
}

function parseCommand(command: string | undefined, args: string[], pinFromInput: string | undefined): Command {
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      return { kind: 'help' };
    case 'enrolment-token': {
      const { values } = parseArgs({ args, options: { office: { type: 'string' }, 'expires-in-minutes': { type: 'string' }, 'tls-fingerprint': { type: 'string' } }, strict: true });
      const minutes = values['expires-in-minutes'];
      const fingerprint = values['tls-fingerprint'];
      const tlsFingerprint = fingerprint === undefined ? undefined : normalizeTlsPin(fingerprint);
      if (fingerprint !== undefined && tlsFingerprint === undefined) {
        throw new Error(`--tls-fingerprint: not a SHA-256 key fingerprint in base64 or base64url (43 or 44 characters); ${PIN_RECIPE}`);
      }
      const input = check(CreateEnrolmentTokenRequest, {
        officeCode: values.office,
        ...(minutes === undefined ? {} : { expiresInMinutes: /^\d+$/u.test(minutes) ? Number(minutes) : minutes }),
      });
      return { kind: 'enrolment-token', officeCode: input.officeCode, expiresInMinutes: input.expiresInMinutes, tlsFingerprint };
    }
    case 'officer-add': {
      const { values } = parseArgs({
        args,
        options: { office: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, pin: { type: 'string' }, role: { type: 'string' }, badge: { type: 'boolean' } },
        strict: true,
      });
      const input = check(CreateOfficerRequest, {
        officeCode: values.office,
        id: values.id,
        name: values.name,
        pin: values.pin ?? pinFromInput,
        ...(values.role === undefined ? {} : { role: values.role }),
        badge: values.badge === true,
      });
      return { kind: 'officer-add', ...input };
    }
    case 'officer-deactivate':
    case 'officer-unlock': {
      const { values } = parseArgs({ args, options: { office: { type: 'string' }, id: { type: 'string' } }, strict: true });
      const input = check(OfficerParams, { officeCode: values.office, id: values.id });
      return { kind: command, ...input };
    }
    case undefined:
      throw new Error('No command given.');
    default:
      throw new Error(`Unknown command "${command}".`);
  }
}

const FLAG_OF: Readonly<Record<string, string>> = { officeCode: '--office', expiresInMinutes: '--expires-in-minutes', id: '--id', name: '--name', pin: '--pin', role: '--role', badge: '--badge' };

function check<T>(schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  throw new Error(`${FLAG_OF[field] ?? field}: ${issue?.message ?? 'invalid'}`);
}

/**
 * One line from standard input: piped (`printf '%s\n' "$PIN" | …`), or typed on a terminal with
 * echo off so the PIN is not left on the screen.
 */
function readSecretLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve) => {
    let text = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      if (stdin.isTTY) {
        stdin.setRawMode(false);
        process.stderr.write('\n');
      }
      stdin.pause();
      resolve(text.split(/[\r\n]/u)[0] ?? '');
    };
    const onData = (chunk: Buffer) => {
      const typed = chunk.toString('utf8');
      // Ctrl-C or Ctrl-D on a terminal in raw mode: give up with an empty PIN (refused as such).
      if (stdin.isTTY && /[\u0003\u0004]/u.test(typed)) {
        text = '';
        finish();
        return;
      }
      text += typed;
      if (/[\r\n]/u.test(text)) finish();
    };
    if (stdin.isTTY) {
      process.stderr.write(prompt);
      stdin.setRawMode(true);
    }
    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.resume();
  });
}
