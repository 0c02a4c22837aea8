/** Made by scripts/area-data/area-data-plugin.ts at build time. */
declare module 'virtual:area-data' {
  /** The area asset, relative to index.html, e.g. "area/areas-1a2b3c4d5e6f.json". */
  export const url: string;
  /** Changes whenever the data or its format changes; stored in areaMeta once loaded. */
  export const version: string;
  export const counts: { provinces: number; regencies: number; districts: number; villages: number };
  /** "Data wilayah: idn-area-data (ODbL 1.0), fityannugroho" */
  export const attribution: string;
}
