import { z } from 'zod';
import { Locale, LocalizedText } from './locale';

/** Kemendagri area code of the office: district `36.03.03` or village `36.03.03.1001`. */
export const AreaCode = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/u, 'Expected a district code like 36.03.03 or a village code like 36.03.03.1001')
  .describe('Kemendagri area code, as in idn-area-data: district 36.03.03 or village 36.03.03.1001');

export const ServiceId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/u, 'Use lower-case letters, digits and dashes, e.g. surat-domisili')
  .describe('Service identifier; also the name of its file in kiosk-config/services/ (without .json)');
export type ServiceId = z.infer<typeof ServiceId>;

const QueueLetter = z
  .string()
  .regex(/^[A-Z]$/u, 'One capital letter, A to Z')
  .describe('The letter in front of every number of this lane: A for A-012. One letter is one queue of its own, numbered from 1 each day');

/** A queue: its letter and the counter (loket) whose officer calls it. */
export const QueueLane = z
  .strictObject({
    letter: QueueLetter,
    counter: LocalizedText.describe('Where the resident goes when called, printed on the ticket: {"id": "Loket 1", "en": "Desk 1"}'),
  })
  .describe('A queue lane: a letter and the counter that calls it');
export type QueueLane = z.infer<typeof QueueLane>;

export const QueueDesk = QueueLane.extend({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/u, 'Lower-case letters, digits and dashes, e.g. civil-registration')
    .describe("The value of the resident's answer to the desk question of the queue service (an option value of its choice step), e.g. civil-registration"),
  priority: QueueLane.optional().describe('Priority tickets for this desk go to this lane instead of the office-wide priority lane'),
}).describe('One choice of the queue service: the lane (letter) its tickets are numbered in and the counter that calls them');
export type QueueDesk = z.infer<typeof QueueDesk>;

/**
 * Several desks may share one letter (one queue called at one counter, e.g. "collect documents"
 * and "questions" both at Loket 3); then they must name the same counter, or a ticket would send
 * its holder to a counter that never calls it. A letter is a regular lane or a priority lane, never
 * both, so a priority ticket is never numbered among the others.
 */
function checkLanes(queue: { desks: QueueDesk[]; priority?: QueueLane | undefined }, ctx: z.RefinementCtx): void {
  const seenDesks = new Set<string>();
  const lanes = new Map<string, { counter: string; priority: boolean; where: string }>();
  const claim = (lane: QueueLane, priority: boolean, path: (string | number)[]) => {
    const counter = JSON.stringify(lane.counter);
    const where = path.join('.');
    const held = lanes.get(lane.letter);
    if (held === undefined) lanes.set(lane.letter, { counter, priority, where });
    else if (held.priority !== priority) {
      ctx.addIssue({ code: 'custom', path: [...path, 'letter'], message: `Letter ${lane.letter} is already a ${held.priority ? 'priority' : 'regular'} lane (${held.where}): a lane is one or the other` });
    } else if (held.counter !== counter) {
      ctx.addIssue({ code: 'custom', path: [...path, 'counter'], message: `Lane ${lane.letter} is called at one counter: use the same counter text as ${held.where}` });
    }
  };
  queue.desks.forEach((desk, index) => {
    if (seenDesks.has(desk.id)) ctx.addIssue({ code: 'custom', path: ['desks', index, 'id'], message: `Desk ${desk.id} is listed twice` });
    seenDesks.add(desk.id);
    claim(desk, false, ['desks', index]);
  });
  if (queue.priority !== undefined) claim(queue.priority, true, ['priority']);
  queue.desks.forEach((desk, index) => {
    if (desk.priority !== undefined) claim(desk.priority, true, ['desks', index, 'priority']);
  });
}

