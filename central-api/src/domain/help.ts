import type { Queryable } from '../db/database';
import { ApiHttpError } from '../http/errors';

/** A resident pressed "help" on a kiosk. Idempotent by the kiosk's id: a resend is a duplicate. */
export type HelpInput = { id: string; at: string; screen: string; serviceId?: string | undefined };

/**
 * A resend from the kiosk that sent it is a duplicate; the same id from any other kiosk (of this
 * office or another) is refused with 422, never answered as if it had been taken: that request is
 * not this kiosk's. 422 rather than 409 because the kiosk drops a help request refused so (a
 * conflict it cannot fix) instead of retrying it, and help would otherwise queue behind it forever.
 */
export async function recordHelp(db: Queryable, device: { id: string; officeCode: string }, help: HelpInput, now: Date): Promise<'stored' | 'duplicate'> {
  const rows = await db.query(
    `INSERT INTO help_requests (id, device_id, office_code, asked_at, screen, service_id, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [help.id, device.id, device.officeCode, help.at, help.screen, help.serviceId ?? null, now],
  );
  if (rows.length === 1) return 'stored';
  const [held] = await db.query<{ device_id: string }>('SELECT device_id FROM help_requests WHERE id = $1', [help.id]);
  if (held !== undefined && held.device_id !== device.id) throw new ApiHttpError(422, 'conflict', 'Another kiosk already sent a help request with this id');
  return 'duplicate';
}
