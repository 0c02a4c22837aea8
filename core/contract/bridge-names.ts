/**
 * The bridge's names alone, without their schemas: the Electron preload's allow-list. Kept free
 * of zod so the sandboxed preload bundle stays small; bridge.ts is typed against these lists, so
 * a request added there without its name here (or the reverse) does not compile.
 */
export const REQUEST_NAMES = [
  'app.info',
  'config.current',
  'health.check',
  'help.request',
  'log.report',
  'device.identity',
  'secrets.sign',
  'store.key',
  'journal.append',
  'journal.list',
  'journal.drop',
  'journal.upload',
  'storage.status',
  'devices.status',
  'devices.diagnostics',
  'devices.testPrint',
  'printer.printReceipt',
  'queue.take',
] as const;
export const EVENT_NAMES = ['help.requested', 'config.changed', 'device.statusChanged'] as const;

export type RequestName = (typeof REQUEST_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export const isRequestName = (name: unknown): name is RequestName => typeof name === 'string' && (REQUEST_NAMES as readonly string[]).includes(name);
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
