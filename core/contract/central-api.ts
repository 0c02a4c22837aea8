/**
 * The central API contract (`/v1`): every route with its request and response schemas. The
 * reference server validates against these, the kiosk's sync engine parses answers with them, and
 * the OpenAPI document is generated from this table, so the three cannot disagree.
 *
 * Auth kinds: `none` (health), `enrolment` (a one-time token in the body), `device` (HMAC
 * signature headers, see request-signing.ts) and `admin` (the back office's bearer token).
 */
import { z } from 'zod';
import { AreaCode, OfficeConfig } from '../config/office-config';
import { ServiceDefinition } from '../flow/service-definition';
import { Submission } from '../flow/submission';
import { HeartbeatDevice } from './devices';
import {
  CentralTicket,
  KioskNumber,
  KioskTicketsRequest,
  KioskTicketsResponse,
  QueueDayParams,
  QueueDayQuery,
  QueueDayResponse,
  TakeTicketRequest,
} from './queue';

/**
 * The configuration files the central API serves as catalogues (office.json, services/*.json).
 * Re-exported so the server, which may import only core/contract, parses them with the same schemas.
 */
export { OfficeConfig, ServiceDefinition };

export const API_PREFIX = '/v1';

/** Largest request body the server reads, in bytes. A batch of 100 submissions of ~2 KB fits. */
export const MAX_BODY_BYTES = 1_048_576;
export const MAX_BATCH_ITEMS = 100;

export const API_ERROR_CODES = [
  'bad_request', // body, query or headers do not match the contract
  'unauthorized', // missing, unknown or wrong signature / token
  'clock_skew', // the kiosk's clock is more than MAX_CLOCK_SKEW_SECONDS away from the server's
  'replayed', // this nonce was already used by this device
  'forbidden', // authenticated, but not allowed to touch this resource
  'not_found',
  'method_not_allowed',
  'conflict', // same id, different content; or an illegal state change
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable', // the server cannot answer right now (database down); retry later
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z
  .object({
    error: z.object({
      code: ApiErrorCode,
      message: z.string().describe('Plain words for logs and IT staff; never personal data'),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      serverTime: z.iso.datetime().optional().describe('Set with clock_skew so the kiosk can say by how much'),
    }),
  })
  .describe('Every 4xx and 5xx answer');
export type ApiError = z.infer<typeof ApiError>;

export const SubmissionId = z.uuid().describe('Made on the kiosk (UUIDv7); the idempotency key');
export const TrackingCode = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{4}$/u)
  .describe('Human tracking code printed for the resident, e.g. 7QK-4MZ-91TB');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/u);
export const DeviceId = z.string().regex(/^dev_[A-Za-z0-9_-]{8,64}$/u);
export const OfficerId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/u);

// ---------------------------------------------------------------------------------------------
// Health and enrolment

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['pglite', 'postgresql']),
  serverTime: z.iso.datetime(),
});

