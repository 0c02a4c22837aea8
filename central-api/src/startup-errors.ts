import { DataDirUnsafeError } from './db/data-dir';
import { DataDirBusyError } from './db/data-dir-lock';
import { DatabaseUnavailableError } from './db/database';
import { describeDatabase, type Settings } from './settings';

/** Why the server or a CLI command could not start, in one sentence IT staff can act on. */
export function describeStartupError(error: unknown, settings: Settings): string {
  if (error instanceof DataDirBusyError) {
    return `${error.message}: stop it first, or use the admin API (see central-api/README.md).`;
  }
  if (error instanceof DataDirUnsafeError) return error.message;
  if (error instanceof DatabaseUnavailableError) {
    return `Cannot reach ${describeDatabase(settings.database)}: ${(error.cause as Error | undefined)?.message ?? error.message}.`;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `Port ${settings.port} on ${settings.host} is already in use: stop the other program or set PORT to a free port.`;
  if (code === 'EACCES') return `Not allowed to listen on ${settings.host}:${settings.port}: choose a PORT above 1023 or run with the right permissions.`;
  if (code === 'EADDRNOTAVAIL') return `HOST ${settings.host} is not an address of this machine: set HOST to one of its addresses (or 0.0.0.0 for all).`;
  return `The central API could not start: ${error instanceof Error ? error.message : String(error)}`;
}
