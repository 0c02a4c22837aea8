import type { Locale } from '../config/locale';
import type { OfficeConfig } from '../config/office-config';
import { text, type ReceiptDocument } from './receipt-document';
import { receiptTime } from './receipt-time';
import { RECEIPT_WORDS } from './receipt-words';

/** What IT's test print shows: the same kinds of block a receipt has, and how the printer is reached. */
export type TestPage = {
  locale: Locale;
  office: Pick<OfficeConfig, 'name' | 'timeZone'>;
  printedAt: Date;
  /** e.g. "tcp 192.168.1.50:9100, generic, 80 mm" */
  device: string;
};

/** The QR code's content on a test page: a phone that scans it shows this text. */
export const TEST_QR = 'TUNTUN-TES';

export function testPage(page: TestPage): ReceiptDocument {
  const words = RECEIPT_WORDS[page.locale];
  return {
    kind: 'test',
    blocks: [
      { kind: 'heading', text: page.office.name },
      { kind: 'mark', text: words.testTitle },
      text(page.device, { align: 'center' }),
      text(receiptTime(page.printedAt, page.office.timeZone, page.locale), { align: 'center' }),
      { kind: 'rule' },
      { kind: 'code', text: '0123-ABCD' },
      // Every letter, the digits and the punctuation receipts use, plus accented letters of the
      // code page: a printer set to another character table shows it here first.
      text('ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 .,:;-/()"\' Rp 150.000 é ñ'),
      text(words.testBody),
      { kind: 'qr', data: TEST_QR },
    ],
  };
}
