import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { testOffice } from '../../../core/config/fixtures/office';
import type { ConfigSnapshot } from '../../../core/contract/bridge';
import type { Catalogue } from '../../../core/contract/central-api';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import { chosenService, servicesInUse, type HomeTile, type ServicesInUse, type StoredCatalogue } from '../../../core/sync/services-in-use';
import { openKioskDb, type KioskDb } from '../db/db';
import { catalogueProblemReporter, readStoredCatalogue, watchStoredCatalogue, type CatalogueLog } from './stored-catalogue';
import { catalogueInUse } from './sync-meta';

// The page side of the catalogue: what IndexedDB holds (fake-indexeddb, written as the sync engine
// writes it), read back, turned into the home screen's tiles by core/sync/services-in-use, and the
// log lines it leaves. The React hook (app/use-services-in-use.ts) only glues these together.

const service = (id: string, title: string) => ServiceDefinition.parse({ ...sktmInput, id, title: { id: title, en: title } });

const host: ConfigSnapshot = {
  office: testOffice({ services: ['sktm', 'surat-domisili', 'surat-usaha'] }),
  services: [service('sktm', 'Surat Tidak Mampu'), service('surat-domisili', 'Surat Domisili'), service('surat-usaha', 'Surat Usaha')],
  unavailable: [],
  loadedAt: '2026-11-22T03:00:00.000Z',
};

const catalogue = (version: string, services: ServiceDefinition[], officeCode = '36.03.03'): Catalogue => ({
  officeCode,
  version: version.repeat(64).slice(0, 64),
  issuedAt: '2026-11-22T04:00:00.000Z',
  services,
});

/** The row as refreshCatalogue writes it: `signed` is the body exactly as the server sent it. */
const put = (db: KioskDb, c: Catalogue) =>
  db.catalogue.put({ key: 'current', version: c.version, etag: `"${c.version}"`, signed: { catalogue: c, signature: 'c2lnbmF0dXJl' }, verifiedAt: '2026-11-22T04:00:05.000Z' });

const titles = (tiles: readonly HomeTile[]) => tiles.map((tile) => tile.service.title?.id);

const opened: KioskDb[] = [];
const watching: (() => void)[] = [];
let dbCount = 0;
afterEach(() => {
  for (const stop of watching.splice(0)) stop();
  for (const db of opened.splice(0)) db.close();
});
const open = () => {
  const db = openKioskDb(`stored-catalogue-${dbCount++}-${Date.now()}`);
  opened.push(db);
  return db;
};

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What the App does: watch the store, decide with the host config, report problems once. */
function kiosk(db: KioskDb) {
  const logs: { level: string; event: string; detail: Record<string, string> }[] = [];
  const log: CatalogueLog = (level, event, detail) => logs.push({ level, event, detail });
  const report = catalogueProblemReporter(log);
  const states: ServicesInUse[] = [];
  const stop = watchStoredCatalogue(db, (stored: StoredCatalogue) => {
    const inUse = servicesInUse(host, stored);
    report(inUse.problems);
    states.push(inUse);
  });
  watching.push(stop);
  return { logs, states, latest: () => states.at(-1) };
}

