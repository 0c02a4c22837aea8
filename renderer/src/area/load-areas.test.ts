import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb, type KioskDb } from '../db/db';
import { buildAreaAsset, countAreas, type AreaAsset } from './area-asset';
import { createAreaStore, type AreaState } from './area-store';
import { AREA_META_KEY, areasLoaded, loadAreas, readAreaRows } from './load-areas';

// A few hundred villages keep these tests fast in fake-indexeddb; the real 83,762 are loaded in
// Chromium by tests/bench/area-bench.ts, where the timing means something.
function smallAsset(villagesPerDistrict: number, nameSuffix = ''): AreaAsset {
  const districts = ['36.03.01', '36.03.02', '36.03.03'];
  const villageLines = districts.flatMap((d) => Array.from({ length: villagesPerDistrict }, (_, i) => `${d}.${2001 + i},${d},"Desa ${d} ${i}${nameSuffix}"`));
  return buildAreaAsset(
    {
      provinces: 'code,name\n36,Banten\n',
      regencies: 'code,province_code,name\n36.03,36,Kabupaten Tangerang\n',
      districts: `code,regency_code,name\n${districts.map((d) => `${d},36.03,Kec ${d}`).join('\n')}\n`,
      villages: `code,district_code,name\n${villageLines.join('\n')}\n`,
    },
    'test',
  );
}

const ASSET = smallAsset(100); // 3 districts × 100 villages
const SOURCE = { url: 'area/areas-test.json', version: 'v1', counts: countAreas(ASSET) };

