import { z } from 'zod';
import { IconName } from '../config/icon-name';
import { LocalizedText, ShortLabel } from '../config/locale';
import { ServiceId } from '../config/office-config';
import { Step } from './step';

/**
 * A service offered at the kiosk, as data. Adding a service is adding a file in
 * kiosk-config/services/; nothing in the code names a service.
 *
 * The schema checks each field on its own. Rules that span fields (conditions on missing or later
 * answers, the order review → submit → done, translations for the office's languages) are in
 * checkServiceDefinition, because some depend on the office that loads the file.
 *
 * No transforms: the same schema must turn into JSON Schema for editors and must accept its own
 * output, because the parsed definition crosses the bridge and is parsed again there.
 */
export const ServiceDefinition = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors'),
    id: ServiceId,
    version: z.number().int().min(1).describe('Raise by one on every change; submissions record it'),
    icon: IconName.describe('Icon on the home-screen tile'),
    title: ShortLabel.describe('Tile label: at most three words per language'),
    summary: LocalizedText.describe('One sentence saying what the resident gets'),
    eligibility: LocalizedText.optional().describe('Who may ask for this service, e.g. "Warga yang ber-KTP di kecamatan ini"'),
    requirements: z
      .array(LocalizedText)
      .describe('Documents to bring ("persyaratan"), one per entry, shown on the service information screen'),
    processingTime: LocalizedText.describe('Expected processing time in plain words, e.g. "1 hari kerja"'),
    output: LocalizedText.describe('What the resident receives in the end, e.g. "Surat Keterangan Tidak Mampu bertanda tangan Lurah"'),
    counter: z
      .strictObject({
        code: z
          .string()
          .regex(/^[A-Z0-9]{1,3}$/u, 'One to three capital letters or digits, e.g. "B"')
          .describe('Short code printed before queue numbers, e.g. "B" for B-017'),
        name: LocalizedText.describe('The desk residents go to, e.g. "Loket 2 Pelayanan Umum"'),
      })
      .optional()
      .describe('The desk (loket) that handles this service, printed on the receipt'),
    steps: z
      .array(Step)
      .min(3)
      .describe('The screens, in order. Ends with review (somewhere before), submit, then done'),
  })
  .describe('A service the kiosk offers');
export type ServiceDefinitionInput = z.input<typeof ServiceDefinition>;
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;

/**
 * JSON Schema for service files, for editors and `kiosk-config/schema/`. `io: 'input'` describes
 * what authors write (optional fields stay optional); refinements such as "at most three words"
 * cannot be expressed in JSON Schema and are checked at load.
 */
export function serviceDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ServiceDefinition, { io: 'input', target: 'draft-2020-12' });
}
