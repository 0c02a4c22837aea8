import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run config:validate` as IT staff run it, on a copy of the shipped config with one kind of
 * mistake in each of several service files and one clip deleted.
 */
const repo = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let root: string;

type Json = Record<string, unknown> & { steps: Record<string, unknown>[] };

async function edit(file: string, change: (json: Json) => void) {
  const json = JSON.parse(await readFile(file, 'utf8')) as Json;
  change(json);
  await writeFile(file, JSON.stringify(json, null, 2));
}

async function validate(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(repo, 'scripts', 'validate-config.ts'), ...args], { cwd: root });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tuntun-validate-'));
  await cp(path.join(repo, 'kiosk-config'), root, { recursive: true });
  const services = path.join(root, 'services');
  // An unknown step kind.
  await edit(path.join(services, 'surat-usaha.json'), (json) => {
    (json.steps[3] as Record<string, unknown>)['kind'] = 'camera';
  });
  // A condition on an answer no step gives.
  await edit(path.join(services, 'akta-kematian.json'), (json) => {
    (json.steps[3] as Record<string, unknown>)['when'] = { answer: 'no-such-step', equals: 'x' };
  });
  // A step that can never show: its condition names an option value the choice does not have.
  await edit(path.join(services, 'nomor-antrian.json'), (json) => {
    (json.steps[1] as Record<string, unknown>)['when'] = { answer: 'desk', equals: 'no-such-desk' };
  });
  // A missing English text.
  await edit(path.join(services, 'puskesmas.json'), (json) => {
    json['summary'] = { id: 'Daftar berobat di Puskesmas.' };
  });
  // A deleted clip.
  await unlink(path.join(root, 'audio', 'id', 'ui.nav.back.ogg'));
  // A printer on a port that cannot exist.
  await writeFile(
    path.join(root, 'offices', 'tigaraksa', 'devices.json'),
    JSON.stringify({ receiptPrinter: { driver: 'escpos', transport: { kind: 'tcp', host: '192.168.1.50', port: 99_100 } } }),
  );
  // A kiosk's own devices file with a driver that does not exist.
  await writeFile(path.join(root, 'kiosk-07.json'), JSON.stringify({ receiptPrinter: { driver: 'star' } }));
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('npm run config:validate', () => {
  it('passes the shipped config', async () => {
    const result = await validate(path.join(repo, 'kiosk-config', 'offices', 'tigaraksa'));
    expect(result.out).toContain('12 services ready');
    expect(result.out).toContain('devices.json: receiptPrinter simulator, documentPrinter simulator');
    expect(result.code).toBe(0);
  }, 30_000);

  it('names the file and the field of every mistake, and exits 1', async () => {
    const result = await validate(path.join(root, 'offices', 'tigaraksa'));
    expect(result.code).toBe(1);
    expect(result.out).toContain('8 services ready, 4 unavailable');
    expect(result.out).toMatch(/services\/surat-usaha\.json: steps\[3\]\.kind: /u);
    expect(result.out).toMatch(/services\/akta-kematian\.json: steps\[3\]\.when\.answer: .*no-such-step/u);
    expect(result.out).toMatch(/services\/nomor-antrian\.json: steps\[1\]\.when.*no-such-desk/u);
    expect(result.out).toMatch(/services\/puskesmas\.json: summary\.en: /u);
    expect(result.out).toMatch(/audio: .*ui\.nav\.back/u);
    expect(result.out).toMatch(/devices\.json: receiptPrinter\.transport\.port: .*65535/u);
  }, 30_000);

  it("checks a kiosk's own devices file given with --devices", async () => {
    const result = await validate(path.join(repo, 'kiosk-config', 'offices', 'tigaraksa'), '--devices', path.join(root, 'kiosk-07.json'));
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/kiosk-07\.json: receiptPrinter\.driver: /u);
    expect((await validate(path.join(repo, 'kiosk-config', 'offices', 'tigaraksa'), '--devices', path.join(root, 'missing.json'))).out).toContain('missing.json: not found');
  }, 30_000);
});
