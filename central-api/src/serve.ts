import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openDatabase } from './db/open-database';
import { directoryCatalogue } from './domain/catalogue-source';
import { buildServer } from './server';
import { REPO_ROOT, type Settings } from './settings';
import { describeStartupError } from './startup-errors';
import { loadTls } from './tls';

/**
 * `npm run central-api`: open and migrate the database, build the server, listen, and on SIGTERM
 * or SIGINT stop taking requests, finish the ones in flight, then close the database.
 */
export async function serve(settings: Settings): Promise<number> {
  if (!(await isDirectory(path.join(settings.catalogueDir, 'offices')))) {
    process.stderr.write(`CATALOGUE_DIR ${settings.catalogueDir} has no offices/ folder: point it at a kiosk-config directory.\n`);
    return 1;
  }
  // Before the database: a certificate problem is one sentence, with nothing to close.
  const tls = loadTls(settings);
  if (!tls.ok) {
    process.stderr.write(`${tls.message}.\n`);
    return 1;
  }
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(settings.database, (error) => process.stderr.write(`PostgreSQL connection dropped: ${error.message}\n`));
  } catch (error) {
    process.stderr.write(`${describeStartupError(error, settings)}\n`);
    return 1;
  }

  const catalogue = directoryCatalogue(settings.catalogueDir);
  let app: Awaited<ReturnType<typeof buildServer>>;
  try {
    app = await buildServer({
      db: opened.db,
      adminToken: settings.adminToken,
      catalogue,
      rateLimits: settings.rateLimits,
      trustProxy: settings.trustProxy,
      ...(settings.corsOrigins === undefined ? {} : { corsOrigins: settings.corsOrigins }),
      logger: { level: settings.logLevel },
      version: packageVersion(),
      https: tls.value.https,
      tlsPin: tls.value.pin,
    });
    if (opened.migrations.applied.length > 0) app.log.info({ applied: opened.migrations.applied }, 'database migrated');
    for (const problem of await catalogue.problems()) app.log.warn({ file: problem.file }, `catalogue file refused: ${problem.message}`);
    if (settings.adminToken === undefined) app.log.warn('CENTRAL_ADMIN_TOKEN is not set: the /v1/admin routes answer 401 until it is');
    if (tls.value.pin === undefined) {
      app.log.warn('no TLS: kiosks can enrol only over http:// on this machine or with --insecure-lan; set CENTRAL_TLS_CERT and CENTRAL_TLS_KEY (or CENTRAL_TLS_FINGERPRINT behind a TLS proxy)');
    } else {
      app.log.info({ tlsPin: tls.value.pin, source: tls.value.https === undefined ? 'CENTRAL_TLS_FINGERPRINT' : 'CENTRAL_TLS_CERT' }, 'enrolment tokens carry this TLS key fingerprint');
    }
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    process.stderr.write(`${describeStartupError(error, settings)}\n`);
    await opened.close();
    return 1;
  }

  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const scheme = tls.value.https === undefined ? 'http' : 'https';
  process.stdout.write(`Tuntun central API ready at ${scheme}://${host}:${address.port} (${opened.db.kind})\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: the operator does not want to wait for requests in flight.
        process.stderr.write(`${signal} again: exiting now\n`);
        process.exit(1);
      }
      stopping = true;
      app.log.info({ signal }, 'shutting down');
      app
        .close()
        .then(() => opened.close())
        .then(
          () => resolve(0),
          (error: unknown) => {
            process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
            resolve(1);
          },
        );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : 'dev';
  } catch {
    return 'dev';
  }
}
