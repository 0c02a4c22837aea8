import { create } from 'qrcode';
import { expect, test } from 'vitest';
import { qrSvgDataUrl } from './qr-svg';

/** The dark modules drawn by the SVG path, read back as a matrix. */
function drawn(url: string): { size: number; dark: Set<string> } {
  const svg = decodeURIComponent(url.replace(/^data:image\/svg\+xml;charset=utf-8,/u, ''));
  const size = Number(/viewBox="0 0 (\d+) \d+"/u.exec(svg)?.[1]);
  const path = /<path d="([^"]*)"/u.exec(svg)?.[1] ?? '';
  const dark = new Set([...path.matchAll(/M(\d+) (\d+)h1v1h-1z/gu)].map((m) => `${m[2]},${m[1]}`));
  return { size, dark };
}

test('the image shows exactly the modules of the QR code, inside a four-module quiet zone', () => {
  const code = '7K4-M2X-9QRT';
  const url = qrSvgDataUrl(code);
  expect(url.startsWith('data:image/svg+xml;')).toBe(true);
  const { modules } = create(code, { errorCorrectionLevel: 'M' });
  const { size, dark } = drawn(url);
  expect(size).toBe(modules.size + 8);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      expect(dark.has(`${row + 4},${col + 4}`), `module ${row},${col}`).toBe(modules.get(row, col) === 1);
    }
  }
  expect(dark.size).toBe([...Array(modules.size * modules.size).keys()].filter((i) => modules.get(Math.floor(i / modules.size), i % modules.size)).length);
});

test('no markup from the text ends up in the image', () => {
  const url = qrSvgDataUrl('<script>alert(1)</script>');
  expect(decodeURIComponent(url)).not.toContain('<script');
});
