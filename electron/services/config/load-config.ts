import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { ConfigSnapshot, UnavailableService } from '../../../core/contract/bridge';
import { formatPath, type Issue } from '../../../core/contract/result';
import { LocalizedText } from '../../../core/config/locale';
import { OfficeConfig } from '../../../core/config/office-config';
import { checkServiceDefinition } from '../../../core/flow/check-service-definition';
import { checkQueueService } from '../../../core/queue/check-queue-service';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import type { Locale } from '../../../core/config/locale';

/**
 * Reads an office directory (`kiosk-config/offices/<office>/office.json`) and the services it
 * lists (`kiosk-config/services/<id>.json`, two levels up). An invalid office file makes the whole
 * config invalid; an invalid service file makes only that service unavailable.
 *
 * Every problem is reported as `file: field.path: message`, with the file relative to the
 * kiosk-config root, so IT staff can go straight to the line.
 */
export type ConfigProblem = { file: string; path: string; message: string };
export type LoadConfigResult = { ok: true; snapshot: ConfigSnapshot } | { ok: false; problems: ConfigProblem[] };

export const OFFICE_FILE = 'office.json';

export function configRootOf(officeDir: string): string {
  return path.resolve(officeDir, '..', '..');
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}

export function problemsToIssues(problems: readonly ConfigProblem[]): Issue[] {
  return problems.map((p) => ({ path: `${p.file}: ${p.path}`, message: p.message }));
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

async function readJson<S extends z.ZodType>(file: string, root: string, schema: S): Promise<Parsed<z.output<S>>> {
  const rel = path.relative(root, file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, problems: [{ file: rel, path: '(file)', message: missing ? 'File not found' : `Cannot read: ${String(error)}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ file: rel, path: '(file)', message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ file: rel, path: formatPath(issue.path), message: issue.message })),
    };
  }
  return { ok: true, value: parsed.data };
}

/** Best effort: the title of a service whose file failed, so its tile can still say what it was. */
async function titleOf(file: string): Promise<z.infer<typeof LocalizedText> | null> {
  try {
    const json: unknown = JSON.parse(await readFile(file, 'utf8'));
    const title = LocalizedText.safeParse((json as { title?: unknown } | null)?.title);
    return title.success ? title.data : null;
  } catch {
    return null;
  }
}

export async function loadConfig(officeDir: string, now: () => Date = () => new Date()): Promise<LoadConfigResult> {
  const root = configRootOf(officeDir);
  const office = await readJson(path.join(officeDir, OFFICE_FILE), root, OfficeConfig);
  if (!office.ok) return { ok: false, problems: office.problems };

  const services: ConfigSnapshot['services'] = [];
  const unavailable: UnavailableService[] = [];
  for (const id of office.value.services) {
    const file = path.join(root, 'services', `${id}.json`);
    const service = await readJson(file, root, ServiceDefinition);
    const problems = service.ok ? crossCheckService(service.value, id, office.value, path.relative(root, file)) : service.problems;
    if (service.ok && problems.length === 0) services.push(service.value);
    else unavailable.push({ id, title: await titleOf(file), problems: problems.map(({ path: p, message }) => ({ path: p, message })) });
  }
  return { ok: true, snapshot: { office: office.value, services, unavailable, loadedAt: now().toISOString() } };
}

/**
 * Rules beyond one field: the flow checks of core/flow (references, order, translations for every
 * enabled language, consent first), the id matching the file name, and the queue service's desks
 * matching the office's queue.
 */
function crossCheckService(service: z.infer<typeof ServiceDefinition>, fileId: string, office: z.infer<typeof OfficeConfig>, file: string): ConfigProblem[] {
  const locales: readonly Locale[] = office.locales.enabled;
  const problems: ConfigProblem[] = checkServiceDefinition(service, { locales }).map((p) => ({ file, ...p }));
  problems.push(...checkQueueService(service, office.queue).map((p) => ({ file, ...p })));
  if (service.id !== fileId) problems.push({ file, path: 'id', message: `Must equal the file name "${fileId}"` });
  return problems;
}
