import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../../../core/contract/central-api';
import { enrolmentCodeOf } from '../../../core/contract/enrolment-code';
import { issueEnrolmentToken } from '../domain/devices';
import { deactivateOfficer, unlockOfficer, upsertOfficer, WeakPinError } from '../domain/officers';
import { getSubmission, transitionSubmission } from '../domain/submissions';
import { ApiHttpError } from '../http/errors';
import { route } from '../http/route';
import type { RouteContext } from './context';

/** Back-office routes, behind the admin bearer token (auth/admin-auth.ts). */
export function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // A token or an officer for an office this server has no catalogue for is almost always a typo
  // in the code; catching it here saves a kiosk that enrols and then finds nothing to show.
  const requireOffice = async (officeCode: string) => {
    if ((await ctx.catalogue.office(officeCode)) === null) {
      throw new ApiHttpError(404, 'not_found', `No office ${officeCode} in the server's catalogue directory (offices/*/office.json)`);
    }
  };

  route(app, ctx.guards, apiRoutes.createEnrolmentToken).handle(async ({ body }) => {
    await requireOffice(body.officeCode);
    const issued = await issueEnrolmentToken(ctx.db, body.officeCode, body.expiresInMinutes, ctx.now());
    return { status: 201, body: { token: enrolmentCodeOf(issued.token, ctx.tlsPin), expiresAt: issued.expiresAt.toISOString() } };
  });

  route(app, ctx.guards, apiRoutes.createOfficer).handle(async ({ body }) => {
    await requireOffice(body.officeCode);
    try {
      return { status: 201, body: await upsertOfficer(ctx.db, body, ctx.now()) };
    } catch (error) {
      if (error instanceof WeakPinError) throw new ApiHttpError(400, 'bad_request', error.message, { issues: [{ path: 'body.pin', message: error.message }] });
      throw error;
    }
  });

  // No catalogue check for these two: an office taken out of the catalogue may still have kiosks
  // holding its officers' badge verifiers, and deactivating is how IT stops them working.
  route(app, ctx.guards, apiRoutes.deactivateOfficer).handle(async ({ params }) => {
    const officer = await deactivateOfficer(ctx.db, params.officeCode, params.id, ctx.now());
    if (officer === null) throw new ApiHttpError(404, 'not_found', `Office ${params.officeCode} has no officer ${params.id}`);
    return { status: 200, body: officer };
  });

  route(app, ctx.guards, apiRoutes.unlockOfficer).handle(async ({ params }) => {
    const officer = await unlockOfficer(ctx.db, params.officeCode, params.id, ctx.now());
    if (officer === null) throw new ApiHttpError(404, 'not_found', `Office ${params.officeCode} has no officer ${params.id}`);
    return { status: 200, body: officer };
  });

  route(app, ctx.guards, apiRoutes.getSubmission).handle(async ({ params }) => {
    const submission = await getSubmission(ctx.db, params.id);
    if (submission === null) throw new ApiHttpError(404, 'not_found', 'No submission with this id');
    return { status: 200, body: submission };
  });

  route(app, ctx.guards, apiRoutes.transition).handle(async ({ params, body }) => ({
    status: 200,
    body: await transitionSubmission(ctx.db, params.id, body, ctx.now()),
  }));
}
