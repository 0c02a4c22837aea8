/** The "Tentang" screen rendered to markup; opening it from the language screen is checked in Chromium (tests/e2e/about.spec.ts). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/messages';
import { AboutScreen } from './AboutScreen';

const office = { name: 'Kecamatan Tigaraksa', code: '36.03.03' };
const appInfo = { name: 'Tuntun', version: '0.1.0', shell: 'web', runtime: 'node 20.20.2', office } as const;
const lines = (html: string) => [...html.matchAll(/<li>([^<]*)<\/li>/gu)].map((m) => m[1]);

describe('AboutScreen', () => {
  it('names the software, its version and the office, then the licences and credits the kiosk owes', () => {
    expect(lines(renderToStaticMarkup(<AboutScreen t={translator('id')} office={office} appInfo={appInfo} />))).toEqual([
      'Perangkat lunak: Tuntun versi 0.1.0 (web)',
      'Kantor: Kecamatan Tigaraksa, kode wilayah 36.03.03',
      'Data wilayah: idn-area-data (ODbL 1.0), fityannugroho',
      'Huruf: Atkinson Hyperlegible Next, Braille Institute (SIL OFL 1.1)',
      'Ikon: Lucide (lisensi ISC)',
      'Tuntun: perangkat lunak sumber terbuka (lisensi MIT)',
    ]);
  });

  it('speaks English on the English screen, and says so while the host has not told the version', () => {
    const html = renderToStaticMarkup(<AboutScreen t={translator('en')} office={office} appInfo={undefined} />);
    expect(html).toContain('About this kiosk');
    expect(lines(html)[0]).toBe('Software: version not known yet');
    expect(lines(html)[2]).toBe('Area data: idn-area-data (ODbL 1.0), fityannugroho');
  });
});
