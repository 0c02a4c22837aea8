import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from './host';
import { createLogger } from './logs/logger';

/** What the host's log file holds after the renderer and the host itself have logged through it. */
const root = path.resolve(import.meta.dirname, '..', '..');
let dataDir: string;
let host: Host;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-host-logs-'));
  host = createHost({
    shell: 'web',
    runtime: 'test',
    version: '0.0.0-test',
    officeDir: path.join(root, 'kiosk-config/offices/tigaraksa'),
    dataDir,
    logger: createLogger({ dir: path.join(dataDir, 'logs'), level: 'debug', stdout: false }),
  });
  await host.start();
});
afterEach(async () => {
  await host.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function logLines(): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(dataDir, 'logs', 'tuntun.log'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the host log', () => {
  it('writes what the renderer reports under listed keys, and never a name under another key', async () => {
    expect(await host.dispatch('log.report', { level: 'warn', event: 'sync.item_held', detail: { id: '0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b', reason: 'nik: invalid', h: 'Siti Aminah', namaLengkap: 'Siti Aminah' } })).toEqual({ ok: true, value: {} });
    const text = await readFile(path.join(dataDir, 'logs', 'tuntun.log'), 'utf8');
    expect(text).not.toMatch(/Siti|Aminah/u);
    expect((await logLines()).find((line) => line['event'] === 'sync.item_held')).toMatchObject({
      scope: 'renderer',
      level: 40,
      id: '0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b',
      reason: 'nik: invalid',
      h: '[unlisted]',
      namaLengkap: '[unlisted]',
    });
  });

  it('names the event whose listener failed (the block-list used to censor it as a "name")', async () => {
    host.subscribe(() => {
      throw new Error('listener gone');
    });
    host.emit('config.changed', { loadedAt: new Date().toISOString() });
    expect((await logLines()).find((line) => line['event'] === 'event.sink_failed')).toMatchObject({ eventName: 'config.changed', error: 'listener gone', errorName: 'Error' });
  });
});
