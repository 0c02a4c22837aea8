import { expect, openKiosk, test } from './fixtures';

/**
 * The web host sends text assets compressed (the build's .br/.gz copies). A kiosk on a slow office
 * PC loads the 1.7 MB village list and the main script on every cold start.
 */
test('text assets reach Chromium compressed, and decode to the same bytes', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  // The village list loads while the attract screen shows; wait until Chromium has fetched it.
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/area/'))), { timeout: 20_000 })
    .toBe(true);
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e as PerformanceResourceTiming)
      .filter((e) => /\/(assets\/index-[^/]+\.js|area\/[^/]+\.json|audio\/manifest\.json)$/u.test(new URL(e.name).pathname))
      .map((e) => ({ name: new URL(e.name).pathname, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
  );
  expect(entries.map((e) => e.name.split('/')[1])).toEqual(expect.arrayContaining(['assets', 'area', 'audio']));
  for (const entry of entries) {
    expect(entry.encoded, `${entry.name} on the wire`).toBeLessThan(entry.decoded / 3);
  }

  const script = entries.find((e) => e.name.startsWith('/assets/'))?.name ?? '';
  const plain = await fetch(`${kiosk.origin}${script}`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers.get('content-encoding')).toBeNull();
  const plainBytes = Buffer.from(await plain.arrayBuffer());
  // The clips' manifest is office config, compressed as it is sent; a clip itself is sent as it is.
  const manifest = await fetch(`${kiosk.origin}/audio/manifest.json`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(manifest.headers.get('content-encoding')).toBe('gzip');
  const { clips } = (await manifest.json()) as { clips: Record<string, { id?: { file: string } }> };
  const file = Object.values(clips).find((c) => c.id !== undefined)?.id?.file ?? '';
  const clip = await fetch(`${kiosk.origin}/audio/id/${file}`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(clip.status).toBe(200);
  expect(clip.headers.get('content-encoding')).toBeNull();
  for (const encoding of ['br', 'gzip']) {
    // Node's fetch decodes what it is sent; the header says what travelled.
    const response = await fetch(`${kiosk.origin}${script}`, { headers: { 'Accept-Encoding': encoding } });
    expect(response.headers.get('content-encoding')).toBe(encoding);
    expect(response.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
    expect(Buffer.from(await response.arrayBuffer()).equals(plainBytes)).toBe(true);
  }
});
