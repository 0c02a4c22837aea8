import { runCommand } from './cli';
import { serve } from './serve';
import { readSettings } from './settings';

/**
 * `npm run central-api` starts the server; `npm run central-api -- <command> …` runs an IT
 * command on the same database (see cli.ts and the README).
 */

// Before anything opens a file: every directory and file this process makes is its user's alone
// (the embedded database's WAL holds device secrets and residents' data; see db/data-dir.ts).
process.umask(0o077);
const settings = readSettings(process.env);
if (!settings.ok) {
  process.stderr.write(`${settings.message}\n`);
  process.exitCode = 1;
} else {
  const args = process.argv.slice(2);
  process.exitCode = args.length === 0 || args[0] === 'serve' ? await serve(settings.settings) : await runCommand(args, settings.settings);
}
