import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_CATALOGUE } from './harness';

/**
 * A catalogue directory with three offices for the queue suites: Tigaraksa as shipped (its
 * office.json copied from the repo, queue desks included), a neighbouring office with the same
 * desks and letters (so that a number of one can be mistaken for the other's), and an office
 * that offers no queue. Written to a temp directory; `remove` deletes it.
 */
export const NEIGHBOUR_OFFICE = '36.03.04';
export const NO_QUEUE_OFFICE = '36.03.05';

export async function queueCatalogue(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tuntun-queue-catalogue-'));
  const shipped = JSON.parse(await readFile(path.join(REPO_CATALOGUE, 'offices', 'tigaraksa', 'office.json'), 'utf8')) as Record<string, unknown>;
  const offices: Record<string, Record<string, unknown>> = {
    tigaraksa: { ...shipped, services: ['nomor-antrian'] },
    cikupa: { ...shipped, code: NEIGHBOUR_OFFICE, name: 'Kecamatan Cikupa', services: ['nomor-antrian'] },
    jambe: { ...shipped, code: NO_QUEUE_OFFICE, name: 'Kecamatan Jambe', services: ['cek-status'], queue: undefined },
  };
  for (const [name, office] of Object.entries(offices)) {
    await mkdir(path.join(dir, 'offices', name), { recursive: true });
    await writeFile(path.join(dir, 'offices', name, 'office.json'), JSON.stringify(office));
  }
  await mkdir(path.join(dir, 'services'));
  for (const service of ['nomor-antrian', 'cek-status']) await copyFile(path.join(REPO_CATALOGUE, 'services', `${service}.json`), path.join(dir, 'services', `${service}.json`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
