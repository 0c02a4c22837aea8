import { describe, expect, it } from 'vitest';
import { decodeAreaAsset } from '../../renderer/src/area/area-asset';
import { areaDataPlugin, buildAreaAssetFile } from './area-data-plugin';

describe('area data build', () => {
  it('makes one hashed asset from the installed idn-area-data, the same on every build', () => {
    const first = buildAreaAssetFile();
    expect(first.fileName).toMatch(/^area\/areas-[0-9a-f]{12}\.json$/u);
    expect(first.version).toMatch(/^4\.0\.1-[0-9a-f]{12}$/u);
    expect(first.counts).toEqual({ provinces: 38, regencies: 514, districts: 7285, villages: 83762 });
    expect(first.attribution).toBe('Data wilayah: idn-area-data (ODbL 1.0), fityannugroho');
    const decoded = decodeAreaAsset(JSON.parse(first.json));
    expect(decoded.ok && decoded.value.villages.length).toBe(83762);
    expect(buildAreaAssetFile().version, 'the version is the content hash, stable across builds').toBe(first.version);
  });

  it('serves `virtual:area-data` with the URL, version and counts', async () => {
    const plugin = areaDataPlugin();
    const resolveId = plugin.resolveId as (id: string) => string | undefined;
    const load = plugin.load as (id: string) => string | undefined;
    const id = resolveId('virtual:area-data');
    expect(id).toBe('\0virtual:area-data');
    const code = load(id ?? '') ?? '';
    const built = buildAreaAssetFile();
    expect(code).toContain(`export const url = ${JSON.stringify(built.fileName)};`);
    expect(code).toContain(`export const version = ${JSON.stringify(built.version)};`);
    expect(code).toContain('"villages":83762');
    expect(resolveId('react')).toBeUndefined();
  });
});
