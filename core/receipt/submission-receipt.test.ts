import { describe, expect, it } from 'vitest';
import type { ReceiptBlock } from './receipt-document';
import { submissionReceipt, type SubmissionReceipt } from './submission-receipt';
import { testPage, TEST_QR } from './test-page';

const RECEIPT: SubmissionReceipt = {
  locale: 'id',
  office: { name: 'Kecamatan Tigaraksa', address: 'Jl. Aria Jaya Santika No. 1', timeZone: 'Asia/Jakarta' },
  service: {
    title: { id: 'KTP-el', en: 'ID Card' },
    requirements: [{ id: 'Kartu Keluarga asli', en: 'Original family card' }],
    processingTime: { id: '14 hari kerja', en: '14 working days' },
    counter: { name: { id: 'Loket 1 Kependudukan', en: 'Desk 1 Civil Registration' } },
  },
  trackingCode: '7K4-M2X-9QRV',
  // 01:10 UTC is 08:10 in Jakarta, 09:10 in Makassar.
  submittedAt: new Date('2026-03-02T01:10:00Z'),
  saved: 'kiosk',
  reprint: false,
};

/** The words on the paper, in order, whatever block carries them. */
const words = (blocks: ReceiptBlock[]) =>
  blocks.flatMap((b) => {
    switch (b.kind) {
      case 'heading':
      case 'text':
      case 'code':
      case 'mark':
        return [b.text];
      case 'field':
        return [b.label, b.value];
      case 'list':
        return [b.label, ...b.items];
      case 'qr':
        return [`[QR ${b.data}]`];
      case 'rule':
        return ['---'];
    }
  });

describe('the submission receipt', () => {
  it('says in Bahasa Indonesia where to go, what to bring, how long, and that it is not sent yet', () => {
    expect(words(submissionReceipt(RECEIPT).blocks)).toEqual([
      'Kecamatan Tigaraksa',
      'Jl. Aria Jaya Santika No. 1',
      '---',
      'BUKTI PERMOHONAN',
      'KTP-el',
      'Kode permohonan',
      '7K4-M2X-9QRV',
      '[QR 7K4-M2X-9QRV]',
      'Senin, 2 Maret 2026 pukul 08.10 WIB',
      '---',
      'Silakan ke',
      'Loket 1 Kependudukan',
      'Lama proses',
      '14 hari kerja',
      'Bawa dokumen berikut',
      'Kartu Keluarga asli',
      '---',
      'Status',
      'Tersimpan di kiosk, belum terkirim',
      'Cek status: pilih "Cek Status" di kiosk lalu pindai kode QR ini, atau tunjukkan struk ini ke petugas.',
      'Simpan struk ini sampai urusan Anda selesai.',
    ]);
  });

  it("speaks the resident's language, in the office's time zone, and says when the office has it", () => {
    const text = words(submissionReceipt({ ...RECEIPT, locale: 'en', saved: 'office', office: { ...RECEIPT.office, timeZone: 'Asia/Makassar' } }).blocks);
    expect(text).toContain('Desk 1 Civil Registration');
    expect(text).toContain('Monday, 2 March 2026 at 09:10 WITA');
    expect(text).toContain('Received by the office');
    expect(text).not.toContain('Saved on this kiosk, not sent yet');
  });

  it('marks a reprint "CETAK ULANG" at the top and the bottom', () => {
    const blocks = submissionReceipt({ ...RECEIPT, reprint: true }).blocks;
    expect(blocks.at(0)).toEqual({ kind: 'mark', text: 'CETAK ULANG' });
    expect(blocks.at(-1)).toEqual({ kind: 'mark', text: 'CETAK ULANG' });
    expect(submissionReceipt(RECEIPT).blocks.some((b) => b.kind === 'mark')).toBe(false);
  });

  it('leaves out the desk and the list when the service has none', () => {
    const kinds = submissionReceipt({ ...RECEIPT, service: { ...RECEIPT.service, counter: undefined, requirements: [] } }).blocks.map((b) => b.kind);
    expect(kinds).not.toContain('list');
    expect(words(submissionReceipt({ ...RECEIPT, service: { ...RECEIPT.service, counter: undefined } }).blocks)).not.toContain('Silakan ke');
  });
});

describe('the test page', () => {
  it('names the printer and carries a code and a QR code to check', () => {
    const page = testPage({ locale: 'id', office: RECEIPT.office, printedAt: RECEIPT.submittedAt, device: 'tcp 10.0.0.9:9100, generic, 80 mm' });
    expect(words(page.blocks)).toEqual(expect.arrayContaining(['TES PRINTER', 'tcp 10.0.0.9:9100, generic, 80 mm', `[QR ${TEST_QR}]`, 'Senin, 2 Maret 2026 pukul 08.10 WIB']));
    expect(page.kind).toBe('test');
  });
});
