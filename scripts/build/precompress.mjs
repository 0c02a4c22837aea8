// Writes a Brotli (.br) and a gzip (.gz) copy next to every text asset of a built renderer, so the
// web host can send the smaller one a browser accepts (sirv's `brotli` and `gzip` options) without
// compressing on every request. The 1.7 MB village list and the 670 KB main script went
// uncompressed before. Electron loads the same files from disk and never asks for these copies.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.map', '.webmanifest']);
/** Below this a compressed copy saves less than the headers it costs. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

/** Returns the bytes before and after (Brotli) over the files it compressed. */
export async function precompress(dir) {
  let before = 0;
  let after = 0;
  const jobs = [];
  for await (const file of files(dir)) {
    if (!TEXT.has(path.extname(file)) || (await stat(file)).size < MIN_BYTES) continue;
    jobs.push(
      (async () => {
        const data = await readFile(file);
        const [br, gzipped] = await Promise.all([
          brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gz(data, { level: 9 }),
        ]);
        await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
        before += data.length;
        after += br.length;
      })(),
    );
  }
  await Promise.all(jobs);
  return { before, after };
}
