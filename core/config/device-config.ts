import { z } from 'zod';

/**
 * The devices one kiosk has (`devices.json`): for each role, which driver runs it and how to reach
 * it. Kiosks of one office differ here (one printer at 192.168.1.50, the next on USB), so the file
 * sits beside office.json by default and a kiosk may point KIOSK_DEVICES at its own.
 *
 * A role left out means the kiosk has no such device: nothing is printed and nothing waits for it.
 * Every role also has a `simulator` driver that ships in the app, so a kiosk without hardware (a
 * demo, a developer's laptop, every test) runs the whole path and says "simulasi" wherever the
 * device's state is shown.
 */

/**
 * Every role a device can play. Card reader, badge reader and scanner are named here so the status
 * stream and the heartbeat already know them; their drivers come with issue #25.
 */
export const DeviceRole = z
  .enum(['receiptPrinter', 'documentPrinter', 'cardReader', 'badgeReader', 'scanner'])
  .describe('What the device does for the kiosk');
export type DeviceRole = z.infer<typeof DeviceRole>;

/**
 * ESC/POS printers whose character tables, fonts and QR support the encoder knows (its printer
 * profiles). A printer not listed works as "generic" with the paper width and code page below.
 */
export const ESC_POS_MODELS = [
  'generic',
  'bixolon-srp350',
  'bixolon-srp350iii',
  'citizen-ct-s310ii',
  'epson-tm-m30ii',
  'epson-tm-m30iii',
  'epson-tm-p20ii',
  'epson-tm-t20ii',
  'epson-tm-t20iii',
  'epson-tm-t20iv',
  'epson-tm-t70',
  'epson-tm-t70ii',
  'epson-tm-t88ii',
  'epson-tm-t88iii',
  'epson-tm-t88iv',
  'epson-tm-t88v',
  'epson-tm-t88vi',
  'epson-tm-t88vii',
  'fujitsu-fp1000',
  'hp-a779',
  'metapace-t1',
  'mpt-ii',
  'pos-5890',
  'pos-8360',
  'sunmi',
  'sunmi-p2se',
  'sunmi-p3h',
  'sunmi-p3kh',
  'sunmi-p3mix',
  'xprinter-xp-n160ii',
  'xprinter-xp-t80q',
  'youku-58t',
] as const;
export type EscPosModel = (typeof ESC_POS_MODELS)[number];

/** Code pages the receipt text may be printed in; each printer has cp437 at power-on. */
export const RECEIPT_CODEPAGES = ['cp437', 'cp850', 'cp858', 'windows1252'] as const;
export type ReceiptCodepage = (typeof RECEIPT_CODEPAGES)[number];

const DevicePath = z
  .string()
  .regex(/^\/[^\0]{1,200}$/u, 'An absolute device path, e.g. /dev/usb/lp0')
  .describe('Absolute path of the device file');

const Timeouts = z
  .strictObject({
    connectMs: z.number().int().min(100).max(15_000).default(3000).describe('How long to wait for the printer to accept a connection or open'),
    statusMs: z.number().int().min(100).max(10_000).default(1500).describe('How long to wait for the printer to answer a status request (DLE EOT)'),
    jobMs: z.number().int().min(500).max(30_000).default(8000).describe('How long the printer may take to take in one receipt'),
  })
  .prefault({})
  .describe('Limits on every call to the printer; a printer that takes longer is reported, never waited for');

export const PrinterTransport = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('tcp').describe('A network printer'),
        host: z
          .string()
          .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:]{2,39}\]?$/u, 'An IP address or host name, e.g. 192.168.1.50')
          .describe('IP address or host name of the printer, e.g. "192.168.1.50"; give the printer a fixed address in the router'),
        port: z.number().int().min(1).max(65_535).default(9100).describe('Raw printing port: 9100 on almost every network receipt printer'),
      })
      .describe('Raw TCP (port 9100)'),
    z
      .strictObject({
        kind: z.literal('usb').describe('A USB printer seen by Linux as a printer device'),
        device: DevicePath.describe('The Linux USB printer device, e.g. "/dev/usb/lp0"; the kiosk user must be in the "lp" group'),
      })
      .describe('The Linux USB printer device (usblp)'),
    z
      .strictObject({
        kind: z.literal('serial').describe('A printer on a serial port or a USB-serial adapter'),
        device: z
          .string()
          .regex(/^(\/[^\0]{1,200}|COM\d{1,3})$/u, 'A device path such as /dev/ttyUSB0 (or COM3 on Windows)')
          .describe('Serial device, e.g. "/dev/ttyUSB0" or "/dev/ttyS0"; the kiosk user must be in the "dialout" group'),
        baudRate: z
          .union([z.literal(9600), z.literal(19_200), z.literal(38_400), z.literal(57_600), z.literal(115_200)])
          .default(9600)
          .describe("Speed set on the printer (its self-test page shows it); 8 data bits, no parity, 1 stop bit"),
        flowControl: z
          .enum(['none', 'rtscts', 'xonxoff'])
          .default('none')
          .describe('Handshake: rtscts when the cable carries RTS/CTS (safer for QR images at high speed), else none'),
      })
      .describe('A serial port (RS-232 or USB-serial)'),
  ])
  .describe('How the kiosk reaches the printer');
