import { describe, expect, it } from 'vitest';
import { testOffice } from '../config/fixtures/office';
import type { ConfigSnapshot } from '../contract/bridge';
import type { Catalogue } from '../contract/central-api';
import { sktmInput } from '../flow/fixtures/sktm';
import { ServiceDefinition } from '../flow/service-definition';
import { chosenService, servicesInUse, type HomeTile } from './services-in-use';

const service = (id: string, title: string, patch: Record<string, unknown> = {}) => ServiceDefinition.parse({ ...sktmInput, id, title: { id: title, en: title }, ...patch });

const host: ConfigSnapshot = {
  office: testOffice({ services: ['sktm', 'rusak', 'surat-domisili', 'surat-usaha'] }),
  services: [service('sktm', 'Surat Tidak Mampu'), service('surat-domisili', 'Surat Domisili'), service('surat-usaha', 'Surat Usaha')],
  unavailable: [{ id: 'rusak', title: null, problems: [{ path: '(file)', message: 'File not found' }] }],
  loadedAt: '2026-11-22T03:00:00.000Z',
};

const catalogue = (services: ServiceDefinition[], patch: Partial<Catalogue> = {}): Catalogue => ({
  officeCode: '36.03.03',
  version: 'a'.repeat(64),
  issuedAt: '2026-11-22T04:00:00.000Z',
  services,
  ...patch,
});

/** What a resident sees on the home screen: each tile's id, title and whether it can be chosen. */
const seen = (tiles: readonly HomeTile[]) => tiles.map((tile) => `${tile.service.id}:${tile.service.title?.id ?? '-'}${tile.kind === 'unavailable' ? ' (disabled)' : ''}`);

describe('servicesInUse', () => {
  it('without a stored catalogue: the host files, in office.json order, broken ones disabled (as before)', () => {
    const inUse = servicesInUse(host, { kind: 'none' });
    expect(inUse.source).toEqual({ kind: 'local', unused: null });
    expect(seen(inUse.tiles)).toEqual(['sktm:Surat Tidak Mampu', 'rusak:- (disabled)', 'surat-domisili:Surat Domisili', 'surat-usaha:Surat Usaha']);
    expect(inUse.problems).toEqual([]);
  });

  it("with this office's catalogue: its services, its titles, its order (a removed service is gone)", () => {
    const inUse = servicesInUse(host, { kind: 'catalogue', catalogue: catalogue([service('surat-usaha', 'Izin Usaha Mikro'), service('sktm', 'Surat Tidak Mampu')]) });
    expect(inUse.source).toEqual({ kind: 'catalogue', version: 'a'.repeat(64) });
    expect(seen(inUse.tiles)).toEqual(['surat-usaha:Izin Usaha Mikro', 'sktm:Surat Tidak Mampu']);
    expect(chosenService(inUse, 'surat-usaha')?.title.id).toBe('Izin Usaha Mikro');
    expect(chosenService(inUse, 'surat-domisili')).toBeUndefined();
    expect(inUse.problems).toEqual([]);
  });

  it("a catalogue for another office is not used: the host's services, and one problem for the log", () => {
    const inUse = servicesInUse(host, { kind: 'catalogue', catalogue: catalogue([service('sktm', 'Lain')], { officeCode: '36.03.04' }) });
    expect(inUse.source).toEqual({ kind: 'local', unused: 'office' });
    expect(seen(inUse.tiles)).toEqual(seen(servicesInUse(host, { kind: 'none' }).tiles));
    expect(inUse.problems).toEqual([{ event: 'catalogue.other_office', detail: { catalogueOffice: '36.03.04', kioskOffice: '36.03.03', version: 'a'.repeat(64) } }]);
  });

  it("an unreadable stored catalogue: the host's services, and one problem for the log", () => {
    const inUse = servicesInUse(host, { kind: 'unreadable', detail: 'signed.catalogue.services: Invalid input' });
    expect(inUse.source).toEqual({ kind: 'local', unused: 'unreadable' });
    expect(seen(inUse.tiles)).toEqual(seen(servicesInUse(host, { kind: 'none' }).tiles));
    expect(inUse.problems).toEqual([{ event: 'catalogue.unreadable', detail: { reason: 'signed.catalogue.services: Invalid input' } }]);
  });

  it('a catalogue service this kiosk cannot run (no English for an office that offers English) is shown disabled, as a broken local file is', () => {
    const noEnglish = service('surat-usaha', 'Surat Usaha', { title: { id: 'Surat Usaha' } });
    const inUse = servicesInUse(host, { kind: 'catalogue', catalogue: catalogue([service('sktm', 'Surat Tidak Mampu'), noEnglish]) });
    expect(inUse.source.kind).toBe('catalogue');
    expect(seen(inUse.tiles)).toEqual(['sktm:Surat Tidak Mampu', 'surat-usaha:Surat Usaha (disabled)']);
    expect(chosenService(inUse, 'surat-usaha')).toBeUndefined();
    expect(inUse.problems).toEqual([
      { event: 'catalogue.service_unusable', detail: { version: 'a'.repeat(64), serviceId: 'surat-usaha', problem: 'title.en: Missing text for enabled language "en"' } },
    ]);
  });

  it('a catalogue with nothing a resident could choose is not used: the kiosk keeps serving from its own files', () => {
    const noEnglish = service('sktm', 'Surat Tidak Mampu', { title: { id: 'Surat Tidak Mampu' } });
    const empty = servicesInUse(host, { kind: 'catalogue', catalogue: catalogue([]) });
    expect(empty.source).toEqual({ kind: 'local', unused: 'empty' });
    expect(empty.problems.map((p) => p.event)).toEqual(['catalogue.no_usable_service']);
    const broken = servicesInUse(host, { kind: 'catalogue', catalogue: catalogue([noEnglish]) });
    expect(broken.source).toEqual({ kind: 'local', unused: 'empty' });
    expect(seen(broken.tiles)).toEqual(seen(servicesInUse(host, { kind: 'none' }).tiles));
    expect(broken.problems.map((p) => p.event)).toEqual(['catalogue.service_unusable', 'catalogue.no_usable_service']);
  });

  it('a service listed twice in a catalogue gets one tile, the first', () => {
    const inUse = servicesInUse(host, { kind: 'catalogue', catalogue: catalogue([service('sktm', 'Pertama'), service('sktm', 'Kedua')]) });
    expect(seen(inUse.tiles)).toEqual(['sktm:Pertama']);
  });
});
