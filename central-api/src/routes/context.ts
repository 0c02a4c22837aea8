import type { Database } from '../db/database';
import type { CatalogueSource } from '../domain/catalogue-source';
import type { Clock } from '../domain/clock';
import type { ServerKey } from '../domain/server-key';
import type { Guards } from '../http/route';

/** What every route module needs; built once by buildServer. */
export type RouteContext = {
  db: Database;
  now: Clock;
  catalogue: CatalogueSource;
  serverKey: ServerKey;
  guards: Guards;
  version: string;
  /** Written into issued enrolment tokens, so kiosks check the server's key before sending them. */
  tlsPin: string | undefined;
};
