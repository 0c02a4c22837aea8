import type { Queryable } from '../db/database';

/** A resident pressed "help" on a kiosk. Idempotent by the kiosk's id: a resend is a duplicate. */
export type HelpInput = { id: string; at: string; screen: string; serviceId?: string | undefined };

export async function recordHelp(db: Queryable, device: { id: string; officeCode: string }, help: HelpInput, now: Date): Promise<'stored' | 'duplicate'> {
  const rows = await db.query(
    `INSERT INTO help_requests (id, device_id, office_code, asked_at, screen, service_id, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [help.id, device.id, device.officeCode, help.at, help.screen, help.serviceId ?? null, now],
  );
  return rows.length === 1 ? 'stored' : 'duplicate';
}
