import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { ESC_POS_MODELS } from '../../../../core/config/device-config';
import { submissionReceipt, type SubmissionReceipt } from '../../../../core/receipt/submission-receipt';
import { decodeEscPos, type EscPosDecoder } from '../../../../tests/support/escpos/escpos-decoder';
import { encodeReceipt, type EscPosProfile } from './encode-receipt';

/**
 * The encoder's bytes, read back by the test decoder as a printer would put them on paper: the
 * words, the code in large type, the QR code (native, or a raster read back with jsQR), the cut.
 */
const RECEIPT: SubmissionReceipt = {
  locale: 'id',
  office: { name: 'Kecamatan Tigaraksa', address: 'Jl. Aria Jaya Santika No. 1, Tigaraksa', timeZone: 'Asia/Jakarta' },
  service: {
    title: { id: 'KTP-el' },
    requirements: [{ id: 'Kartu Keluarga asli' }, { id: 'KTP-el hilang: surat kehilangan dari kepolisian' }],
    processingTime: { id: '14 hari kerja' },
    counter: { name: { id: 'Loket 1 Kependudukan' } },
  },
  trackingCode: '7K4-M2X-9QRV',
  submittedAt: new Date('2026-03-02T01:10:00Z'),
  saved: 'kiosk',
  reprint: false,
};
const WIDE: EscPosProfile = { paperWidth: 80, model: 'generic', qr: 'native', codepage: 'cp437', cutter: true };
const NARROW: EscPosProfile = { ...WIDE, paperWidth: 58, qr: 'raster' };

const print = (receipt: SubmissionReceipt, profile: EscPosProfile) => decodeEscPos(encodeReceipt(submissionReceipt(receipt), profile));

/** Printed width of each line in characters, double-width text counting double. */
const widths = (paper: EscPosDecoder) =>
  paper.paper.flatMap((item) => (item.kind === 'line' ? [item.segments.reduce((sum, s) => sum + [...s.text].length * s.width, 0)] : []));

/** How the tracking code is printed (the spaces that centre it are a segment of their own). */
const codeSegment = (paper: EscPosDecoder) =>
  paper.paper.flatMap((item) => (item.kind === 'line' ? item.segments : [])).find((segment) => segment.text === RECEIPT.trackingCode);

describe('encodeReceipt', () => {
  it('prints an 80 mm receipt: words in Bahasa Indonesia, the code three times as large, a native QR code, a cut', () => {
    const paper = print(RECEIPT, WIDE);
    expect(paper.unknown).toEqual([]);
    expect(paper.lines()).toEqual(expect.arrayContaining(['Kecamatan Tigaraksa', 'BUKTI PERMOHONAN', '7K4-M2X-9QRV', 'Senin, 2 Maret 2026 pukul 08.10 WIB', 'Loket 1 Kependudukan', 'Tersimpan di kiosk, belum terkirim']));
    expect(codeSegment(paper)).toMatchObject({ width: 3, height: 3, bold: true });
    expect(paper.paper.filter((item) => item.kind === 'qr')).toEqual([{ kind: 'qr', data: '7K4-M2X-9QRV', moduleDots: 8, align: 'center' }]);
    expect(paper.cuts()).toBe(1);
    expect(Math.max(...widths(paper))).toBeLessThanOrEqual(48);
  });

  it('prints a 58 mm receipt with the QR code as a picture a phone can read, every line within 32 characters', () => {
    const paper = print(RECEIPT, NARROW);
    expect(paper.unknown).toEqual([]);
    expect(paper.paper.some((item) => item.kind === 'qr')).toBe(false);
    expect(paper.qrCodes()).toEqual(['7K4-M2X-9QRV']);
    expect(codeSegment(paper)).toMatchObject({ width: 2, height: 2 });
    expect(Math.max(...widths(paper))).toBeLessThanOrEqual(32);
  });

  it("follows a known model's profile: a POS-5890 is 58 mm, an old TM-T88III draws no QR code so it gets a picture", () => {
    expect(Math.max(...widths(print(RECEIPT, { ...WIDE, model: 'pos-5890' })))).toBeLessThanOrEqual(32);
    const old = print(RECEIPT, { ...WIDE, model: 'epson-tm-t88iii' });
    expect(old.paper.some((item) => item.kind === 'qr')).toBe(false);
    expect(old.qrCodes()).toEqual(['7K4-M2X-9QRV']);
  });

  it('marks a reprint in reverse print and feeds to the tear bar on a printer without cutter', () => {
    const paper = print({ ...RECEIPT, reprint: true }, { ...WIDE, cutter: false });
    const marks = paper.paper.filter((item) => item.kind === 'line' && item.segments.some((s) => s.inverted && s.text.includes('CETAK ULANG')));
    expect(marks).toHaveLength(2);
    expect(paper.cuts()).toBe(0);
  });

  it('prints é and ñ from the code page, "?" for Arabic and emoji, and survives a 2,000-character name', () => {
    const office = { ...RECEIPT.office, name: `Kantor José Ñandú محمد 😀 ${'W'.repeat(2000)}` };
    for (const codepage of ['cp437', 'cp850', 'cp858', 'windows1252'] as const) {
      const paper = print({ ...RECEIPT, office }, { ...WIDE, codepage });
      expect(paper.unknown, codepage).toEqual([]);
      expect(paper.lines().join('\n'), codepage).toContain('Kantor José Ñandú ? ?');
      expect(Math.max(...widths(paper)), codepage).toBeLessThanOrEqual(48);
      expect(paper.qrCodes(), codepage).toEqual(['7K4-M2X-9QRV']);
    }
  });

  it('sends no command hidden in a text: an ESC p (open the cash drawer) prints as letters', () => {
    const service = { ...RECEIPT.service, requirements: [{ id: 'KK\u001bp\u0000\u0019\u00fa\u001dV\u0001 asli' }] };
    const bytes = encodeReceipt(submissionReceipt({ ...RECEIPT, service }), WIDE);
    expect(decodeEscPos(bytes).unknown).toEqual([]);
    expect(decodeEscPos(bytes).lines()).toContain('- KK p  ú V  asli');
    // The only ESC p would be 1B 70: it is not in the bytes.
    expect(Buffer.from(bytes).includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  });

  it('lists only models the encoder knows, and only ESC/POS ones', () => {
    const known = new Map(ReceiptPrinterEncoder.printerModels.map((m) => [m.id, m]));
    for (const model of ESC_POS_MODELS.filter((m) => m !== 'generic')) {
      expect(known.has(model), model).toBe(true);
      expect(new ReceiptPrinterEncoder({ printerModel: model }).language, model).toBe('esc-pos');
    }
  });
});