const opened: KioskDb[] = [];
function freshDb(): KioskDb {
  const db = openKioskDb(`areas-${Math.random()}`);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** A fetch stand-in that counts calls; the real fetch is exercised in Chromium by the bench. */
function serve(asset: unknown) {
  const calls: string[] = [];
  return { calls, fetchJson: async (url: string) => (calls.push(url), JSON.parse(JSON.stringify(asset)) as unknown) };
}

describe('loadAreas', () => {
  it('loads every table on the first start, marks it loaded last, and reports progress up to 1', async () => {
    const db = freshDb();
    const progress: number[] = [];
    const server = serve(ASSET);
    const result = await loadAreas(db, SOURCE, { ...server, chunkSize: 70, onProgress: (p) => progress.push(p), now: () => new Date('2026-01-02T03:04:05Z') });
    expect(result.ok && result.value.kind).toBe('loaded');
    expect((await readAreaRows(db)).villages).toHaveLength(300);
    expect(await db.districts.count()).toBe(3);
    expect((await db.districtVillages.get('36.03.03'))?.villages).toHaveLength(100);
    expect(await db.areaMeta.get(AREA_META_KEY)).toEqual({ key: 'areas', version: 'v1', loadedAt: '2026-01-02T03:04:05.000Z', villages: 300, districtGroups: 3 });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.length, 'one report per chunk at least').toBeGreaterThan(5);
  });

  it('does nothing, and fetches nothing, when this version is already loaded', async () => {
    const db = freshDb();
    await loadAreas(db, SOURCE, serve(ASSET));
    const again = serve(ASSET);
    const result = await loadAreas(db, SOURCE, again);
    expect(result.ok && result.value.kind).toBe('already-loaded');
    expect(again.calls).toEqual([]);
  });

  it('replaces the data when the version changes, leaving no row of the old one', async () => {
    const db = freshDb();
    await loadAreas(db, SOURCE, serve(ASSET));
    const smaller = smallAsset(40, ' baru');
    const result = await loadAreas(db, { url: 'area/areas-v2.json', version: 'v2', counts: countAreas(smaller) }, serve(smaller));
    expect(result.ok).toBe(true);
    expect((await readAreaRows(db)).villages).toHaveLength(120);
    expect((await readAreaRows(db)).villages.find((v) => v.code === '36.03.01.2001')?.name).toBe('Desa 36.03.01 0 baru');
    expect((await readAreaRows(db)).villages.find((v) => v.code === '36.03.01.2099')).toBeUndefined();
    expect((await db.areaMeta.get(AREA_META_KEY))?.version).toBe('v2');
  });

  it('leaves a load cut off half-way unmarked, and the next start loads it again from the beginning', async () => {
    const db = freshDb();
    // A reload in the middle: the page (and this call) stops after a few chunks.
    const cutOff = await loadAreas(db, SOURCE, {
      ...serve(ASSET),
      chunkSize: 50,
      onProgress: (p) => {
        if (p > 0.5 && p < 1) throw new Error('page reloaded');
      },
    });
    expect(cutOff.ok).toBe(false);
    expect(await db.provinces.count(), 'some rows were written before the cut').toBeGreaterThan(0);
    expect(await db.areaMeta.get(AREA_META_KEY)).toBeUndefined();
    expect(await areasLoaded(db, SOURCE.version)).toBe(false);

    const next = await loadAreas(db, SOURCE, serve(ASSET));
    expect(next.ok && next.value.kind).toBe('loaded');
    expect((await readAreaRows(db)).villages).toHaveLength(300);
    expect((await db.areaMeta.get(AREA_META_KEY))?.villages).toBe(300);
  });

  it('loads again when a table was emptied behind its mark', async () => {
    const db = freshDb();
    await loadAreas(db, SOURCE, serve(ASSET));
    await db.districtVillages.clear();
    const result = await loadAreas(db, SOURCE, serve(ASSET));
    expect(result.ok && result.value.kind).toBe('loaded');
    expect((await readAreaRows(db)).villages).toHaveLength(300);
  });

  it('answers errors as Results and writes no mark: fetch failure, damaged or short asset, closed store', async () => {
    const db = freshDb();
    const offline = await loadAreas(db, SOURCE, { fetchJson: () => Promise.reject(new Error('HTTP 404')) });
    expect(offline).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await loadAreas(db, SOURCE, serve({ format: 1, provinces: 'x' }))).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const short = await loadAreas(db, SOURCE, serve(smallAsset(99)));
    expect(short).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/297 villages, the build made 300/u) as unknown } });
    expect(await db.areaMeta.count()).toBe(0);

    const closed = freshDb();
    await closed.open();
    closed.close();
    expect(await loadAreas(closed, SOURCE, serve(ASSET))).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('createAreaStore', () => {
  const settle = (store: { getState(): AreaState; subscribe(l: () => void): () => void }, kind: AreaState['kind']) =>
    new Promise<AreaState>((resolve) => {
      const check = () => {
        const state = store.getState();
        if (state.kind === kind) {
          unsubscribe();
          resolve(state);
        }
      };
      const unsubscribe = store.subscribe(check);
      check();
    });

  it('goes from loading to ready with a search index, on the first start and on a later one', async () => {
    const db = freshDb();
    const first = createAreaStore(db, SOURCE, serve(ASSET));
    const seen: number[] = [];
    first.subscribe(() => {
      const state = first.getState();
      if (state.kind === 'loading') seen.push(state.progress);
    });
    first.start();
    const ready = await settle(first, 'ready');
    expect(ready.kind === 'ready' && ready.index.villagesIn('36.03.03')).toHaveLength(100);
    expect(seen.at(-1)).toBeGreaterThan(0.8);

    // A later start builds its index from the asset (faster than reading the tables back) and
    // writes nothing; if the asset cannot be fetched, it reads the tables instead.
    const loadedAt = (await db.areaMeta.get(AREA_META_KEY))?.loadedAt;
    const later = serve(ASSET);
    const second = createAreaStore(db, SOURCE, { ...later, now: () => new Date('2030-01-01T00:00:00Z') });
    second.start();
    const fromAsset = await settle(second, 'ready');
    expect(later.calls).toEqual(['area/areas-test.json']);
    expect((await db.areaMeta.get(AREA_META_KEY))?.loadedAt).toBe(loadedAt);
    expect(fromAsset.kind === 'ready' && fromAsset.index.counts.villages).toBe(300);

    const offline = createAreaStore(db, SOURCE, { fetchJson: () => Promise.reject(new Error('HTTP 404')) });
    offline.start();
    const fromDb = await settle(offline, 'ready');
    expect(fromDb.kind === 'ready' && fromDb.index.search('desa 36.03.03 7', { level: 'village', near: '36.03.03' })[0]?.name).toBe('Desa 36.03.03 7');
  });

  it('reports a failure and tries again by itself', async () => {
    const db = freshDb();
    let attempts = 0;
    const failures: string[] = [];
    const store = createAreaStore(db, SOURCE, {
      retryAfterMs: 10,
      onFailure: (failure) => failures.push(failure.code),
      fetchJson: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('not yet');
        return JSON.parse(JSON.stringify(ASSET)) as unknown;
      },
    });
    store.start();
    expect((await settle(store, 'failed')).kind).toBe('failed');
    await settle(store, 'ready');
    expect(failures).toEqual(['unavailable']);
    expect(attempts).toBe(2);
    store.dispose();
  });
});
