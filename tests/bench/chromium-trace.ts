import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CDPSession, Page } from '@playwright/test';

/**
 * BENCH_TRACE=<file>: a Chromium trace (chrome://tracing / Perfetto JSON) of a timed part, with
 * IndexedDB, LevelDB and V8 CPU-profiler samples on every thread, the worker's included. Opt-in:
 * tracing itself costs CPU, so a traced run's figures are not comparable with an untraced one.
 */
export const TRACE_CATEGORIES = [
  'toplevel',
  'IndexedDB',
  'leveldb',
  'v8',
  'blink',
  'disabled-by-default-v8.cpu_profiler',
  'disabled-by-default-devtools.timeline',
  'devtools.timeline',
  'net',
  'mojom',
];

export async function startTrace(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordContinuously' } });
  return cdp;
}

export async function endTrace(cdp: CDPSession, file: string): Promise<void> {
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream ?? '')));
  await cdp.send('Tracing.end');
  const handle = await complete;
  const out = createWriteStream(file);
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle, size: 1 << 20 });
    if (!out.write(chunk.base64Encoded === true ? Buffer.from(chunk.data, 'base64') : chunk.data)) await once(out, 'drain');
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  out.end();
  await once(out, 'finish');
  await cdp.detach();
}