export const QueueConfig = z
  .strictObject({
    service: ServiceId.default('nomor-antrian').describe('The service whose "Ambil nomor" takes a queue number'),
    deskStep: z
      .string()
      .default('desk')
      .describe('Id of the choice step of that service whose answer names the desk; each of its option values must be a desk id below'),
    priorityStep: z
      .string()
      .default('priority')
      .describe('Id of the choice step of that service that asks for priority service'),
    priorityValue: z.string().default('yes').describe('The answer to priorityStep that means "yes, priority"'),
    desks: z.array(QueueDesk).min(1).max(26).describe('One entry per desk the resident can choose, with the letter of its lane and its counter'),
    priority: QueueLane.optional().describe(
      'The lane for priority tickets (older people, pregnant women, people with disabilities or small children) of every desk without a priority lane of its own. ' +
        "Without it (and without one on the desk), priority tickets are numbered in the desk's own lane",
    ),
  })
  .superRefine(checkLanes)
  .describe(
    'Queue numbers (Nomor Antrian): per desk a lane with its letter, numbered from 1 every day in the office time zone (A-001, A-002 …), ' +
      'the same across every kiosk of the office. A kiosk that cannot reach the central API issues numbers of its own range, with its kiosk number: A-K2-001',
  );
export type QueueConfigInput = z.input<typeof QueueConfig>;
export type QueueConfig = z.infer<typeof QueueConfig>;

export const OfficeConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors'),
    code: AreaCode,
    kind: z.enum(['kecamatan', 'kelurahan', 'desa']).describe('What kind of office this is'),
    name: z.string().trim().min(3).describe('Office name as residents know it, e.g. "Kecamatan Tigaraksa"'),
    regency: z.string().trim().min(3).describe('Regency or city, e.g. "Kabupaten Tangerang"'),
    province: z.string().trim().min(3).describe('Province, e.g. "Banten"'),
    address: z.string().trim().min(3).optional().describe('Street address printed on receipts'),
    timeZone: z
      .enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'])
      .describe('IANA time zone: WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura'),
    locales: z
      .strictObject({
        enabled: z.array(Locale).min(1).describe('Languages offered on the language screen, in order'),
        default: Locale.describe('Language used before the resident chooses'),
      })
      .refine((l) => l.enabled.includes(l.default), { message: 'default must be one of enabled', path: ['default'] })
      .describe('Languages of this kiosk'),
    services: z
      .array(z.string())
      .min(1)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'A service is listed twice' })
      .describe(
        'Service ids shown on the home screen, in exactly this order; each has a file in kiosk-config/services/. ' +
          'Most asked-for first: the first six fill page 1 (the first four in large-text mode), ' +
          "so put there what most residents come for, from the office's own counts (e.g. queue tickets per desk)",
      ),
    idle: z
      .strictObject({
        warnAfterSeconds: z.number().int().min(15).max(600).default(60).describe('Idle time before the warning'),
        readingWarnAfterSeconds: z
          .number()
          .int()
          .min(15)
          .max(900)
          .default(120)
          .describe('Idle time before the warning on screens with a lot to read'),
        countdownSeconds: z.number().int().min(10).max(120).default(30).describe('Length of the spoken countdown'),
      })
      .prefault({})
      .describe('When an unattended session is warned about and then wiped'),
    sync: z
      .strictObject({
        purgeAfterDays: z
          .number()
          .int()
          .min(1)
          .max(90)
          .default(7)
          .describe('Days after the office has received a submission before its personal data is deleted from the kiosk'),
        overdueAfterHours: z.number().int().min(1).max(24 * 30).default(72).describe('Officers see a warning when the oldest unsent submission is older than this'),
        overduePending: z.number().int().min(1).max(100_000).default(500).describe('Officers see a warning when more submissions than this are waiting'),
        diskFloorMb: z
          .number()
          .int()
          .min(16)
          .max(1_000_000)
          .default(1024)
          .describe('Below this much free disk the kiosk stops taking new submissions and says so'),
        batchSize: z.number().int().min(1).max(100).default(50).describe('Submissions per upload request'),
        intervalSeconds: z.number().int().min(5).max(3600).default(30).describe('Time between sync rounds when all is well'),
      })
      .prefault({})
      .describe('How the kiosk keeps its local copy and talks to the central API'),
    queue: QueueConfig.optional().describe('Desks and lanes for queue numbers; required when the office offers the queue service'),
  })
  .describe('One office: who it is, its languages and the services its kiosk offers');
export type OfficeConfigInput = z.input<typeof OfficeConfig>;
export type OfficeConfig = z.infer<typeof OfficeConfig>;
