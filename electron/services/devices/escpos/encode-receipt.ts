import CodepageEncoder from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { EscPosModel, ReceiptCodepage } from '../../../../core/config/device-config';
import { missingCase } from '../../../../core/contract/result';
import { printableText } from '../../../../core/receipt/printable-text';
import type { ReceiptBlock, ReceiptDocument } from '../../../../core/receipt/receipt-document';
import { qrImage } from './qr-image';

/**
 * Turns a receipt document into ESC/POS bytes with @point-of-sale/receipt-printer-encoder: it
 * knows the printers' fonts, line widths, character tables and QR commands, wraps words to the
 * paper, and writes the commands; this file only decides what each block looks like on paper.
 */
export type EscPosProfile = {
  paperWidth: 58 | 80;
  model: EscPosModel;
  columns?: 32 | 35 | 42 | 44 | 48 | undefined;
  qr: 'native' | 'raster';
  codepage: ReceiptCodepage;
  cutter: boolean;
};

/**
 * The characters each table prints, from the encoder's own tables. Bytes below 0x20 and 0x7F are
 * left out: the tables give them glyphs (☺, ♥), but sent to a printer they are commands.
 */
const tables = new Map<ReceiptCodepage, ReadonlySet<number>>();
function tableOf(codepage: ReceiptCodepage): ReadonlySet<number> {
  let table = tables.get(codepage);
  if (table === undefined) {
    const points = CodepageEncoder.getCodepoints(codepage, true);
    table = new Set(points.filter((_, byte) => byte >= 0x20 && byte !== 0x7f));
    tables.set(codepage, table);
  }
  return table;
}

export function columnsOf(profile: EscPosProfile): number {
  if (profile.columns !== undefined) return profile.columns;
  if (profile.model !== 'generic') return new ReceiptPrinterEncoder({ printerModel: profile.model }).columns;
  return profile.paperWidth === 58 ? 32 : 48;
}

export function encodeReceipt(document: ReceiptDocument, profile: EscPosProfile): Uint8Array {
  const columns = columnsOf(profile);
  const encoder = new ReceiptPrinterEncoder({
    ...(profile.model === 'generic' ? { feedBeforeCut: 4 } : { printerModel: profile.model }),
    columns,
    language: 'esc-pos',
    imageMode: 'raster',
  });
  const table = tableOf(profile.codepage);
  const plain = (value: string) => printableText(value, (point) => table.has(point));
  // Raster where asked, and where the model's profile says it draws no QR code of its own.
  const nativeQr = profile.qr === 'native' && (encoder.printerCapabilities as { qrcode?: { supported?: boolean } }).qrcode?.supported !== false;
  const dots = encoder.printableWidth;
  encoder.initialize().codepage(profile.codepage);
  for (const block of document.blocks) addBlock(encoder, block, { columns, nativeQr, dots, plain });
  if (profile.cutter) encoder.cut('partial');
  else encoder.newline(4);
  return encoder.encode();
}

type Layout = { columns: number; nativeQr: boolean; dots: number; plain: (value: string) => string };

function addBlock(encoder: ReceiptPrinterEncoder, block: ReceiptBlock, layout: Layout): void {
  const { plain } = layout;
  switch (block.kind) {
    case 'heading':
      encoder.align('center').bold(true).size(1, 2).line(plain(block.text)).size(1, 1).bold(false).align('left');
      return;
    case 'text':
      encoder.align(block.align).bold(block.bold).line(plain(block.text)).bold(false).align('left');
      return;
    case 'code': {
      const value = plain(block.text);
      // As large as the paper allows the whole code on one line: 3× on 80 mm, 2× on 58 mm.
      const scale = Math.max(1, Math.min(3, Math.floor(layout.columns / Math.max(1, value.length))));
      encoder.align('center').bold(true).size(scale, scale).line(value).size(1, 1).bold(false).align('left');
      return;
    }
    case 'qr': {
      // About 2.5 cm on 80 mm paper and 2 cm on 58 mm: what phone cameras read at arm's length.
      const moduleDots = layout.dots >= 576 ? 8 : 6;
      encoder.align('center');
      if (layout.nativeQr) encoder.qrcode(block.data, { model: 2, size: moduleDots, errorlevel: 'm' });
      else {
        const image = qrImage(block.data, moduleDots);
        encoder.image(image, image.width, image.height, 'threshold');
      }
      encoder.align('left');
      return;
    }
    case 'field':
      encoder.bold(true).line(plain(block.label)).bold(false).line(plain(block.value));
      return;
    case 'list':
      encoder.bold(true).line(plain(block.label)).bold(false);
      for (const item of block.items) encoder.line(`- ${plain(item)}`);
      return;
    case 'mark':
      encoder.align('center').invert(true).bold(true).line(` ${plain(block.text)} `).bold(false).invert(false).align('left');
      return;
    case 'rule':
      // Dashes rather than box-drawing lines: every character table has "-".
      encoder.line('-'.repeat(layout.columns));
      return;
    default:
      return missingCase(block);
  }
}
