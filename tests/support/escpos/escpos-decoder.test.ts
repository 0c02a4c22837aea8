import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { EscPosDecoder, decodeEscPos } from './escpos-decoder';

/**
 * The decoder is the oracle of every printing test, so it is checked on bytes written by hand
 * from the ESC/POS reference, not only on what the encoder under test produces.
 */
const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));

/** GS ( k: store `data` for a QR code, then print it. */
const qr = (data: string) => {
  const store = [0x31, 0x50, 0x30, ...Buffer.from(data, 'latin1')];
  return [0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6, 0x1d, 0x28, 0x6b, store.length & 0xff, store.length >> 8, ...store, 0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30];
};

/** GS v 0: a QR code as a raster picture, 4 dots a module. */
function rasterQr(data: string): number[] {
  const { modules } = create(data, { errorCorrectionLevel: 'M' });
  const dots = 4;
  const side = modules.size * dots;
  const widthBytes = Math.ceil(side / 8);
  const out = [0x1d, 0x76, 0x30, 0, widthBytes, 0, side & 0xff, side >> 8];
  for (let y = 0; y < side; y++) {
    for (let xb = 0; xb < widthBytes; xb++) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) {
        const x = xb * 8 + bit;
        if (x < side && modules.get(Math.floor(y / dots), Math.floor(x / dots)) === 1) byte |= 0x80 >> bit;
      }
      out.push(byte);
    }
  }
  return out;
}

const RECEIPT = bytes(
  [0x1b, 0x40, 0x1b, 0x74, 0],
  [0x1b, 0x45, 1],
  'Kantor',
  [0x1b, 0x45, 0],
  ' Jos',
  [0x82],
  '\n\r',
  [0x1d, 0x21, 0x22],
  'A-012',
  [0x1d, 0x21, 0],
  '\n',
  [0x1b, 0x61, 1],
  qr('7K4-M2X-9QRV'),
  rasterQr('TUNTUN-TES'),
  [0x1d, 0x56, 66, 0],
);

describe('the test ESC/POS decoder', () => {
  it('reads text with its styles, code page characters, QR codes native and raster, and the cut', () => {
    const paper = decodeEscPos(RECEIPT);
    expect(paper.unknown).toEqual([]);
    expect(paper.lines()).toEqual(['Kantor José', 'A-012']);
    expect(paper.paper[0]).toEqual({
      kind: 'line',
      align: 'left',
      segments: [
        { text: 'Kantor', bold: true, inverted: false, width: 1, height: 1 },
        { text: ' José', bold: false, inverted: false, width: 1, height: 1 },
      ],
    });
    expect(paper.paper[1]).toMatchObject({ segments: [{ text: 'A-012', width: 3, height: 3 }] });
    expect(paper.qrCodes()).toEqual(['7K4-M2X-9QRV', 'TUNTUN-TES']);
    expect(paper.paper.at(-1)).toEqual({ kind: 'cut', partial: true });
  });

  it('decodes the same whatever chunks the bytes arrive in', () => {
    const whole = decodeEscPos(RECEIPT);
    for (const size of [1, 2, 3, 7, 64]) {
      const decoder = new EscPosDecoder();
      for (let at = 0; at < RECEIPT.length; at += size) decoder.push(RECEIPT.subarray(at, at + size));
      expect(decoder.paper, `chunks of ${size}`).toEqual(whole.paper);
    }
  });

  it('answers DLE EOT in stream order and lists commands it does not know', () => {
    const asked: number[] = [];
    const decoder = new EscPosDecoder({ status: (n) => asked.push(n) });
    decoder.push(bytes([0x10, 0x04, 1], 'x', [0x10, 0x04, 4], [0x1b, 0x70, 0, 25, 250], '\n'));
    expect(asked).toEqual([1, 4]);
    expect(decoder.unknown).toEqual(['ESC p (drawer pulse) 1b 70 00 19 fa']);
    expect(decoder.lines()).toEqual(['x']);
  });

  it('puts nothing on paper while the printer cannot print', () => {
    let canPrint = true;
    const decoder = new EscPosDecoder({ canPrint: () => canPrint });
    decoder.push(bytes('one\n'));
    canPrint = false;
    decoder.push(bytes('two\n', qr('X')));
    expect(decoder.lines()).toEqual(['one']);
    expect(decoder.qrCodes()).toEqual([]);
  });
});
