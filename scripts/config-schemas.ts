import { z } from 'zod';
import { DeviceConfig } from '../core/config/device-config';
import { OfficeConfig } from '../core/config/office-config';
import { ServiceDefinition } from '../core/flow/service-definition';

/**
 * The JSON Schemas in kiosk-config/schema/, generated from the zod schemas the kiosk itself uses.
 * Editors use them for completion and the `.describe()` texts as hover help.
 */
export const CONFIG_SCHEMAS = {
  'office-config.schema.json': OfficeConfig,
  'service-definition.schema.json': ServiceDefinition,
  'device-config.schema.json': DeviceConfig,
} as const;

export function renderSchema(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
}
