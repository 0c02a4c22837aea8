import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzip size of the JavaScript the renderer's index.html loads before first paint. */
export async function initialJsGzipBytes(rendererDir: string): Promise<{ files: string[]; bytes: number }> {
  const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/gu)].map((m) => m[1] ?? '');
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(path.join(rendererDir, file)), { level: 9 }).length;
  return { files, bytes };
}
