#!/usr/bin/env node
// Builds everything `npm start`, `npm run serve` and Electron need into dist/:
//   dist/renderer/          the React app (Vite), text assets also as .br and .gz
//   dist/web-host/serve.js  the web host without a browser
//   dist/scripts/start.js   the launcher: Electron when its binary exists, else web host + Chromium
//   dist/electron/*.cjs     Electron main and preload (CommonJS: Electron loads them with require)
// Node-side bundles keep node_modules external; only the preload is self-contained, because a
// sandboxed preload cannot require packages.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { precompress } from './build/precompress.mjs';

const quiet = process.argv.includes('--quiet');
const started = Date.now();

await vite({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
const compressed = await precompress('dist/renderer');

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  esbuild({
    ...common,
    entryPoints: { 'web-host/serve': 'electron/web-host/serve.ts', 'scripts/start': 'scripts/start.ts' },
    outdir: 'dist',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    packages: 'external',
  }),
  esbuild({
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  }),
]);

if (!quiet) {
  const kb = (n) => `${Math.round(n / 1024)} KB`;
  process.stdout.write(`Renderer text assets: ${kb(compressed.before)}, ${kb(compressed.after)} with Brotli\n`);
  process.stdout.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
