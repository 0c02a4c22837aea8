import { describe, expect, it } from 'vitest';
import { AREA_ATTRIBUTION, buildAreaAsset, countAreas, decodeAreaAsset } from './area-asset';
import { realAreas } from './real-areas.fixture';

const SMALL = {
  provinces: 'code,name\n36,Banten\n',
  regencies: 'code,province_code,name\n36.03,36,Kabupaten Tangerang\n',
  districts: 'code,regency_code,name\n36.03.03,36.03,Tigaraksa\n',
  villages: 'code,district_code,name\n36.03.03.2002,36.03.03,Pasir Bolang\n36.03.03.1001,36.03.03,"Tiga""raksa, Kota"\n',
};

describe('area asset', () => {
  it('holds every area of idn-area-data 4.0.1, credited as ODbL asks', () => {
    const { asset, rows } = realAreas();
    expect(countAreas(asset)).toEqual({ provinces: 38, regencies: 514, districts: 7285, villages: 83762 });
    expect(asset.attribution).toBe(AREA_ATTRIBUTION);
    expect(AREA_ATTRIBUTION).toBe('Data wilayah: idn-area-data (ODbL 1.0), fityannugroho');
    expect(rows.villages.find((v) => v.code === '36.03.03.1001')).toEqual({ code: '36.03.03.1001', districtCode: '36.03.03', name: 'Tigaraksa' });
    expect(rows.villages.find((v) => v.code === '12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
    expect(rows.villages.find((v) => v.code === '35.13.15.2017')?.name).toBe('Soka"an');
    expect(rows.districts.find((d) => d.code === '36.03.03')).toEqual({ code: '36.03.03', regencyCode: '36.03', name: 'Tigaraksa' });
    expect(rows.regencies.find((r) => r.code === '36.03')).toEqual({ code: '36.03', provinceCode: '36', name: 'Kabupaten Tangerang' });
  });

  it('is compact: arrays grouped by district, under 2 MB of JSON for 83,762 villages', () => {
    expect(JSON.stringify(realAreas().asset).length).toBeLessThan(2_000_000);
  });

  it('round-trips rows, sorted by code', () => {
    const decoded = decodeAreaAsset(JSON.parse(JSON.stringify(buildAreaAsset(SMALL, 'test'))));
    expect(decoded.ok && decoded.value.villages).toEqual([
      { code: '36.03.03.1001', districtCode: '36.03.03', name: 'Tiga"raksa, Kota' },
      { code: '36.03.03.2002', districtCode: '36.03.03', name: 'Pasir Bolang' },
    ]);
  });

  it('fails the build on data the compact form cannot hold', () => {
    expect(() => buildAreaAsset({ ...SMALL, villages: 'code,district_code,name\n36.03.04.1001,36.03.03,X\n' }, 'test')).toThrow(
      'villages.csv:2: 36.03.04.1001 is listed under 36.03.03, not its code prefix',
    );
    expect(() => buildAreaAsset({ ...SMALL, districts: 'code,regency_code,name\n36.04.01,36.04,X\n' }, 'test')).toThrow(/not in the parent file/u);
    expect(() => buildAreaAsset({ ...SMALL, provinces: 'code,name\n36,Banten\n36,Banten\n' }, 'test')).toThrow(/appears twice/u);
  });

  it('refuses a damaged asset instead of loading part of it', () => {
    expect(decodeAreaAsset(null).ok).toBe(false);
    expect(decodeAreaAsset({ format: 2 }).ok).toBe(false);
    const asset = buildAreaAsset(SMALL, 'test');
    expect(decodeAreaAsset({ ...asset, villages: [['36.03.03', ['10']]] }).ok).toBe(false);
    expect(decodeAreaAsset({ ...asset, villages: [['36.03.03', [['1001', 'X']]]] }).ok).toBe(false);
  });
});
