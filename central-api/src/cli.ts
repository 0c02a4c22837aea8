import { parseArgs } from 'node:util';
import { CreateEnrolmentTokenRequest, CreateOfficerRequest } from '../../core/contract/central-api';
import { openDatabase } from './db/open-database';
import { directoryCatalogue } from './domain/catalogue-source';
import { issueEnrolmentToken } from './domain/devices';
import { upsertOfficer } from './domain/officers';
import type { Settings } from './settings';
import { describeStartupError } from './startup-errors';

/**
 * Commands for IT staff that work directly on the database (the same one the server uses, from
 * the same environment variables):
 *
 *   npm run central-api -- enrolment-token --office 36.03.03 [--expires-in-minutes 60]
 *   npm run central-api -- officer-add --office 36.03.03 --id budi --name "Budi" --pin 123456
 *
 * Each prints its result on stdout and returns the exit code.
 */
export const USAGE = `Usage:
  npm run central-api                                   start the server
  npm run central-api -- enrolment-token --office CODE [--expires-in-minutes N]
  npm run central-api -- officer-add --office CODE --id ID --name NAME --pin 6DIGITS
`;

export type Output = { out: (text: string) => void; err: (text: string) => void };

const stdio: Output = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export async function runCommand(argv: readonly string[], settings: Settings, output: Output = stdio): Promise<number> {
  const [command, ...rest] = argv;
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(command, rest);
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.kind === 'help') {
    output.out(USAGE);
    return 0;
  }

  const catalogue = directoryCatalogue(settings.catalogueDir);
  if ((await catalogue.office(parsed.officeCode)) === null) {
    output.err(`No office ${parsed.officeCode} under ${settings.catalogueDir}/offices/*/office.json: check the code (e.g. 36.03.03) or CATALOGUE_DIR.\n`);
    return 1;
  }
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(settings.database);
  } catch (error) {
    output.err(`${describeStartupError(error, settings)}\n`);
    return 1;
  }
  try {
    const now = new Date();
    if (parsed.kind === 'enrolment-token') {
      const issued = await issueEnrolmentToken(opened.db, parsed.officeCode, parsed.expiresInMinutes, now);
      output.out(`${issued.token}\n`);
      output.err(
        `One-time enrolment token for office ${parsed.officeCode}, valid until ${issued.expiresAt.toISOString()}.\n` +
          `On the kiosk: npm run kiosk -- enrol --server http://<this server>:<port> --token ${issued.token}\n`,
      );
    } else {
      const officer = await upsertOfficer(opened.db, parsed, now);
      output.out(`Officer ${officer.id} (${officer.name}) of office ${parsed.officeCode} saved; kiosks get the PIN hash at their next sync.\n`);
    }
    return 0;
  } catch (error) {
    output.err(`${describeStartupError(error, settings)}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

type Command =
  | { kind: 'help' }
  | { kind: 'enrolment-token'; officeCode: string; expiresInMinutes: number }
  | { kind: 'officer-add'; officeCode: string; id: string; name: string; pin: string };

function parseCommand(command: string | undefined, args: string[]): Command {
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      return { kind: 'help' };
    case 'enrolment-token': {
      const { values } = parseArgs({ args, options: { office: { type: 'string' }, 'expires-in-minutes': { type: 'string' } }, strict: true });
      const minutes = values['expires-in-minutes'];
      const input = check(CreateEnrolmentTokenRequest, {
        officeCode: values.office,
        ...(minutes === undefined ? {} : { expiresInMinutes: /^\d+$/u.test(minutes) ? Number(minutes) : minutes }),
      });
      return { kind: 'enrolment-token', officeCode: input.officeCode, expiresInMinutes: input.expiresInMinutes };
    }
    case 'officer-add': {
      const { values } = parseArgs({
        args,
        options: { office: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, pin: { type: 'string' } },
        strict: true,
      });
      const input = check(CreateOfficerRequest, { officeCode: values.office, id: values.id, name: values.name, pin: values.pin });
      return { kind: 'officer-add', ...input };
    }
    case undefined:
      throw new Error('No command given.');
    default:
      throw new Error(`Unknown command "${command}".`);
  }
}

const FLAG_OF: Readonly<Record<string, string>> = { officeCode: '--office', expiresInMinutes: '--expires-in-minutes', id: '--id', name: '--name', pin: '--pin' };

function check<T>(schema: { safeParse: (value: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  throw new Error(`${FLAG_OF[field] ?? field}: ${issue?.message ?? 'invalid'}`);
}