describe('the services the kiosk offers, from what IndexedDB holds', () => {
  it("no catalogue stored (never enrolled, never synced): the host's services", async () => {
    const k = kiosk(open());
    await until(() => k.states.length > 0, 'the first read');
    expect(k.latest()?.source).toEqual({ kind: 'local', unused: null });
    expect(titles(k.latest()?.tiles ?? [])).toEqual(['Surat Tidak Mampu', 'Surat Domisili', 'Surat Usaha']);
    expect(k.logs).toEqual([]);
  });

  it("a verified catalogue for this office is stored: its services (one removed, one retitled), live", async () => {
    const db = open();
    const k = kiosk(db);
    await until(() => k.states.length > 0, 'the first read');
    await put(db, catalogue('a', [service('sktm', 'Surat Keterangan Miskin'), service('surat-usaha', 'Surat Usaha')]));
    await until(() => k.latest()?.source.kind === 'catalogue', 'the catalogue is in use');
    expect(titles(k.latest()?.tiles ?? [])).toEqual(['Surat Keterangan Miskin', 'Surat Usaha']);
    expect(k.logs).toEqual([]);
  });

  it("a catalogue for another office: the host's services and one log line", async () => {
    const db = open();
    await put(db, catalogue('b', [service('sktm', 'Kantor Lain')], '36.03.04'));
    const k = kiosk(db);
    await until(() => k.states.length > 0, 'the first read');
    // The engine re-puts the same row on each 200; the problem must not be logged again.
    await put(db, catalogue('b', [service('sktm', 'Kantor Lain')], '36.03.04'));
    await until(() => k.states.length > 1, 'the second read');
    expect(k.latest()?.source).toEqual({ kind: 'local', unused: 'office' });
    expect(titles(k.latest()?.tiles ?? [])).toEqual(['Surat Tidak Mampu', 'Surat Domisili', 'Surat Usaha']);
    expect(k.logs).toEqual([{ level: 'error', event: 'catalogue.other_office', detail: { catalogueOffice: '36.03.04', kioskOffice: '36.03.03', version: 'b'.repeat(64) } }]);
  });

  it("a row that does not parse: the host's services and one log line", async () => {
    const db = open();
    const good = catalogue('c', [service('sktm', 'Surat Keterangan Miskin')]);
    // As if written by an older kiosk, or damaged on disk: a step of a kind this kiosk does not know.
    const broken = { ...good, services: [{ ...good.services[0], steps: [{ id: 'x', kind: 'hologram' }] }] };
    await db.catalogue.put({ key: 'current', version: good.version, etag: `"${good.version}"`, signed: { catalogue: broken, signature: 'c2ln' }, verifiedAt: '2026-11-22T04:00:05.000Z' });
    const k = kiosk(db);
    await until(() => k.states.length > 0, 'the first read');
    await db.catalogue.update('current', { verifiedAt: '2026-11-22T05:00:05.000Z' });
    await until(() => k.states.length > 1, 'the second read');
    expect(k.latest()?.source).toEqual({ kind: 'local', unused: 'unreadable' });
    expect(titles(k.latest()?.tiles ?? [])).toEqual(['Surat Tidak Mampu', 'Surat Domisili', 'Surat Usaha']);
    expect(k.logs).toHaveLength(1);
    expect(k.logs[0]).toMatchObject({ level: 'error', event: 'catalogue.unreadable' });
    expect(k.logs[0]?.detail.reason).toMatch(/^signed\.catalogue\.services\.0\.steps/u);
  });

  it('a catalogue that arrives mid-flow changes the home screen, not the definition the resident chose', async () => {
    const db = open();
    await put(db, catalogue('d', [service('sktm', 'Surat Tidak Mampu'), service('surat-usaha', 'Surat Usaha')]));
    const k = kiosk(db);
    await until(() => k.latest()?.source.kind === 'catalogue', 'the first catalogue is in use');
    // The resident taps the tile: the App keeps this definition in its screen state (App.tsx
    // `Screen`) and renders the flow from it, never looking the id up again.
    const before = k.latest() as ServicesInUse;
    const chosen = chosenService(before, 'surat-usaha');
    expect(chosen?.title.id).toBe('Surat Usaha');
    const pinned = structuredClone(chosen);

    await put(db, catalogue('e', [service('sktm', 'Surat Keterangan Miskin')]));
    await until(() => titles(k.latest()?.tiles ?? [])[0] === 'Surat Keterangan Miskin', 'the new catalogue is in use');
    // Home screen: the new list. The resident's flow: exactly what they started, though the new list dropped it.
    expect(titles(k.latest()?.tiles ?? [])).toEqual(['Surat Keterangan Miskin']);
    expect(chosenService(k.latest() as ServicesInUse, 'surat-usaha')).toBeUndefined();
    expect(chosen).toEqual(pinned);
  });
});

describe('readStoredCatalogue', () => {
  const c = catalogue('f', [service('sktm', 'Surat Tidak Mampu')]);
  const row = { key: 'current', version: c.version, etag: `"${c.version}"`, signed: { catalogue: c, signature: 'c2ln' }, verifiedAt: '2026-11-22T04:00:05.000Z' };

  it('no row, a good row, and rows that cannot be used', () => {
    expect(readStoredCatalogue(undefined)).toEqual({ kind: 'none' });
    expect(readStoredCatalogue(row)).toMatchObject({ kind: 'catalogue', catalogue: { version: c.version } });
    expect(readStoredCatalogue(null)).toMatchObject({ kind: 'unreadable' });
    expect(readStoredCatalogue({ ...row, signed: 'not a body' })).toMatchObject({ kind: 'unreadable' });
    const mismatch = readStoredCatalogue({ ...row, version: `${'f'.repeat(63)}0` });
    expect(mismatch.kind === 'unreadable' ? mismatch.detail : '').toContain('is not the catalogue');
  });

  it("the engine's catalogueInUse ignores an unreadable row, so it fetches a fresh copy instead of a 304 for the broken one", async () => {
    const db = open();
    await db.catalogue.put({ ...row, key: 'current', signed: { catalogue: { ...c, services: 'x' }, signature: 'c2ln' } });
    expect(await catalogueInUse(db)).toBeNull();
    await db.catalogue.put({ ...row, key: 'current' });
    expect(await catalogueInUse(db)).toMatchObject({ etag: `"${c.version}"`, catalogue: { version: c.version } });
  });
});
