/**
 * What a receipt says, as blocks in reading order, independent of the printer's language. The
 * ESC/POS encoder on the host turns a document into bytes for 58 or 80 mm paper; a preview or a
 * PDF could render the same blocks. Nothing here knows columns, code pages or commands.
 */
export type ReceiptBlock =
  /** The office's name: centred, bold, large. */
  | { kind: 'heading'; text: string }
  /** A line or paragraph, wrapped by the renderer. */
  | { kind: 'text'; text: string; align: 'left' | 'center'; bold: boolean }
  /** The tracking code or a queue number: the largest type the paper allows, centred. */
  | { kind: 'code'; text: string }
  /** A QR code of `data` (the tracking code), centred. */
  | { kind: 'qr'; data: string }
  /** A label above its value, e.g. "Silakan ke" / "Loket 1 Kependudukan". */
  | { kind: 'field'; label: string; value: string }
  /** A label above one line per item. */
  | { kind: 'list'; label: string; items: string[] }
  /** A banner in reverse print that cannot be missed, e.g. "CETAK ULANG". */
  | { kind: 'mark'; text: string }
  /** A horizontal line between parts. */
  | { kind: 'rule' };

export type ReceiptKind = 'submission' | 'test';

export type ReceiptDocument = {
  kind: ReceiptKind;
  blocks: ReceiptBlock[];
};

export const text = (value: string, options: Partial<{ align: 'left' | 'center'; bold: boolean }> = {}): ReceiptBlock => ({
  kind: 'text',
  text: value,
  align: options.align ?? 'left',
  bold: options.bold ?? false,
});
