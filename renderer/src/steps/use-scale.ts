import { useSyncExternalStore } from 'react';

/**
 * The large-text factor (`--scale` on the root element: 1, or 1.5 in large-text mode). Views need
 * it as a number, not only in CSS, because how many tiles or rows fit on one page is decided in
 * code: at 1.5 the same six tiles would push the last row under the footer.
 */
export function useScale(): number {
  return useSyncExternalStore(subscribe, readScale, () => 1);
}

function readScale(): number {
  const raw = getComputedStyle(document.documentElement).getPropertyValue('--scale');
  const scale = Number.parseFloat(raw);
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

function subscribe(onChange: () => void): () => void {
  // The toggle sets an inline style and a class on <html>; nothing else can change the factor.
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

/** Large-text mode is on; in between values round to the nearer layout. */
export const isLarge = (scale: number): boolean => scale >= 1.25;
