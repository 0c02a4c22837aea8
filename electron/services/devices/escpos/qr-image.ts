import { create } from 'qrcode';

/**
 * A QR code as pixels, for printers that draw none of their own (GS ( k missing or wrong): the
 * same symbol the done screen shows (`qrcode` package, level M), `moduleDots` printer dots a
 * module, with the two-module margin the paper around it does not always give.
 */
export type QrPixels = { data: Uint8ClampedArray; width: number; height: number };

export function qrImage(text: string, moduleDots: number): QrPixels {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const side = (modules.size + quiet * 2) * moduleDots;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < moduleDots; y++) {
        const top = (row + quiet) * moduleDots + y;
        for (let x = 0; x < moduleDots; x++) {
          const at = (top * side + (col + quiet) * moduleDots + x) * 4;
          data[at] = 0;
          data[at + 1] = 0;
          data[at + 2] = 0;
        }
      }
    }
  }
  return { data, width: side, height: side };
}
