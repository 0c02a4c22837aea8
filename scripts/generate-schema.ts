/** `npm run config:schema`: writes kiosk-config/schema/*.schema.json from the zod schemas. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_SCHEMAS, renderSchema } from './config-schemas';

const dir = path.resolve(import.meta.dirname, '..', 'kiosk-config', 'schema');
for (const [file, schema] of Object.entries(CONFIG_SCHEMAS)) {
  await writeFile(path.join(dir, file), renderSchema(schema));
  console.log(`wrote kiosk-config/schema/${file}`);
}
