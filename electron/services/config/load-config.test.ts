import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, loadConfig } from './load-config';

/** Works on a copy of the shipped kiosk-config, so each test can break one file. */
const shipped = path.resolve(import.meta.dirname, '..', '..', '..', 'kiosk-config');
let root: string;
let officeDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tuntun-config-'));
  await cp(shipped, root, { recursive: true });
  officeDir = path.join(root, 'offices', 'tigaraksa');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function editJson(file: string, edit: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

describe('loadConfig', () => {
  it('loads the shipped Tigaraksa office with its services in order', async () => {
    const result = await loadConfig(officeDir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.snapshot.office.code).toBe('36.03.03');
    expect(result.snapshot.office.timeZone).toBe('Asia/Jakarta');
    expect(result.snapshot.unavailable).toEqual([]);
    expect(result.snapshot.services.map((s) => s.id)).toEqual(result.snapshot.office.services);
  });

  it('names the file and the field of a malformed office file', async () => {
    await editJson(path.join(officeDir, 'office.json'), (json) => {
      json['timeZone'] = 'Asia/Singapore';
      delete json['name'];
    });
    const result = await loadConfig(officeDir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatProblem);
    expect(lines).toContainEqual(expect.stringMatching(/^offices\/tigaraksa\/office\.json: timeZone: /u));
    expect(lines).toContainEqual(expect.stringMatching(/^offices\/tigaraksa\/office\.json: name: /u));
  });

  it('reports a file that is not JSON, and a missing file', async () => {
    await writeFile(path.join(officeDir, 'office.json'), '{ "code": ');
    const broken = await loadConfig(officeDir);
    expect(broken.ok ? [] : broken.problems.map(formatProblem)).toEqual([expect.stringMatching(/office\.json: \(file\): Not valid JSON/u)]);

    const missing = await loadConfig(path.join(root, 'offices', 'nowhere'));
    expect(missing.ok ? [] : missing.problems.map(formatProblem)).toEqual(['offices/nowhere/office.json: (file): File not found']);
  });

  it('makes only the broken service unavailable, keeping its title for the tile', async () => {
    await editJson(path.join(root, 'services', 'sktm.json'), (json) => {
      json['icon'] = 'no-such-icon';
    });
    const result = await loadConfig(officeDir);
    if (!result.ok) throw new Error('office should still load');
    expect(result.snapshot.services.map((s) => s.id)).not.toContain('sktm');
    expect(result.snapshot.services.length).toBe(result.snapshot.office.services.length - 1);
    expect(result.snapshot.unavailable).toEqual([
      { id: 'sktm', title: expect.objectContaining({ id: 'Surat Tidak Mampu' }), problems: [expect.objectContaining({ path: 'icon' })] },
    ]);
  });

  it('refuses a tile label of more than three words and a missing English text', async () => {
    await editJson(path.join(root, 'services', 'surat-usaha.json'), (json) => {
      json['title'] = { id: 'Surat Keterangan Usaha Kecil Menengah' };
    });
    const result = await loadConfig(officeDir);
    if (!result.ok) throw new Error('office should still load');
    const problems = result.snapshot.unavailable.find((s) => s.id === 'surat-usaha')?.problems ?? [];
    expect(problems).toContainEqual({ path: 'title', message: 'At most three words per language' });
  });

  it('refuses a service whose id differs from its file name', async () => {
    await editJson(path.join(root, 'services', 'ktp-el.json'), (json) => {
      json['id'] = 'ktp';
    });
    const result = await loadConfig(officeDir);
    if (!result.ok) throw new Error('office should still load');
    expect(result.snapshot.unavailable.find((s) => s.id === 'ktp-el')?.problems).toContainEqual({ path: 'id', message: 'Must equal the file name "ktp-el"' });
  });
});
