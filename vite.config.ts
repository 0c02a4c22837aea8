import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { areaDataPlugin } from './scripts/area-data/area-data-plugin';

// The renderer is served by the web host or Electron's custom protocol from dist/renderer.
// No inline scripts or styles may appear in the build: the CSP forbids them.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), areaDataPlugin()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
