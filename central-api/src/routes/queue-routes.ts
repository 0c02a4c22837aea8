import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../../../core/contract/central-api';
import type { AuthenticatedDevice } from '../auth/device-auth';
import { kioskNumberOf, reportKioskTickets } from '../domain/kiosk-tickets';
import { queueDay, takeQueueNumber, type Office } from '../domain/queue-numbers';
import { ApiHttpError } from '../http/errors';
import { route } from '../http/route';
import type { RouteContext } from './context';

const OFFICE_CACHE_MS = 1_000;

/**
 * Queue numbers (README "Queue numbers"): kiosks take them and report the ones they issued
 * offline, each for its own office only; the back office reads a day's queue.
 */
export function registerQueueRoutes(app: FastifyInstance, ctx: RouteContext): void {
  /**
   * The catalogue source reads the office and service files on every call; 20 kiosks asking at
   * once would read them 20 times for the same answer. An office is looked up again after a
   * second, so an edited office.json counts from the next second on.
   */
  const recent = new Map<string, { at: number; office: Awaited<ReturnType<typeof ctx.catalogue.office>> }>();
  const lookUp = async (officeCode: string) => {
    const now = Date.now();
    const held = recent.get(officeCode);
    if (held !== undefined && now - held.at < OFFICE_CACHE_MS) return held.office;
    const office = await ctx.catalogue.office(officeCode);
    recent.set(officeCode, { at: now, office });
    return office;
  };

  /** The device's own office and its queue; another office named in the body is refused before anything is read. */
  const officeOf = async (device: AuthenticatedDevice, claimed: string): Promise<Office> => {
    if (claimed !== device.officeCode) throw new ApiHttpError(403, 'forbidden', `This kiosk belongs to office ${device.officeCode}; it cannot take or report queue numbers of ${claimed}`);
    const office = await lookUp(device.officeCode);
    if (office === null) throw new ApiHttpError(404, 'not_found', `This server has no office ${device.officeCode} in its catalogue directory`);
    if (office.queue === undefined) throw new ApiHttpError(404, 'not_found', `Office ${device.officeCode} has no queue desks (office.json queue)`);
    return { officeCode: office.officeCode, timeZone: office.timeZone, queue: office.queue };
  };

  route(app, ctx.guards, apiRoutes.takeQueueNumber).handle(async ({ device, body }) => {
    const office = await officeOf(device, body.officeCode);
    const outcome = await takeQueueNumber(ctx.db, device, office, body, ctx.now());
    switch (outcome.kind) {
      case 'issued':
        return { status: 201, body: outcome.ticket };
      case 'again':
        return { status: 200, body: outcome.ticket };
      case 'unknown_desk':
        throw new ApiHttpError(400, 'bad_request', `Office ${office.officeCode} has no desk ${body.desk}`, { issues: [{ path: 'body.desk', message: 'Not a desk of this office' }] });
      case 'other_request':
        throw new ApiHttpError(422, 'conflict', 'This kiosk already used this request id for another ticket: make a new one per ticket');
    }
  });

  route(app, ctx.guards, apiRoutes.reportKioskTickets).handle(async ({ device, body }) => {
    const office = await officeOf(device, body.officeCode);
    const kioskNumber = await kioskNumberOf(ctx.db, device.id);
    const results = await reportKioskTickets(ctx.db, { id: device.id, kioskNumber }, office, body.tickets, ctx.now());
    return { status: 200, body: { kioskNumber, results } };
  });

  route(app, ctx.guards, apiRoutes.queueDay).handle(async ({ params, query }) => ({
    status: 200,
    body: { officeCode: params.officeCode, day: query.day, tickets: await queueDay(ctx.db, params.officeCode, query.day) },
  }));
}
