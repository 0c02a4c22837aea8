import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { apiRoutes, MAX_BODY_BYTES } from '../../core/contract/central-api';
import { AUTH_HEADERS } from '../../core/contract/request-signing';
import { adminAuthenticator } from './auth/admin-auth';
import { deviceAuthenticator } from './auth/device-auth';
import type { Database } from './db/database';
import type { CatalogueSource } from './domain/catalogue-source';
import { systemClock, type Clock } from './domain/clock';
import { loadServerKey, type ServerKey } from './domain/server-key';
import { DEFAULT_CORS_ORIGINS, originAllowed, type OriginRule } from './http/cors';
import { ApiHttpError, clientErrorHandler, sendError } from './http/errors';
import { registerJsonBody } from './http/json-body';
import { fastifyPath } from './http/route';
import { registerAdminRoutes } from './routes/admin-routes';
import type { RouteContext } from './routes/context';
import { registerDeviceRoutes } from './routes/device-routes';
import { registerPublicRoutes } from './routes/public-routes';

export type RateLimits = {
  /** Requests per window for one enrolled device (keyed by its id once its signature checked out). */
  perDevice: number;
  /** Requests per window from one address to routes without a device signature (enrol, admin). */
  perAddress: number;
  windowMs: number;
};

export const DEFAULT_RATE_LIMITS: RateLimits = { perDevice: 1200, perAddress: 600, windowMs: 60_000 };

export type ServerOptions = {
  /** Migrated already (db/migrate.ts); the caller owns it and closes it after the server. */
  db: Database;
  /** Bearer token for /v1/admin/*; without it those routes answer 401 saying how to switch them on. */
  adminToken?: string | undefined;
  catalogue: CatalogueSource;
  now?: Clock;
  rateLimits?: Partial<RateLimits>;
  corsOrigins?: readonly OriginRule[];
  /**
   * Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For gives the client address for
   * the per-address limit and the logs. Never "everyone": then any client could name its own.
   */
  trustProxy?: readonly string[] | undefined;
  logger?: FastifyServerOptions['logger'];
  version?: string;
  /** Loaded from (or made in) the database when not given. */
  serverKey?: ServerKey;
  /** Certificate and key (PEM): the server speaks HTTPS itself (tls.ts). */
  https?: { cert: Buffer; key: Buffer } | undefined;
  /** The TLS key pin written into enrolment tokens the admin route issues (tls.ts). */
  tlsPin?: string | undefined;
};

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const now = options.now ?? systemClock;
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const corsOrigins = options.corsOrigins ?? DEFAULT_CORS_ORIGINS;

  const app = Fastify({
    // HTTPS when a certificate is configured; routes, hooks and errors are the same either way.
    ...(options.https === undefined ? {} : { https: options.https }),
    logger: options.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: options.trustProxy === undefined ? false : [...options.trustProxy],
    clientErrorHandler,
    // Bad percent-encoding and over-long path parameters, which the router refuses before any
    // route or error handler runs.
    frameworkErrors: (error, request, reply) => {
      sendError(new ApiHttpError(400, 'bad_request', error.message.slice(0, 200)), request, reply);
    },
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendError(notFound(request.method, request.url), request, reply));
  registerJsonBody(app);

  await app.register(cors, {
    origin: (origin, callback) => callback(null, originAllowed(origin, corsOrigins)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'if-none-match', ...Object.values(AUTH_HEADERS)],
    exposedHeaders: ['etag', 'retry-after'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    // After the route's own preValidation, where device auth has run: a device is limited by its
    // id (many kiosks may share one office address), never by a header anyone could forge. The
    // address is the socket's, or the one a trusted proxy forwarded (trustProxy).
    hook: 'preHandler',
    timeWindow: limits.windowMs,
    keyGenerator: (request) => (request.device === undefined ? `address:${request.ip}` : `device:${request.device.id}`),
    max: (request) => (request.device === undefined ? limits.perAddress : limits.perDevice),
    errorResponseBuilder: (_request, context) =>
      new ApiHttpError(context.statusCode, 'rate_limited', `Too many requests: at most ${context.max} per ${context.after} window; retry later`),
  });

  const serverKey = options.serverKey ?? (await loadServerKey(options.db, now()));
  const ctx: RouteContext = {
    db: options.db,
    now,
    catalogue: options.catalogue,
    serverKey,
    guards: { device: deviceAuthenticator(options.db, now), admin: adminAuthenticator(options.adminToken) },
    version: options.version ?? 'dev',
    tlsPin: options.tlsPin,
  };
  registerPublicRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  return app;
}

/** Known path with another method → 405 with Allow; anything else → 404. */
const KNOWN_PATHS = Object.values(apiRoutes).map((spec) => ({
  pattern: new RegExp(`^${fastifyPath(spec.path).replace(/:\w+/gu, '[^/]+')}$`, 'u'),
  method: spec.method,
}));

function notFound(method: string, url: string): ApiHttpError {
  const path = url.split('?')[0] ?? url;
  const allowed = [...new Set(KNOWN_PATHS.filter((known) => known.pattern.test(path)).map((known) => known.method))];
  if (allowed.length > 0 && !allowed.includes(method as 'GET' | 'POST')) {
    return new ApiHttpError(405, 'method_not_allowed', `${path} answers ${allowed.join(', ')}`, {}, { allow: allowed.join(', ') });
  }
  return new ApiHttpError(404, 'not_found', 'No such route; see /v1/openapi.json');
}
