import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ServicesSource } from '../../../core/sync/services-in-use';
import { INITIAL_STATUS, type SyncStatus } from '../../../core/sync/status';
import { translator } from '../i18n/messages';
import { KioskFrame } from '../ui/KioskFrame';
import { OverdueBanner } from './OverdueBanner';
import type { SyncClient } from './start-sync';
import { ServicesSourceContext } from './services-source-context';
import { SyncContext } from './sync-context';
import { SyncIndicator } from './SyncIndicator';
import { SyncPanel } from './SyncPanel';

// What the sync views put on screen, rendered to markup (no DOM in unit tests; sizes, contrast
// and taps are the E2E walk's). Times are relative to the real clock, as the views read it.
const t = translator('id');
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const status = (patch: Partial<SyncStatus>): SyncStatus => ({ ...INITIAL_STATUS, phase: 'idle', ...patch });
const client = (value: SyncStatus): SyncClient => ({
  getStatus: () => value,
  subscribe: () => () => undefined,
  syncNow: () => undefined,
  stop: async () => undefined,
  watchSubmission: () => () => undefined,
});
const render = (node: ReactNode, value?: SyncStatus) =>
  renderToStaticMarkup(value === undefined ? node : <SyncContext value={client(value)}>{node}</SyncContext>);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();

describe('the indicator in the frame header', () => {
  it('is the plain office name without sync (nothing changes for screens that have none)', () => {
    expect(render(<SyncIndicator t={t} officeName="Kecamatan Tigaraksa" />)).toBe('<span class="frame-office">Kecamatan Tigaraksa</span>');
  });

  it('names the state calmly: connected, or saved on the kiosk and sent later', () => {
    const connected = render(<SyncIndicator t={t} officeName="Kecamatan Tigaraksa" />, status({ lastSuccessAt: ago(1) }));
    expect(connected).toContain('aria-label="Kecamatan Tigaraksa. Terhubung ke kantor"');
    expect(connected).toContain('is-connected');
    const offline = render(<SyncIndicator t={t} officeName="Kecamatan Tigaraksa" />, status({ phase: 'offline', pending: 3, lastError: { code: 'network', at: ago(1), detail: '' } }));
    expect(offline).toContain('aria-label="Kecamatan Tigaraksa. Disimpan di kiosk, dikirim nanti"');
    expect(offline).toContain('is-waiting');
    expect(offline).not.toMatch(/Tidak ada sambungan|error/iu);
  });
});

describe('the panel for officers and IT', () => {
  it('pending count, last success, the last error in plain words, catalogue, and Kirim sekarang', () => {
    const html = text(
      render(
        <SyncPanel
          t={t}
          onClose={() => undefined}
          status={status({
            phase: 'error',
            pending: 12,
            oldestPendingAt: ago(90),
            lastSuccessAt: ago(5),
            lastError: { code: 'clock_skew', at: ago(2), detail: 'changes: HTTP 401' },
            clockSkewSeconds: -420,
            catalogue: { version: 'abcdef0123456789'.padEnd(64, '0'), verifiedAt: ago(5), problem: 'signature' },
          })}
        />,
      ),
    );
    expect(html).toContain('12 permohonan menunggu dikirim');
    expect(html).toContain('Terakhir berhasil terkirim: 5 menit lalu');
    expect(html).toContain('Masalah terakhir (2 menit lalu): Jam kiosk selisih 7 menit dari server. Minta petugas TI memperbaiki jam.');
    expect(html).toContain('Katalog layanan dari server: versi abcdef01, diperiksa 5 menit lalu');
    expect(html).toContain('Katalog baru dari server ditolak: tanda tangannya tidak cocok. Katalog lama tetap dipakai.');
    expect(html).toContain('Kirim sekarang');
    expect(html).not.toContain('HTTP 401');
  });

  it('lists held and conflicting submissions by tracking code only', () => {
    const html = text(
      render(
        <SyncPanel
          t={t}
          onClose={() => undefined}
          status={status({ pending: 1, lastSuccessAt: ago(1), attention: { held: 1, heldCodes: ['7K4-M2X-9QRT'], conflicts: 2, conflictCodes: ['QKY-5A1-69EG', 'ABC-DEF-GH12'] } })}
        />,
      ),
    );
    expect(html).toContain('1 permohonan ditolak server dan perlu diperiksa petugas: 7K4-M2X-9QRT');
    expect(html).toContain('2 permohonan terkirim dua kali dengan isi berbeda; kantor menyimpan keduanya untuk diperiksa: QKY-5A1-69EG, ABC-DEF-GH12');
  });

  it('says whether the services on screen come from the catalogue or from the kiosk, and why not the catalogue', () => {
    const panel = (source: ServicesSource) =>
      text(
        render(
          <ServicesSourceContext value={source}>
            <SyncPanel t={t} onClose={() => undefined} status={status({ catalogue: { version: 'abcdef01'.padEnd(64, '0'), verifiedAt: ago(5), problem: null } })} />
          </ServicesSourceContext>,
        ),
      );
    expect(panel({ kind: 'catalogue', version: 'abcdef01'.padEnd(64, '0') })).toContain('Layanan di layar: dari katalog server');
    const local = panel({ kind: 'local', unused: null });
    expect(local).toContain('Layanan di layar: dari pengaturan kiosk ini');
    expect(local).not.toContain('tidak dipakai');
    expect(panel({ kind: 'local', unused: 'office' })).toContain('Katalog yang tersimpan untuk kantor lain, jadi tidak dipakai.');
    expect(panel({ kind: 'local', unused: 'unreadable' })).toContain('Katalog yang tersimpan tidak bisa dibaca, jadi tidak dipakai.');
    expect(panel({ kind: 'local', unused: 'empty' })).toContain('tidak berisi layanan yang bisa dipakai di kiosk ini');
    // Without the App (a panel on its own) it says nothing it does not know.
    expect(text(render(<SyncPanel t={t} onClose={() => undefined} status={status({})} />))).not.toContain('Layanan di layar');
  });

  it('before any success, and while a round runs', () => {
    const html = render(<SyncPanel t={t} onClose={() => undefined} status={status({ phase: 'syncing' })} />);
    expect(text(html)).toContain('Belum pernah berhasil terhubung ke server kantor');
    expect(text(html)).toContain('Katalog layanan dari server belum diterima');
    expect(html).toMatch(/<button[^>]*disabled[^>]*>.*Sedang mengirim/u);
  });
});

describe('the overdue banner', () => {
  const overdue = status({ pending: 612, oldestPendingAt: ago(4 * 24 * 60 + 5), overdue: true });

  it('shows on the home screen for officers, and only when overdue', () => {
    expect(text(render(<OverdueBanner t={t} />, overdue))).toBe('Ada 612 permohonan belum terkirim sejak 4 hari. Hubungi TI.');
    expect(render(<OverdueBanner t={t} />, { ...overdue, overdue: false })).toBe('');
    expect(render(<OverdueBanner t={t} />)).toBe('');
  });

  it('sits in the frame of screens without flow progress (home), not in a resident flow', () => {
    const home = render(
      <KioskFrame t={t} officeName="Kecamatan Tigaraksa" onHelp={() => undefined}>
        <p>tiles</p>
      </KioskFrame>,
      overdue,
    );
    expect(text(home)).toContain('Ada 612 permohonan belum terkirim');
    const flow = render(
      <KioskFrame t={t} officeName="Kecamatan Tigaraksa" progress="Langkah 2 dari 11" onHelp={() => undefined}>
        <p>step</p>
      </KioskFrame>,
      overdue,
    );
    expect(text(flow)).not.toContain('belum terkirim');
  });
});
