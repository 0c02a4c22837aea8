import cors from '@fastify/cors';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { apiRoutes, ChangesQuery, MAX_BODY_BYTES } from '../../core/contract/central-api';
import { AUTH_HEADERS } from '../../core/contract/request-signing';
import { adminAuthenticator } from './auth/admin-auth';
import { authFailureGates } from './auth/auth-failures';
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
import { registerQueueRoutes } from './routes/queue-routes';

export type RateLimits = {
  /** Requests per window for one enrolled device (keyed by its id once its signature checked out). */
  perDevice: number;
  /** Requests per window from one address to routes without a device signature (enrol, admin). */
  perAddress: number;
  /** Failed sign-ins per window from one address, per route class (admin, enrolment, device), before it backs off. */
  authFailuresPerAddress: number;
  /** Failed signatures per window claiming one device (from one address, or from all), before requests claiming it back off. */
  authFailuresPerDevice: number;
  windowMs: number;
};

export const DEFAULT_RATE_LIMITS: RateLimits = { perDevice: 1200, perAddress: 600, authFailuresPerAddress: 30, authFailuresPerDevice: 10, windowMs: 60_000 };

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
    logger: withLogAllowList(options.logger),
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
    // address is the socket's, or the one a trusted proxy forwarded (trustProxy), an IPv6 one by
    // its /64; each route class from it has its own budget, so junk enrolments cannot use up the
    // back office's. Failed sign-ins are refused before this runs (auth/auth-failures.ts).
    hook: 'preHandler',
    timeWindow: limits.windowMs,
    keyGenerator: (request) =>
      request.device === undefined ? `${request.routeOptions.config.authKind ?? 'none'}:${normalizeIP(request.ip)}` : `device:${request.device.id}`,
    max: (request) => (request.device === undefined ? limits.perAddress : limits.perDevice),
    errorResponseBuilder: (_request, context) =>
      new ApiHttpError(context.statusCode, 'rate_limited', `Too many requests: at most ${context.max} per ${context.after} window; retry later`),
  });

  const gates = authFailureGates(app, options.db, limits);

  const serverKey = options.serverKey ?? (await loadServerKey(options.db, now()));
  const ctx: RouteContext = {
    db: options.db,
    now,
    catalogue: options.catalogue,
    serverKey,
    guards: { device: deviceAuthenticator(options.db, now, gates.device), admin: adminAuthenticator(options.adminToken, gates.admin), enrolment: gates.enrolment },
    version: options.version ?? 'dev',
    tlsPin: options.tlsPin,
  };
  registerPublicRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerQueueRoutes(app, ctx);
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

/**
 * What the request log may say, by allow-list as on the kiosk (electron/services/logs/log-fields.ts).
 * Bodies are never logged; a URL is where a client can put anything, so it is logged as the route
 * it matched (`/v1/admin/submissions/:id`, never the value) with only the listed query parameters,
 * and a URL that matched no route as "(no route)". Errors keep their type, message, code and
 * stack: the standard serializer would copy every property, and a database error's `detail`
 * quotes the row ("Key (nik)=(…) already exists").
 */
const LOGGED_QUERY_KEYS: ReadonlySet<string> = new Set(Object.keys(ChangesQuery.shape));

function requestForLog(request: FastifyRequest): Record<string, unknown> {
  // A serializer that throws would take the process down (Fastify's Logging reference).
  try {
    const route = request.routeOptions.url;
    const query = [...new URLSearchParams(request.url.split('?')[1] ?? '')];
    const listed = query.filter(([key]) => LOGGED_QUERY_KEYS.has(key));
    const url = route === undefined ? '(no route)' : `${route}${listed.length === 0 ? '' : `?${new URLSearchParams(listed).toString()}`}`;
    const unlisted = route === undefined ? 0 : query.length - listed.length;
    return { method: request.method, url, ...(unlisted > 0 ? { unlistedQuery: unlisted } : {}), remoteAddress: request.ip, remotePort: request.socket.remotePort };
  } catch {
    return { method: request.method };
  }
}

function errorForLog(error: unknown): { type: string; message: string; stack: string; code?: unknown } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error), stack: '' };
  return { type: error.name, message: error.message, stack: error.stack ?? '', code: (error as { code?: unknown }).code };
}

function withLogAllowList(logger: ServerOptions['logger']): ServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  const given = logger === true ? {} : logger;
  return { ...given, serializers: { ...given.serializers, req: requestForLog, err: errorForLog } };
}
