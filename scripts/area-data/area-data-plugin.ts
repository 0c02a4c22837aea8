import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { buildAreaAsset, countAreas, type AreaCounts } from '../../renderer/src/area/area-asset';

/**
 * Vite plugin: turns idn-area-data's CSV files into one compact JSON asset in the renderer build
 * (dist/renderer/area/areas-<hash>.json) and tells the renderer where it is through the virtual
 * module `virtual:area-data` (typed in renderer/src/area/virtual-area-data.d.ts).
 *
 * The hash in the name doubles as the data version: a kiosk compares it with what it loaded into
 * IndexedDB and reloads only when the data changed, and a stale cache can never serve old rows
 * under a new name.
 */
export const AREA_DATA_MODULE = 'virtual:area-data';
const RESOLVED_ID = `\0${AREA_DATA_MODULE}`;

export type BuiltAreaAsset = {
  /** Path inside the renderer build, relative to index.html. */
  fileName: string;
  json: string;
  version: string;
  counts: AreaCounts;
  attribution: string;
};

const packageDir = () => path.dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));

/** Reads the CSV files of the installed idn-area-data and builds the asset; throws on bad data. */
export function buildAreaAssetFile(dir: string = packageDir()): BuiltAreaAsset {
  const { version: packageVersion } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  const read = (name: string) => readFileSync(path.join(dir, 'data', `${name}.csv`), 'utf8');
  const asset = buildAreaAsset(
    { provinces: read('provinces'), regencies: read('regencies'), districts: read('districts'), villages: read('villages') },
    `idn-area-data ${packageVersion}`,
  );
  const json = JSON.stringify(asset);
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 12);
  return { fileName: `area/areas-${hash}.json`, json, version: `${packageVersion}-${hash}`, counts: countAreas(asset), attribution: asset.attribution };
}

export function areaDataPlugin(): Plugin {
  let built: BuiltAreaAsset | undefined;
  const asset = () => (built ??= buildAreaAssetFile());
  let command: 'build' | 'serve' = 'build';
  return {
    name: 'tuntun-area-data',
    configResolved(config) {
      command = config.command;
    },
    buildStart() {
      if (command === 'build') this.emitFile({ type: 'asset', fileName: asset().fileName, source: asset().json });
    },
    resolveId(id) {
      return id === AREA_DATA_MODULE ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { fileName, version, counts, attribution } = asset();
      return [
        `export const url = ${JSON.stringify(fileName)};`,
        `export const version = ${JSON.stringify(version)};`,
        `export const counts = ${JSON.stringify(counts)};`,
        `export const attribution = ${JSON.stringify(attribution)};`,
      ].join('\n');
    },
    configureServer(server) {
      // The dev server has no build output: answer the asset's URL from memory.
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `/${asset().fileName}`) {
          next();
          return;
        }
        res.setHeader('Content-Type', 'application/json');
        res.end(asset().json);
      });
    },
  };
}
