import type { Locale } from '../config/locale';

/**
 * The receipt's own words, per language. Kept here rather than in the renderer's locale files
 * because the host prints them and the renderer never sees a receipt. A new Locale is a compile
 * error until its words are written.
 */
export type ReceiptWords = {
  title: string;
  code: string;
  goTo: string;
  processing: string;
  bring: string;
  status: string;
  savedKiosk: string;
  savedOffice: string;
  checkStatus: string;
  keep: string;
  reprint: string;
  testTitle: string;
  testBody: string;
};

export const RECEIPT_WORDS: Readonly<Record<Locale, ReceiptWords>> = {
  id: {
    title: 'BUKTI PERMOHONAN',
    code: 'Kode permohonan',
    goTo: 'Silakan ke',
    processing: 'Lama proses',
    bring: 'Bawa dokumen berikut',
    status: 'Status',
    savedKiosk: 'Tersimpan di kiosk, belum terkirim',
    savedOffice: 'Sudah diterima kantor',
    checkStatus: 'Cek status: pilih "Cek Status" di kiosk lalu pindai kode QR ini, atau tunjukkan struk ini ke petugas.',
    keep: 'Simpan struk ini sampai urusan Anda selesai.',
    reprint: 'CETAK ULANG',
    testTitle: 'TES PRINTER',
    testBody: 'Jika Anda bisa membaca baris ini, kode di atas, dan kode QR di bawah, printer siap dipakai.',
  },
  en: {
    title: 'APPLICATION RECEIPT',
    code: 'Application code',
    goTo: 'Please go to',
    processing: 'Processing time',
    bring: 'Bring these documents',
    status: 'Status',
    savedKiosk: 'Saved on this kiosk, not sent yet',
    savedOffice: 'Received by the office',
    checkStatus: 'To check the status: choose "Check Status" on the kiosk and scan this QR code, or show this receipt at the desk.',
    keep: 'Keep this receipt until your matter is done.',
    // Officers read the mark, so it stays in Bahasa Indonesia on every receipt.
    reprint: 'CETAK ULANG / REPRINT',
    testTitle: 'PRINTER TEST',
    testBody: 'If you can read this line, the code above and the QR code below, the printer is ready.',
  },
};
