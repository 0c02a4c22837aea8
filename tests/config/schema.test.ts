import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMAS, renderSchema } from '../../scripts/config-schemas';

describe('kiosk-config/schema', () => {
  it.each(Object.entries(CONFIG_SCHEMAS))('%s matches the zod schema (run npm run config:schema after a change)', async (file, schema) => {
    const onDisk = await readFile(path.resolve(import.meta.dirname, '..', '..', 'kiosk-config', 'schema', file), 'utf8');
    expect(onDisk).toBe(renderSchema(schema));
  });

  it('documents every office field for config authors', () => {
    const schema = JSON.parse(renderSchema(CONFIG_SCHEMAS['office-config.schema.json'])) as { properties: Record<string, { description?: string }> };
    const undocumented = Object.entries(schema.properties)
      .filter(([name, field]) => name !== '$schema' && (field.description ?? '') === '')
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });
});
