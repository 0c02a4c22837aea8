import CodepageEncoder from '@point-of-sale/codepage-encoder';
import jsQR from 'jsqr';

/**
 * A small ESC/POS decoder for tests: what a printer would put on paper, read back from the bytes
 * (no decoder exists on npm). It knows the commands receipt encoders send; anything else is listed
 * in `unknown`, so a test sees a command it did not expect instead of garbage text. It decodes
 * incrementally, as a printer reads its input: the virtual printer answers DLE EOT in stream order.
 */
export type Style = { bold: boolean; inverted: boolean; width: number; height: number };
export type Align = 'left' | 'center' | 'right';
export type Segment = Style & { text: string };
/** A printed picture: `rows` holds `widthBytes` bytes a row, most significant bit leftmost, 1 = black. */
export type Bitmap = { width: number; height: number; widthBytes: number; rows: Uint8Array };

export const isBlack = (bitmap: Bitmap, x: number, y: number): boolean => (((bitmap.rows[y * bitmap.widthBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1) === 1;
export type PaperItem =
  | { kind: 'line'; align: Align; segments: Segment[] }
  | { kind: 'qr'; data: string; moduleDots: number; align: Align }
  | { kind: 'image'; bitmap: Bitmap; align: Align; qr: string | null }
  | { kind: 'cut'; partial: boolean };

export type DecoderEvents = {
  /** DLE EOT n arrived; returns false when the printer prints no more (paper out) and drops content. */
  status?: (n: number) => void;
  /** Whether the printer can put this on paper now; a printer out of paper or with its cover open drops it. */
  canPrint?: () => boolean;
  /** One more line or picture went onto the paper. */
  fed?: () => void;
};

/** ESC t n numbers of Epson's table, which the encoder uses for generic printers. */
const CODEPAGES: Readonly<Record<number, 'cp437' | 'cp850' | 'cp858' | 'windows1252'>> = { 0: 'cp437', 2: 'cp850', 16: 'windows1252', 19: 'cp858' };
const TABLES = new Map<string, number[]>();
function charOf(codepage: string, byte: number): string {
  let table = TABLES.get(codepage);
  if (table === undefined) {
    table = CodepageEncoder.getCodepoints(codepage as 'cp437', true);
    TABLES.set(codepage, table);
  }
  return String.fromCodePoint(table[byte] ?? 0xfffd);
}

const PLAIN: Style = { bold: false, inverted: false, width: 1, height: 1 };
const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

export class EscPosDecoder {
  readonly paper: PaperItem[] = [];
  readonly unknown: string[] = [];
  private pending = new Uint8Array(0);
  private style: Style = { ...PLAIN };
  private align: Align = 'left';
  private codepage = 'cp437';
  private line: Segment[] = [];
  private qrData = '';
  private qrModule = 3;

  constructor(private readonly events: DecoderEvents = {}) {}

  /** Feeds bytes as they arrive; a command split across chunks waits for its end. */
  push(chunk: Uint8Array): void {
    const bytes = new Uint8Array(this.pending.length + chunk.length);
    bytes.set(this.pending);
    bytes.set(chunk, this.pending.length);
    let at = 0;
    while (at < bytes.length) {
      const used = this.step(bytes, at);
      if (used === 0) break;
      at += used;
    }
    this.pending = bytes.slice(at);
  }

  /** Every line's text, trimmed, as printed (wrapped lines are separate). */
  lines(): string[] {
    return this.paper.filter((item) => item.kind === 'line').map((item) => item.segments.map((s) => s.text).join('').trim());
  }

  /** QR codes on the paper: native ones' data, and raster ones read back with jsQR. */
  qrCodes(): string[] {
    return this.paper.flatMap((item) => (item.kind === 'qr' ? [item.data] : item.kind === 'image' && item.qr !== null ? [item.qr] : []));
  }

  cuts(): number {
    return this.paper.filter((item) => item.kind === 'cut').length;
  }

  private printable(): boolean {
    return this.events.canPrint?.() ?? true;
  }

  private put(item: PaperItem): void {
    if (!this.printable()) return;
    this.paper.push(item);
    this.events.fed?.();
  }

  private endLine(): void {
    this.put({ kind: 'line', align: this.align, segments: this.line });
    this.line = [];
  }

  private text(char: string): void {
    if (!this.printable()) return;
    const last = this.line.at(-1);
    const { bold, inverted, width, height } = this.style;
    if (last !== undefined && last.bold === bold && last.inverted === inverted && last.width === width && last.height === height) last.text += char;
    else this.line.push({ ...this.style, text: char });
  }

  /** Handles one command at `at`; returns the bytes it took, 0 when it is not complete yet. */
  private step(b: Uint8Array, at: number): number {
    const need = (n: number) => at + n <= b.length;
    const arg = (i: number) => b[at + i] ?? 0;
    const first = arg(0);
    if (first === 0x0a) {
      this.endLine();
      return 1;
    }
    if (first === 0x0d) return 1;
    if (first >= 0x20 && first !== 0x7f) {
      this.text(charOf(this.codepage, first));
      return 1;
    }
    if (!need(2)) return 0;
    const command = (first << 8) | arg(1);
    switch (command) {
      case 0x1b40: // ESC @
        this.style = { ...PLAIN };
        this.align = 'left';
        this.codepage = 'cp437';
        return 2;
      case 0x1c2e: // FS . (leave Kanji mode)
      case 0x1b32: // ESC 2 default line spacing
        return 2;
      case 0x1004: // DLE EOT n
        if (!need(3)) return 0;
        this.events.status?.(arg(2));
        return 3;
    }
    if (!need(3)) return 0;
    const n = arg(2);
    switch (command) {
      case 0x1b4d: // ESC M font
      case 0x1b2d: // ESC - underline
      case 0x1b33: // ESC 3 line spacing
        return 3;
      case 0x1b74: // ESC t code page
        if (CODEPAGES[n] === undefined) this.unknown.push(`ESC t ${n}`);
        this.codepage = CODEPAGES[n] ?? 'cp437';
        return 3;
      case 0x1b45: // ESC E bold
      case 0x1b47: // ESC G double strike
        this.style.bold = (n & 1) === 1;
        return 3;
      case 0x1d42: // GS B reverse
        this.style.inverted = (n & 1) === 1;
        return 3;
      case 0x1d21: // GS ! size
        this.style.width = (n >> 4) + 1;
        this.style.height = (n & 0x0f) + 1;
        return 3;
      case 0x1b61: // ESC a align
        this.align = (['left', 'center', 'right'] as const)[n % 48] ?? 'left';
        return 3;
      case 0x1b64: // ESC d feed n lines
        for (let i = 0; i < n; i++) this.endLine();
        return 3;
      case 0x1b4a: // ESC J feed dots
        return 3;
      case 0x1d56: // GS V cut
        if (n === 65 || n === 66) {
          if (!need(4)) return 0;
          this.put({ kind: 'cut', partial: n === 66 });
          return 4;
        }
        this.put({ kind: 'cut', partial: n === 1 || n === 49 });
        return 3;
      case 0x1d28: // GS ( k
        return this.functionK(b, at);
      case 0x1b70: // ESC p m t1 t2: a cash drawer pulse, which a kiosk must never send
        if (!need(5)) return 0;
        this.unknown.push(`ESC p (drawer pulse) ${hex(b.subarray(at, at + 5))}`);
        return 5;
      case 0x1d76: // GS v 0 raster image
        return this.raster(b, at);
    }
    this.unknown.push(hex(b.subarray(at, at + 3)));
    return 1;
  }

  private functionK(b: Uint8Array, at: number): number {
    if (at + 5 > b.length) return 0;
    if (b[at + 2] !== 0x6b) {
      this.unknown.push(hex(b.subarray(at, at + 3)));
      return 1;
    }
    const size = (b[at + 3] ?? 0) + (b[at + 4] ?? 0) * 256;
    if (at + 5 + size > b.length) return 0;
    const [cn, fn, ...params] = b.subarray(at + 5, at + 5 + size);
    if (cn !== 0x31) this.unknown.push(`GS ( k cn=${cn ?? -1}`);
    else if (fn === 0x43) this.qrModule = params[0] ?? 3;
    else if (fn === 0x50) this.qrData = String.fromCharCode(...params.slice(1));
    else if (fn === 0x51) this.put({ kind: 'qr', data: this.qrData, moduleDots: this.qrModule, align: this.align });
    return 5 + size;
  }

  private raster(b: Uint8Array, at: number): number {
    if (at + 8 > b.length) return 0;
    const widthBytes = (b[at + 4] ?? 0) + (b[at + 5] ?? 0) * 256;
    const height = (b[at + 6] ?? 0) + (b[at + 7] ?? 0) * 256;
    const end = at + 8 + widthBytes * height;
    if (end > b.length) return 0;
    const bitmap: Bitmap = { width: widthBytes * 8, height, widthBytes, rows: b.slice(at + 8, end) };
    this.put({ kind: 'image', bitmap, align: this.align, qr: readQr(bitmap) });
    return end - at;
  }
}

/** Reads a QR code from a printed picture as a phone would, with a white margin around it. */
export function readQr(bitmap: Bitmap): string | null {
  const margin = 16;
  const width = bitmap.width + margin * 2;
  const height = bitmap.height + margin * 2;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if (!isBlack(bitmap, x, y)) continue;
      const at = ((y + margin) * width + x + margin) * 4;
      rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
    }
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

export function decodeEscPos(bytes: Uint8Array): EscPosDecoder {
  const decoder = new EscPosDecoder();
  decoder.push(bytes);
  return decoder;
}
