/** The home screen rendered to markup (no DOM in unit tests; taps are checked in Chromium by E2E). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OfficeConfig } from '../../../core/config/office-config';
import type { ConfigSnapshot } from '../../../core/contract/bridge';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import { servicesInUse } from '../../../core/sync/services-in-use';
import tigaraksaJson from '../../../kiosk-config/offices/tigaraksa/office.json';
import { translator } from '../i18n/messages';
import { choicesPerPage } from '../steps/paging';
import { HomeScreen } from './HomeScreen';

const config: ConfigSnapshot = {
  office: OfficeConfig.parse({
    code: '36.03.03',
    kind: 'kecamatan',
    name: 'Kecamatan Tigaraksa',
    regency: 'Kabupaten Tangerang',
    province: 'Banten',
    address: 'Jl. Aria Jaya Santika No. 1',
    timeZone: 'Asia/Jakarta',
    locales: { enabled: ['id', 'en'], default: 'id' },
    services: ['sktm', 'rusak'],
  }),
  services: [ServiceDefinition.parse(sktmInput)],
  unavailable: [{ id: 'rusak', title: null, problems: [] }],
  loadedAt: '2026-11-22T03:00:00.000Z',
};
const t = translator('id');
const render = (belowFloor: boolean) => renderToStaticMarkup(<HomeScreen t={t} locale="id" tiles={servicesInUse(config, { kind: 'none' }).tiles} belowFloor={belowFloor} onChoose={() => undefined} />);
const tiles = (html: string) => [...html.matchAll(/<button[^>]*class="button step-tile"[^>]*>/gu)].map((match) => match[0]);

describe('HomeScreen', () => {
  it('offers the services when there is room on the disk, with no storage banner', () => {
    const html = render(false);
    expect(html).not.toContain(t('storage.full'));
    expect(tiles(html).map((tile) => tile.includes('disabled'))).toEqual([false, true]);
  });

  it('below the disk floor: says so in a banner and disables every service that would submit, with the reason', () => {
    const html = render(true);
    expect(html).toContain(t('storage.full'));
    expect(html).toContain('role="status"');
    expect(tiles(html).every((tile) => tile.includes('disabled'))).toBe(true);
    expect(html).toContain(t('home.storageFull'));
  });

  it("with the office's catalogue in use: its tiles, in its order, with its titles", () => {
    const retitled = ServiceDefinition.parse({ ...sktmInput, title: { id: 'Surat Keterangan Miskin', en: 'Low-income letter' } });
    const usaha = ServiceDefinition.parse({ ...sktmInput, id: 'surat-usaha', title: { id: 'Surat Usaha', en: 'Business letter' } });
    const inUse = servicesInUse(config, { kind: 'catalogue', catalogue: { officeCode: '36.03.03', version: 'a'.repeat(64), issuedAt: '2026-11-22T04:00:00.000Z', services: [usaha, retitled] } });
    const html = renderToStaticMarkup(<HomeScreen t={t} locale="id" tiles={inUse.tiles} belowFloor={false} onChoose={() => undefined} />);
    expect([...html.matchAll(/step-tile-label">([^<]*)</gu)].map((m) => m[1])).toEqual(['Surat Usaha', 'Surat Keterangan Miskin']);
    expect(tiles(html).some((tile) => tile.includes('disabled'))).toBe(false);
  });
});

describe("the home screen follows the office's order", () => {
  // The shipped Tigaraksa office and every shipped service file, read in file-name order: the
  // order on screen must come from office.json, not from the files.
  const files = import.meta.glob<{ default: unknown }>('../../../kiosk-config/services/*.json', { eager: true });
  const tigaraksa = OfficeConfig.parse(tigaraksaJson);
  const shipped: ConfigSnapshot = {
    office: tigaraksa,
    services: Object.values(files).map((file) => ServiceDefinition.parse(file.default)),
    unavailable: [],
    loadedAt: '2026-11-22T03:00:00.000Z',
  };
  const titleOf = (id: string) => shipped.services.find((service) => service.id === id)?.title.id;
  const labels = (html: string) => [...html.matchAll(/step-tile-label">([^<]*)</gu)].map((m) => m[1]);

  it("shows Tigaraksa's services in office.json's order, the first six on page 1", () => {
    const { tiles } = servicesInUse(shipped, { kind: 'none' });
    expect(tiles.map((tile) => tile.service.id)).toEqual(tigaraksa.services);
    const html = renderToStaticMarkup(<HomeScreen t={t} locale="id" tiles={tiles} belowFloor={false} onChoose={() => undefined} />);
    expect(labels(html)).toEqual(tigaraksa.services.slice(0, 6).map(titleOf));
    expect(html).toContain(t('nav.page', { page: 1, pages: 2 }));
  });

  it('puts the services most residents come for on page 1, in normal and in large text', () => {
    const page1 = tigaraksa.services.slice(0, choicesPerPage(1, tigaraksa.services.length));
    expect(new Set(page1)).toEqual(new Set(['nomor-antrian', 'ktp-el', 'kartu-keluarga', 'cek-status', 'surat-domisili', 'sktm']));
    const largePage1 = tigaraksa.services.slice(0, choicesPerPage(1.5, tigaraksa.services.length));
    expect(largePage1).toEqual(['nomor-antrian', 'ktp-el', 'kartu-keluarga', 'cek-status']);
    // What follows a resident's visit, not why they came: last.
    expect(tigaraksa.services.at(-1)).toBe('survei-kepuasan');
  });
});