export const EnrolRequest = z.strictObject({
  token: z.string().min(16).max(128).describe('One-time enrolment token issued by the back office'),
  name: z.string().trim().min(1).max(80).describe('Label IT staff give the kiosk, e.g. "Loket depan"'),
  appVersion: z.string().max(40),
});
export const EnrolResponse = z.object({
  deviceId: DeviceId,
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/u).describe('32 random bytes, base64url; shown once, kept by the host'),
  officeCode: AreaCode,
  serverPublicKey: z.string().describe('Ed25519 public key (base64url of the 32 raw bytes) that signs catalogues'),
  serverTime: z.iso.datetime(),
  kioskNumber: KioskNumber.optional().describe('Always sent by this server; optional for kiosks talking to an older one'),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

// ---------------------------------------------------------------------------------------------
// Catalogue

export const Catalogue = z.object({
  officeCode: AreaCode,
  version: Sha256Hex.describe('Hash of the content: changes whenever anything in it changes'),
  issuedAt: z.iso.datetime(),
  services: z.array(ServiceDefinition),
});
export type Catalogue = z.infer<typeof Catalogue>;

export const SignedCatalogue = z.object({
  catalogue: Catalogue,
  signature: z.string().describe('Ed25519 signature (base64url) over canonicalJson(catalogue)'),
});
export type SignedCatalogue = z.infer<typeof SignedCatalogue>;

// ---------------------------------------------------------------------------------------------
// Submissions

export const UploadItem = z.strictObject({
  id: SubmissionId,
  trackingCode: TrackingCode,
  contentHash: Sha256Hex.describe('contentHash(submission); the server recomputes and compares'),
  savedAt: z.iso.datetime({ offset: true }).describe('When the kiosk durably saved it'),
  submission: Submission,
});
export type UploadItem = z.infer<typeof UploadItem>;

export const UploadBatchRequest = z.strictObject({
  items: z.array(UploadItem).min(1).max(MAX_BATCH_ITEMS),
});

/**
 * Per item, with the status code it would have had alone (IETF Idempotency-Key draft): 201 stored,
 * 200 duplicate (same id and content, already stored), 422 conflict (same id, other content; both
 * kept for an officer), 400 invalid.
 */
export const UploadOutcome = z.enum(['stored', 'duplicate', 'conflict', 'invalid']);
export type UploadOutcome = z.infer<typeof UploadOutcome>;
export const UploadResult = z.object({
  id: z.string(),
  outcome: UploadOutcome,
  status: z.union([z.literal(201), z.literal(200), z.literal(422), z.literal(400)]),
  receivedAt: z.iso.datetime().optional().describe('Set for stored and duplicate: the server holds it durably'),
  message: z.string().optional(),
});
export type UploadResult = z.infer<typeof UploadResult>;
export const UploadBatchResponse = z.object({ results: z.array(UploadResult) });
export type UploadBatchResponse = z.infer<typeof UploadBatchResponse>;

export const SubmissionState = z.enum(['received', 'processed', 'rejected']);
export type ServerSubmissionState = z.infer<typeof SubmissionState>;

export const StatusChange = z.object({
  cursor: z.string().regex(/^\d{1,19}$/u),
  id: SubmissionId,
  trackingCode: TrackingCode,
  state: SubmissionState,
  note: z.string().max(500).optional().describe('Officer note to the resident, e.g. why it was rejected'),
  changedAt: z.iso.datetime(),
});
export type StatusChange = z.infer<typeof StatusChange>;

export const ChangesQuery = z.strictObject({
  since: z.string().regex(/^\d{1,19}$/u).default('0').describe('Cursor from the last page; 0 for the start'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const ChangesResponse = z.object({
  changes: z.array(StatusChange),
  cursor: z.string().describe('Pass as since next time'),
  more: z.boolean(),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

// ---------------------------------------------------------------------------------------------
// Audit, heartbeat, help, officers

export const AuditEntry = z.strictObject({
  seq: z.number().int().min(1).describe('Position in this device chain, from 1, no gaps'),
  at: z.iso.datetime({ offset: true }),
  actor: z.union([z.literal('resident'), z.literal('system'), z.templateLiteral(['officer:', OfficerId])]),
  action: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/u).describe('e.g. officer.joined, answer.override'),
  subject: z.string().max(80).optional().describe('Submission id or step the action touched'),
  reason: z.string().max(500).optional().describe('Required by the kiosk for overrides'),
  prevHash: Sha256Hex.describe('hash of entry seq-1; 64 zeros for seq 1'),
  hash: Sha256Hex.describe('sha256Hex(prevHash + canonicalJson(entry without hash))'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditBatchRequest = z.strictObject({ entries: z.array(AuditEntry).min(1).max(500) });
export const AuditBatchResponse = z.object({
  acceptedThrough: z.number().int().min(0).describe('Highest seq the server holds for this device'),
});

export const AuditHeadResponse = z.object({
  through: z.number().int().min(0).describe('Highest seq the server holds for this device; 0 for none'),
  hash: Sha256Hex.nullable().describe('Hash of that entry, null when there is none'),
});

export const HeartbeatRequest = z.strictObject({
  appVersion: z.string().max(40),
  queueDepth: z.number().int().min(0),
  oldestPendingAt: z.iso.datetime({ offset: true }).nullable(),
  lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
  freeDiskBytes: z.number().int().min(0).nullable(),
  devices: z.array(HeartbeatDevice).max(20).describe("Each device's state (printers now; readers and scanners with #25)"),
});
export const HeartbeatResponse = z.object({ serverTime: z.iso.datetime() });

export const HelpUpload = z.strictObject({
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  screen: z.string().regex(/^[a-z0-9.:_-]{1,64}$/u),
  serviceId: z.string().max(40).optional(),
});
export const HelpResponse = z.object({ outcome: z.enum(['stored', 'duplicate']) });

export const OfficerRole = z.enum(['officer', 'supervisor', 'it']).describe('officer: at the counter; supervisor: may also lift a lock on a kiosk (#24); it: device diagnostics');
export type OfficerRole = z.infer<typeof OfficerRole>;

/**
 * What a kiosk needs to check an officer's PIN *and badge* without the network (see
 * officer-sign-in.ts and docs/officer-pins.md). Never a verifier of the PIN alone: 10^6 PINs are
 * hours of scrypt on one core, so anything a kiosk could check with the PIN alone, a thief with
 * the kiosk's disk could brute-force. This needs the badge's 128-bit secret too, which no kiosk keeps.
 */
export const OfflineSignIn = z.object({
  badgeId: Sha256Hex.describe('badgeIdOf(badge secret): which officer a scanned badge belongs to; reveals nothing of the secret'),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.number().int().min(2),
    r: z.number().int().min(1),
    p: z.number().int().min(1),
    salt: z.string().regex(/^[0-9a-f]{32}$/u).describe('hex, per officer and badge'),
  }),
  verifier: Sha256Hex.describe('offlineVerifier(scrypt(badge secret ‖ PIN, salt), office, officer, this device): differs per kiosk'),
});
export type OfflineSignIn = z.infer<typeof OfflineSignIn>;

export const Officer = z.object({
  id: OfficerId,
  name: z.string(),
  role: OfficerRole,
  active: z.boolean(),
  locked: z.boolean().describe('Sign-in disabled after 10 wrong PINs in a row, until IT unlocks the officer'),
  offline: OfflineSignIn.optional().describe('Only for an active, unlocked officer with a badge; without it, sign-in needs the server'),
});
export type Officer = z.infer<typeof Officer>;
export const OfficersResponse = z.object({ officers: z.array(Officer) });

/** 6 to 12 digits. Common PINs are refused when one is set (central-api/src/domain/pin-policy.ts). */
export const OfficerPin = z.string().regex(/^\d{6,12}$/u, 'A PIN is 6 to 12 digits');

export const OfficerIdParam = z.strictObject({ id: OfficerId });
export const VerifyPinRequest = z.strictObject({ pin: OfficerPin.describe('As the officer typed it; never stored, never logged') });
export const VerifyPinResponse = z
  .discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('accepted'), officer: z.object({ id: OfficerId, name: z.string(), role: OfficerRole }) }),
    z.object({
      outcome: z.literal('refused'),
      consecutiveFailures: z.number().int().min(1),
      retryAfterSeconds: z.number().int().min(0).describe('0 for the first two; then 30 s, doubling, at most 15 minutes'),
      locked: z.boolean().describe('True from the 10th: sign-in disabled until IT unlocks'),
    }),
    z.object({ outcome: z.literal('wait'), retryAfterSeconds: z.number().int().min(1).describe('Too soon after a wrong PIN: this one was not checked') }),
    z.object({ outcome: z.literal('locked').describe('Sign-in disabled; not checked') }),
    z.object({ outcome: z.literal('inactive').describe('Officer withdrawn; not checked') }),
  ])
  .describe('Every outcome but accepted is recorded (never the PIN)');
export type VerifyPinResponse = z.infer<typeof VerifyPinResponse>;

// ---------------------------------------------------------------------------------------------
// Back office (admin bearer token)

export const CreateEnrolmentTokenRequest = z.strictObject({
  officeCode: AreaCode,
  expiresInMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
});
export const CreateEnrolmentTokenResponse = z.object({
  token: z
    .string()
    .describe("What IT copies to the kiosk: the one-time token, then '.' and the server's TLS key pin when the server knows it (enrolment-code.ts)"),
  expiresAt: z.iso.datetime(),
});

export const CreateOfficerRequest = z.strictObject({
  officeCode: AreaCode,
  id: OfficerId,
  name: z.string().trim().min(1).max(80),
  pin: OfficerPin.describe('6 to 12 digits; repeats, sequences, dates and the most chosen PINs are refused'),
  role: OfficerRole.default('officer'),
  badge: z.boolean().default(false).describe('Issue a new badge code for offline sign-in (PIN + badge); without it the officer signs in only online'),
});

export const AdminOfficer = z.object({
  officeCode: AreaCode,
  id: OfficerId,
  name: z.string(),
  role: OfficerRole,
  active: z.boolean(),
  locked: z.boolean(),
  consecutiveFailures: z.number().int().min(0),
  hasBadge: z.boolean(),
});
export type AdminOfficer = z.infer<typeof AdminOfficer>;
export const CreateOfficerResponse = AdminOfficer.extend({
  badgeCode: z
    .string()
    .regex(/^TTB1-[0-9A-F]{32}$/u)
    .optional()
    .describe('Shown this once and kept nowhere: print it as a QR code hidden on the badge (back of the card, or an NFC tag)'),
});

export const OfficerParams = z.strictObject({ officeCode: AreaCode, id: OfficerId });

export const TransitionRequest = z.strictObject({
  to: z.enum(['processed', 'rejected']),
  officerId: OfficerId,
  note: z.string().trim().min(1).max(500),
});

export const AdminSubmission = z.object({
  id: SubmissionId,
  trackingCode: TrackingCode,
  officeCode: AreaCode,
  deviceId: DeviceId,
  state: SubmissionState,
  contentHash: Sha256Hex,
  submission: Submission,
  receivedAt: z.iso.datetime(),
  note: z.string().optional(),
  conflicts: z
    .array(z.object({ contentHash: Sha256Hex, submission: z.unknown(), receivedAt: z.iso.datetime() }))
    .describe('Other versions uploaded under the same id, kept for an officer'),
});
export type AdminSubmission = z.infer<typeof AdminSubmission>;

export const IdParam = z.strictObject({ id: SubmissionId });

// ---------------------------------------------------------------------------------------------
// The route table: the OpenAPI document is generated from it.

export type AuthKind = 'none' | 'enrolment' | 'device' | 'admin';
export type RouteSpec = {
  method: 'GET' | 'POST';
  path: string; // OpenAPI style: /v1/admin/submissions/{id}
  auth: AuthKind;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Partial<Record<200 | 201 | 304, z.ZodType | null>>;
};

export const apiRoutes = {
  health: { method: 'GET', path: '/v1/health', auth: 'none', summary: 'Liveness and database kind', responses: { 200: HealthResponse } },
  enrol: {
    method: 'POST',
    path: '/v1/devices/enrol',
    auth: 'enrolment',
    summary: 'Exchange a one-time token for a device id and secret',
    body: EnrolRequest,
    responses: { 201: EnrolResponse },
  },
  catalogue: {
    method: 'GET',
    path: '/v1/catalogue',
    auth: 'device',
    summary: 'Signed service catalogue for the device office (ETag; 304 when unchanged)',
    responses: { 200: SignedCatalogue, 304: null },
  },
  uploadSubmissions: {
    method: 'POST',
    path: '/v1/submissions/batch',
    auth: 'device',
    summary: 'Upload up to 100 submissions; answered per item; idempotent by id and content hash',
    body: UploadBatchRequest,
    responses: { 200: UploadBatchResponse },
  },
  changes: {
    method: 'GET',
    path: '/v1/submissions/changes',
    auth: 'device',
    summary: 'State changes of this device submissions after a cursor',
    query: ChangesQuery,
    responses: { 200: ChangesResponse },
  },
  uploadAudit: {
    method: 'POST',
    path: '/v1/audit/batch',
    auth: 'device',
    summary: 'Append hash-chained audit entries',
    body: AuditBatchRequest,
    responses: { 200: AuditBatchResponse },
  },
  auditHead: {
    method: 'GET',
    path: '/v1/audit/head',
    auth: 'device',
    summary: 'The last audit entry the server holds for this device, to re-link a kiosk log that was lost',
    responses: { 200: AuditHeadResponse },
  },
  heartbeat: {
    method: 'POST',
    path: '/v1/heartbeat',
    auth: 'device',
    summary: 'Version, queue depth and device health',
    body: HeartbeatRequest,
    responses: { 200: HeartbeatResponse },
  },
  help: { method: 'POST', path: '/v1/help', auth: 'device', summary: 'A resident asked for help', body: HelpUpload, responses: { 200: HelpResponse, 201: HelpResponse } },
  officers: {
    method: 'GET',
    path: '/v1/officers',
    auth: 'device',
    summary: 'Officers of the device office: never a PIN verifier; for badge holders a per-kiosk PIN + badge verifier',
    responses: { 200: OfficersResponse },
  },
  verifyPin: {
    method: 'POST',
    path: '/v1/officers/{id}/verify-pin',
    auth: 'device',
    summary: 'The server checks an officer PIN: a growing delay from the 3rd wrong PIN in a row, locked at the 10th; only for an officer of the device office',
    params: OfficerIdParam,
    body: VerifyPinRequest,
    responses: { 200: VerifyPinResponse },
  },
  createEnrolmentToken: {
    method: 'POST',
    path: '/v1/admin/enrolment-tokens',
    auth: 'admin',
    summary: 'Issue a one-time enrolment token for an office',
    body: CreateEnrolmentTokenRequest,
    responses: { 201: CreateEnrolmentTokenResponse },
  },
  createOfficer: {
    method: 'POST',
    path: '/v1/admin/officers',
    auth: 'admin',
    summary: 'Add or replace an officer (new PIN, unlocked); refuses common PINs; with badge: true, answers a new badge code once',
    body: CreateOfficerRequest,
    responses: { 201: CreateOfficerResponse },
  },
  deactivateOfficer: {
    method: 'POST',
    path: '/v1/admin/offices/{officeCode}/officers/{id}/deactivate',
    auth: 'admin',
    summary: 'Deactivate an officer: still listed to kiosks, with active false and no offline verifier, so a kiosk that cached them refuses them; adding them again reactivates',
    params: OfficerParams,
    responses: { 200: AdminOfficer },
  },
  unlockOfficer: {
    method: 'POST',
    path: '/v1/admin/offices/{officeCode}/officers/{id}/unlock',
    auth: 'admin',
    summary: 'Lift the lock (and the delay) after wrong PINs; 404 if the office has no such officer',
    params: OfficerParams,
    responses: { 200: AdminOfficer },
  },
  getSubmission: {
    method: 'GET',
    path: '/v1/admin/submissions/{id}',
    auth: 'admin',
    summary: 'One submission with any conflicting versions',
    params: IdParam,
    responses: { 200: AdminSubmission },
  },
  transition: {
    method: 'POST',
    path: '/v1/admin/submissions/{id}/transition',
    auth: 'admin',
    summary: 'Move a received submission to processed or rejected, with a note',
    params: IdParam,
    body: TransitionRequest,
    responses: { 200: AdminSubmission },
  },
  takeQueueNumber: {
    method: 'POST',
    path: '/v1/queue/tickets',
    auth: 'device',
    summary:
      'Issue the next queue number of a desk lane for the office day, unique across the office; 201 new, 200 the same ticket again for a request id this kiosk used before; ' +
      '403 for another office, 404 when the office has no queue desks, 422 when the request id was used for another desk',
    body: TakeTicketRequest,
    responses: { 200: CentralTicket, 201: CentralTicket },
  },
  reportKioskTickets: {
    method: 'POST',
    path: '/v1/queue/kiosk-tickets',
    auth: 'device',
    summary: 'Numbers the kiosk issued from its own range while offline, answered per ticket; idempotent by number; 403 for another office',
    body: KioskTicketsRequest,
    responses: { 200: KioskTicketsResponse },
  },
  queueDay: {
    method: 'GET',
    path: '/v1/admin/offices/{officeCode}/queue',
    auth: 'admin',
    summary: 'Every queue number of an office day, central and kiosk-issued, in the order issued',
    params: QueueDayParams,
    query: QueueDayQuery,
    responses: { 200: QueueDayResponse },
  },
} as const satisfies Record<string, RouteSpec>;
export type RouteName = keyof typeof apiRoutes;
