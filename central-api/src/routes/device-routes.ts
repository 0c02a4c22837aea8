import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiRoutes, MAX_BATCH_ITEMS } from '../../../core/contract/central-api';
import { appendAudit, auditHead } from '../domain/audit';
import { catalogueVersion, etagOf, issuedAtFor, matchesEtag, signCatalogue } from '../domain/catalogue';
import { saveHeartbeat } from '../domain/devices';
import { recordHelp } from '../domain/help';
import { checkOfficerPin } from '../domain/officer-sign-in';
import { listOfficers } from '../domain/officers';
import { changesSince, uploadBatch } from '../domain/submissions';
import { ApiHttpError } from '../http/errors';
import { route } from '../http/route';
import type { RouteContext } from './context';

/**
 * The batch envelope is checked here and each item on its own (domain/submissions.ts), so one
 * unreadable item is answered `invalid` and does not hold back the other 99.
 */
const UploadEnvelope = z.strictObject({ items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) });

/** Routes a kiosk calls, each signed with its device secret (auth/device-auth.ts). */
export function registerDeviceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  route(app, ctx.guards, apiRoutes.catalogue).handle(async ({ device, request }) => {
    const office = await ctx.catalogue.office(device.officeCode);
    if (office === null) throw new ApiHttpError(404, 'not_found', `This server has no office ${device.officeCode} in its catalogue directory`);
    const version = catalogueVersion(office);
    const headers = { etag: etagOf(version), 'cache-control': 'no-cache' };
    if (matchesEtag(request.headers['if-none-match'], version)) return { status: 304, body: undefined, headers };
    const issuedAt = await issuedAtFor(ctx.db, office.officeCode, version, ctx.now());
    return { status: 200, body: signCatalogue(office, version, issuedAt, ctx.serverKey), headers };
  });

  route(app, ctx.guards, { ...apiRoutes.uploadSubmissions, body: UploadEnvelope }).handle(async ({ device, body }) => ({
    status: 200,
    body: { results: await uploadBatch(ctx.db, device, body.items, ctx.now()) },
  }));

  route(app, ctx.guards, apiRoutes.changes).handle(async ({ device, query }) => ({
    status: 200,
    body: await changesSince(ctx.db, device.id, query.since, query.limit),
  }));

  route(app, ctx.guards, apiRoutes.uploadAudit).handle(async ({ device, body }) => ({
    status: 200,
    body: { acceptedThrough: await appendAudit(ctx.db, device.id, body.entries, ctx.now()) },
  }));

  route(app, ctx.guards, apiRoutes.auditHead).handle(async ({ device }) => ({
    status: 200,
    body: await auditHead(ctx.db, device.id),
  }));

  route(app, ctx.guards, apiRoutes.heartbeat).handle(async ({ device, body }) => {
    const now = ctx.now();
    await saveHeartbeat(ctx.db, device.id, body, body.appVersion, now);
    return { status: 200, body: { serverTime: now.toISOString() } };
  });

  route(app, ctx.guards, apiRoutes.help).handle(async ({ device, body }) => {
    const outcome = await recordHelp(ctx.db, device, body, ctx.now());
    return outcome === 'stored' ? { status: 201, body: { outcome } } : { status: 200, body: { outcome } };
  });

  route(app, ctx.guards, apiRoutes.officers).handle(async ({ device }) => ({
    status: 200,
    body: { officers: await listOfficers(ctx.db, device.officeCode, device.id) },
  }));

  // The device's own office only: an officer of another office is not found, and nothing counted.
  route(app, ctx.guards, apiRoutes.verifyPin).handle(async ({ device, params, body, request }) => {
    const answer = await checkOfficerPin(ctx.db, { officeCode: device.officeCode, officerId: params.id, deviceId: device.id, pin: body.pin }, ctx.now());
    if (answer === null) throw new ApiHttpError(404, 'not_found', `Office ${device.officeCode} has no officer ${params.id}`);
    if (answer.outcome !== 'accepted') {
      const failures = answer.outcome === 'refused' ? answer.consecutiveFailures : undefined;
      request.log.warn({ officeCode: device.officeCode, officerId: params.id, deviceId: device.id, outcome: answer.outcome, consecutiveFailures: failures }, 'officer PIN not accepted');
    }
    return { status: 200, body: answer };
  });
}