export type PrinterTransport = z.infer<typeof PrinterTransport>;

const PaperWidth = z
  .union([z.literal(58), z.literal(80)])
  .default(80)
  .describe('Paper roll width in millimetres: 58 (32 characters a line) or 80 (48)');

export const EscPosReceiptPrinterConfig = z
  .strictObject({
    driver: z.literal('escpos').describe('A thermal receipt printer speaking ESC/POS'),
    transport: PrinterTransport,
    paperWidth: PaperWidth,
    model: z
      .enum(ESC_POS_MODELS)
      .default('generic')
      .describe('Printer model, for its character tables, line width, cutter and QR support; "generic" for any other ESC/POS printer (then paperWidth and columns apply)'),
    columns: z
      .union([z.literal(32), z.literal(35), z.literal(42), z.literal(44), z.literal(48)])
      .optional()
      .describe('Characters a line in the normal font, when the model is generic and its self-test page says otherwise (e.g. 42 on 180-dpi 80 mm printers)'),
    qr: z
      .enum(['native', 'raster'])
      .default('native')
      .describe('native: the printer draws the QR code itself (GS ( k); raster: the kiosk sends it as a picture, for printers that print no QR or a wrong one'),
    codepage: z.enum(RECEIPT_CODEPAGES).default('cp437').describe('Character table for the text; letters it lacks are printed without their accents, other characters as "?"'),
    cutter: z.boolean().default(true).describe('Whether the printer has an automatic cutter; without one the paper is fed out to the tear bar'),
    readStatus: z
      .boolean()
      .default(true)
      .describe('Ask the printer for paper, cover and error state (DLE EOT) before and after each receipt; turn off only for one-way printers that never answer'),
    pollSeconds: z.number().int().min(5).max(3600).default(30).describe('How often an idle printer is asked for its state, so paper out shows before a resident waits'),
    timeouts: Timeouts,
  })
  .describe('An ESC/POS receipt printer');

/** What a simulated device pretends, so the screens for each printer problem can be tried without hardware. */
export const SIMULATED_SCENARIOS = ['ready', 'paper-low', 'paper-out', 'cover-open', 'offline', 'unplugged'] as const;
export type SimulatedScenario = (typeof SIMULATED_SCENARIOS)[number];

export const SimulatedReceiptPrinterConfig = z
  .strictObject({
    driver: z.literal('simulator').describe('The receipt printer simulator that ships in the app (shown as "simulasi")'),
    paperWidth: PaperWidth,
    scenario: z.enum(SIMULATED_SCENARIOS).default('ready').describe('What the simulated printer pretends: ready, paper-low, paper-out, cover-open, offline or unplugged'),
    printMs: z.number().int().min(0).max(10_000).default(300).describe('How long a simulated receipt takes to print'),
  })
  .describe('A simulated receipt printer: receipts are encoded as for a real one, then kept in memory');

export const ReceiptPrinterConfig = z
  .discriminatedUnion('driver', [EscPosReceiptPrinterConfig, SimulatedReceiptPrinterConfig])
  .describe('The printer for receipts residents take away');
export type ReceiptPrinterConfig = z.infer<typeof ReceiptPrinterConfig>;

export const DocumentPrinterConfig = z
  .discriminatedUnion('driver', [
    z
      .strictObject({
        driver: z.literal('simulator').describe('The document printer simulator that ships in the app (shown as "simulasi")'),
        scenario: z.enum(SIMULATED_SCENARIOS).default('ready').describe('What the simulated printer pretends'),
      })
      .describe('A simulated A4/F4 printer'),
  ])
  .describe('The A4/F4 printer for office copies; the CUPS driver comes with office copies (issue #23, item 4)');
export type DocumentPrinterConfig = z.infer<typeof DocumentPrinterConfig>;

export const DeviceConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors'),
    receiptPrinter: ReceiptPrinterConfig.optional(),
    documentPrinter: DocumentPrinterConfig.optional(),
  })
  .describe("One kiosk's devices: for each role, the driver and how to reach the device. A role left out means this kiosk has none");
export type DeviceConfigInput = z.input<typeof DeviceConfig>;
export type DeviceConfig = z.infer<typeof DeviceConfig>;
