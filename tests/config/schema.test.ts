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

  it('documents every field of the devices file, at every depth, for IT staff', () => {
    const undocumented: string[] = [];
    let fields = 0;
    const walk = (node: unknown, where: string) => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as { properties?: Record<string, { description?: string }>; oneOf?: unknown[]; items?: unknown };
      for (const [name, field] of Object.entries(schema.properties ?? {})) {
        fields += 1;
        if (name !== '$schema' && (field.description ?? '') === '') undocumented.push(`${where}.${name}`);
        walk(field, `${where}.${name}`);
      }
      for (const [i, option] of (schema.oneOf ?? []).entries()) walk(option, `${where}[${i}]`);
    };
    walk(JSON.parse(renderSchema(CONFIG_SCHEMAS['device-config.schema.json'])), 'devices');
    // A floor, so a walk that silently found nothing cannot pass.
    expect(fields).toBeGreaterThan(30);
    expect(undocumented).toEqual([]);
  });
});
