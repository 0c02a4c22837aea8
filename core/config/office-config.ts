import { z } from 'zod';
import { Locale } from './locale';

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
  })
  .describe('One office: who it is, its languages and the services its kiosk offers');
export type OfficeConfigInput = z.input<typeof OfficeConfig>;
export type OfficeConfig = z.infer<typeof OfficeConfig>;
