import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../../../core/contract/central-api';
import { enrolDevice } from '../domain/devices';
import { ApiHttpError } from '../http/errors';
import { route } from '../http/route';
import { buildOpenApiDocument } from '../openapi';
import type { RouteContext } from './context';

const TOKEN_REFUSED = {
  unknown: 'This enrolment token is not known: check it, or ask the back office for a new one',
  used: 'This enrolment token was already used: each token enrols one kiosk; ask the back office for a new one',
  expired: 'This enrolment token has expired: ask the back office for a new one',
} as const;

/** Routes without a device signature: health, the OpenAPI document, and enrolment (token in the body). */
export function registerPublicRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.guards, apiRoutes.health).handle(
    async () => {
      // A health check that does not touch the database would say "ok" while every real request fails.
      await ctx.db.query('SELECT 1');
      return { status: 200, body: { status: 'ok', version: ctx.version, database: ctx.db.kind, serverTime: ctx.now().toISOString() } };
    },
    { rateLimited: false },
  );

  const openApi = buildOpenApiDocument(ctx.version);
  app.get('/v1/openapi.json', { config: { rateLimit: false } }, async (_request, reply) => reply.send(openApi));

  route(app, ctx.guards, apiRoutes.enrol).handle(async ({ body, request }) => {
    const now = ctx.now();
    const outcome = await enrolDevice(ctx.db, body, now);
    if (!outcome.ok) {
      await ctx.guards.enrolment.failed(request);
      throw new ApiHttpError(401, 'unauthorized', TOKEN_REFUSED[outcome.reason]);
    }
    ctx.guards.enrolment.enrolled(outcome.deviceId);
    return {
      status: 201,
      body: { deviceId: outcome.deviceId, secret: outcome.secret, officeCode: outcome.officeCode, serverPublicKey: ctx.serverKey.publicKey, serverTime: now.toISOString(), kioskNumber: outcome.kioskNumber },
    };
  });
}
