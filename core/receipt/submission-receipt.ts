import { pickText, type Locale, type LocalizedText } from '../config/locale';
import type { OfficeConfig } from '../config/office-config';
import { text, type ReceiptBlock, type ReceiptDocument } from './receipt-document';
import { receiptTime } from './receipt-time';
import { RECEIPT_WORDS } from './receipt-words';

/**
 * The receipt a resident takes away after submitting: enough to come back with (the code, large
 * and as a QR code), to know where to go and what to bring, and honestly whether the office has
 * the application yet. It carries no name, NIK or answer: a receipt left on the counter tells a
 * stranger nothing about its owner.
 */
export type SubmissionReceipt = {
  locale: Locale;
  office: Pick<OfficeConfig, 'name' | 'address' | 'timeZone'>;
  service: {
    title: LocalizedText;
    requirements: readonly LocalizedText[];
    processingTime: LocalizedText;
    counter?: { name: LocalizedText } | undefined;
  };
  /** In its printed form, e.g. 7K4-M2X-9QRT; also the QR code's content, as on the done screen. */
  trackingCode: string;
  submittedAt: Date;
  /** kiosk: not sent yet; office: the office has received it. */
  saved: 'kiosk' | 'office';
  reprint: boolean;
};

export function submissionReceipt(receipt: SubmissionReceipt): ReceiptDocument {
  const words = RECEIPT_WORDS[receipt.locale];
  const say = (value: LocalizedText) => pickText(value, receipt.locale);
  const blocks: ReceiptBlock[] = [];
  if (receipt.reprint) blocks.push({ kind: 'mark', text: words.reprint });
  blocks.push({ kind: 'heading', text: receipt.office.name });
  if (receipt.office.address !== undefined) blocks.push(text(receipt.office.address, { align: 'center' }));
  blocks.push({ kind: 'rule' });
  blocks.push(text(words.title, { align: 'center', bold: true }));
  blocks.push(text(say(receipt.service.title), { align: 'center', bold: true }));
  blocks.push(text(words.code, { align: 'center' }));
  blocks.push({ kind: 'code', text: receipt.trackingCode });
  blocks.push({ kind: 'qr', data: receipt.trackingCode });
  blocks.push(text(receiptTime(receipt.submittedAt, receipt.office.timeZone, receipt.locale), { align: 'center' }));
  blocks.push({ kind: 'rule' });
  if (receipt.service.counter !== undefined) blocks.push({ kind: 'field', label: words.goTo, value: say(receipt.service.counter.name) });
  blocks.push({ kind: 'field', label: words.processing, value: say(receipt.service.processingTime) });
  if (receipt.service.requirements.length > 0) blocks.push({ kind: 'list', label: words.bring, items: receipt.service.requirements.map(say) });
  blocks.push({ kind: 'rule' });
  blocks.push({ kind: 'field', label: words.status, value: receipt.saved === 'office' ? words.savedOffice : words.savedKiosk });
  blocks.push(text(words.checkStatus));
  blocks.push(text(words.keep));
  if (receipt.reprint) blocks.push({ kind: 'mark', text: words.reprint });
  return { kind: 'submission', blocks };
}
