import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { OfficeConfig, ServiceDefinition as ServiceDefinitionSchema } from '../../../core/contract/central-api';

/**
 * Where catalogues come from: a kiosk-config directory (`offices/<name>/office.json`, each
 * listing service ids; `services/<id>.json`). The files are parsed with the kiosk's own schemas.
 * A broken office file drops that office and a broken service file drops that service; both are
 * reported as problems (file and field) for the log, never sent to kiosks.
 *
 * The files are read on every request (a few small files) but parsed again only when their
 * content changed, so IT can edit a service and the next catalogue request serves it. Content, not
 * mtime: an edit within the same second on a coarse-clock file system is still seen.
 */
export type ServiceDefinition = z.output<typeof ServiceDefinitionSchema>;
/** An office as its office.json says, with its valid services; `timeZone` and `queue` are for queue numbers. */
export type OfficeServices = {
  officeCode: string;
  services: ServiceDefinition[];
  timeZone: OfficeSettings['timeZone'];
  queue: OfficeSettings['queue'];
};
type OfficeSettings = z.output<typeof OfficeConfig>;
export type CatalogueProblem = { file: string; message: string };

export interface CatalogueSource {
  /** The office with this area code and its valid services; null when no office has it. */
  office(officeCode: string): Promise<OfficeServices | null>;
  /** What is wrong in the files right now, for the log at start. */
  problems(): Promise<CatalogueProblem[]>;
}

type Index = { offices: Map<string, OfficeServices>; problems: CatalogueProblem[] };

export function directoryCatalogue(root: string): CatalogueSource {
  let cached: { fingerprint: string; index: Index } | undefined;
  const current = async (): Promise<Index> => {
    const files = await readFiles(root);
    const hash = createHash('sha256');
    for (const [file, text] of files) hash.update(`${file}\u0000${text}\u0000`);
    const fingerprint = hash.digest('hex');
    if (cached?.fingerprint !== fingerprint) cached = { fingerprint, index: readIndex(files) };
    return cached.index;
  };
  return {
    office: async (officeCode) => (await current()).offices.get(officeCode) ?? null,
    problems: async () => (await current()).problems,
  };
}

/** Every file that matters, by path relative to the root, in a stable order. */
async function readFiles(root: string): Promise<Map<string, string>> {
  const candidates: string[] = [];
  for (const dir of await listDir(path.join(root, 'offices'))) candidates.push(path.join('offices', dir, 'office.json'));
  for (const file of await listDir(path.join(root, 'services'))) if (file.endsWith('.json')) candidates.push(path.join('services', file));
  const files = new Map<string, string>();
  for (const file of candidates.sort()) {
    try {
      files.set(file, await readFile(path.join(root, file), 'utf8'));
    } catch {
      // Not a readable file (a directory, or removed since the listing): it is simply not there.
    }
  }
  return files;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

function readIndex(files: ReadonlyMap<string, string>): Index {
  const offices = new Map<string, OfficeServices>();
  const problems: CatalogueProblem[] = [];
  const services = new Map<string, ServiceDefinition | null>();

  const service = (id: string): ServiceDefinition | null => {
    if (!services.has(id)) {
      const file = path.join('services', `${id}.json`);
      const text = files.get(file);
      const parsed = text === undefined ? missing(file, problems) : parseJson(file, text, ServiceDefinitionSchema, problems);
      if (parsed !== null && parsed.id !== id) problems.push({ file, message: `id: must equal the file name "${id}"` });
      // `$schema` is an editor hint about a path on the author's disk, not catalogue content.
      services.set(id, parsed === null || parsed.id !== id ? null : withoutSchema(parsed));
    }
    return services.get(id) ?? null;
  };

  for (const [file, text] of files) {
    if (!file.startsWith(`offices${path.sep}`)) continue;
    const office = parseJson(file, text, OfficeConfig, problems);
    if (office === null) continue;
    if (offices.has(office.code)) {
      problems.push({ file, message: `code: office ${office.code} is defined twice; the first one is used` });
      continue;
    }
    const list: ServiceDefinition[] = [];
    for (const id of office.services) {
      const definition = service(id);
      if (definition !== null) list.push(definition);
    }
    offices.set(office.code, { officeCode: office.code, services: list, timeZone: office.timeZone, queue: office.queue });
  }
  return { offices, problems };
}

function parseJson<S extends z.ZodType>(file: string, text: string, schema: S, problems: CatalogueProblem[]): z.output<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push({ file, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    return null;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push({ file, message: `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` });
  return null;
}

function missing(file: string, problems: CatalogueProblem[]): null {
  problems.push({ file, message: 'listed by an office but the file does not exist' });
  return null;
}

function withoutSchema(definition: ServiceDefinition): ServiceDefinition {
  const content = { ...definition };
  delete content.$schema;
  return content;
}
