/**
 * `npx tsx tests/support/escpos/receipt-picture.ts`: pictures of receipts as the printer would put
 * them on paper, drawn from the ESC/POS bytes by the test decoder (not from the receipt model), so
 * the picture shows what the bytes say: docs/screenshots/receipt-80mm.png (native QR code) and
 * receipt-58mm.png (QR code as a raster picture, read back with jsQR). One CSS pixel per printer
 * dot, font A cells of 12 × 24 dots, Chromium from CHROMIUM_PATH or /usr/bin/chromium.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { create } from 'qrcode';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import { submissionReceipt } from '../../../core/receipt/submission-receipt';
import { encodeReceipt, type EscPosProfile } from '../../../electron/services/devices/escpos/encode-receipt';
import { decodeEscPos, isBlack, type Bitmap, type PaperItem } from './escpos-decoder';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const CELL = { width: 12, height: 24 };

const escape = (text: string) => text.replace(/[&<>"]/gu, (c) => `&#${c.charCodeAt(0)};`);

/** Black dots as an SVG, one rectangle per run of black in a row. */
function bitmapSvg(bitmap: Bitmap): string {
  let rects = '';
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if (!isBlack(bitmap, x, y)) continue;
      let end = x;
      while (end + 1 < bitmap.width && isBlack(bitmap, end + 1, y)) end++;
      rects += `<rect x="${x}" y="${y}" width="${end - x + 1}" height="1"/>`;
      x = end;
    }
  }
  return `<svg width="${bitmap.width}" height="${bitmap.height}" shape-rendering="crispEdges">${rects}</svg>`;
}

/** A native QR code as the printer draws it: `moduleDots` dots a module. */
function nativeQr(data: string, moduleDots: number): Bitmap {
  const { modules } = create(data, { errorCorrectionLevel: 'M' });
  const side = modules.size * moduleDots;
  const widthBytes = Math.ceil(side / 8);
  const rows = new Uint8Array(widthBytes * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (modules.get(Math.floor(y / moduleDots), Math.floor(x / moduleDots)) === 1) rows[y * widthBytes + (x >> 3)] = (rows[y * widthBytes + (x >> 3)] ?? 0) | (0x80 >> (x & 7));
    }
  }
  return { width: side, height: side, widthBytes, rows };
}

function itemHtml(item: PaperItem): string {
  switch (item.kind) {
    case 'line': {
      const height = Math.max(1, ...item.segments.map((s) => s.height)) * CELL.height;
      const spans = item.segments
        .map((s) => {
          const width = [...s.text].length * CELL.width * s.width;
          const style = `${s.bold ? 'font-weight:bold;' : ''}${s.inverted ? 'background:#000;color:#fff;' : ''}`;
          return `<span class="cell" style="width:${width}px;height:${s.height * CELL.height}px;${style}"><span class="glyphs" style="transform:scale(${s.width},${s.height})">${escape(s.text)}</span></span>`;
        })
        .join('');
      return `<div class="line" style="height:${height}px">${spans}</div>`;
    }
    case 'qr':
      return `<div class="picture" style="text-align:${item.align}">${bitmapSvg(nativeQr(item.data, item.moduleDots))}</div>`;
    case 'image':
      return `<div class="picture" style="text-align:${item.align}">${bitmapSvg(item.bitmap)}</div>`;
    case 'cut':
      return '<div class="cut">✂ - - - - - - - - - - - - - - - - - - - -</div>';
  }
}

function paperHtml(items: PaperItem[], dots: number, caption: string): string {
  return `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; padding: 24px; background: #d9d9d9; font-family: 'DejaVu Sans Mono', monospace; }
    .paper { width: ${dots}px; padding: 16px 24px; background: #fff; color: #111; box-shadow: 0 2px 8px #0004; }
    .line { white-space: pre; font-size: 20px; line-height: ${CELL.height}px; }
    .cell { display: inline-block; overflow: visible; vertical-align: top; }
    .glyphs { display: inline-block; transform-origin: 0 0; white-space: pre; }
    .picture svg { display: inline-block; }
    .cut { color: #777; font-size: 14px; margin-top: 4px; }
    .caption { font: 14px sans-serif; color: #333; margin-top: 10px; width: ${dots + 48}px; }
  </style><div id="shot" style="display:inline-block"><div class="paper">${items.map(itemHtml).join('\n')}</div><div class="caption">${escape(caption)}</div></div>`;
}

const service = ServiceDefinition.parse(JSON.parse(await readFile(path.join(root, 'kiosk-config', 'services', 'ktp-el.json'), 'utf8')));
const receipt = submissionReceipt({
  locale: 'id',
  office: { name: 'Kecamatan Tigaraksa', address: 'Jl. Aria Jaya Santika No. 1, Tigaraksa', timeZone: 'Asia/Jakarta' },
  service: { ...service, requirements: service.requirements.slice(0, 3) },
  trackingCode: '7K4-M2X-9QRV',
  submittedAt: new Date('2026-03-02T01:10:00Z'),
  saved: 'kiosk',
  reprint: false,
});
const pictures: [string, EscPosProfile, number][] = [
  ['receipt-80mm.png', { paperWidth: 80, model: 'generic', qr: 'native', codepage: 'cp437', cutter: true }, 576],
  ['receipt-58mm.png', { paperWidth: 58, model: 'generic', qr: 'raster', codepage: 'cp437', cutter: true }, 384],
];
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [file, profile, dots] of pictures) {
    const bytes = encodeReceipt(receipt, profile);
    const paper = decodeEscPos(bytes);
    if (paper.unknown.length > 0) throw new Error(`unknown commands: ${paper.unknown.join(', ')}`);
    const caption = `${profile.paperWidth} mm, ${bytes.length} bytes of ESC/POS, decoded: QR ${profile.qr} → "${paper.qrCodes().join(', ')}"`;
    await page.setContent(paperHtml(paper.paper, dots, caption));
    await page.locator('#shot').screenshot({ path: path.join(root, 'docs', 'screenshots', file) });
    process.stdout.write(`wrote docs/screenshots/${file}\n`);
  }
} finally {
  await browser.close();
}
