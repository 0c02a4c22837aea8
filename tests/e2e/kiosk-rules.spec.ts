import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './kiosk-rules';

/** The checks every screen goes through must fail where they should, or they prove nothing. */
test.describe('kiosk rules themselves', () => {
  test('the axe check fails on too little contrast and an unnamed button, and passes once fixed', async ({ page }) => {
    await page.setContent(`<!doctype html><html lang="id"><head><title>t</title></head><body><main>
      <h1>Pilih layanan</h1>
      <p id="grey" style="color:#949494;background:#ffffff;font-size:28px">Tersimpan di kiosk</p>
      <button id="icon" style="width:80px;height:80px"><svg width="40" height="40" aria-hidden="true"></svg></button>
    </main></body></html>`);
    const failure = await expectNoAxeViolations(page).then(
      () => null,
      (error: unknown) => String(error),
    );
    expect(failure).toContain('color-contrast');
    expect(failure).toContain('button-name');

    await page.evaluate(() => {
      document.getElementById('grey')?.setAttribute('style', 'color:#1a1a1a;background:#ffffff;font-size:28px');
      document.getElementById('icon')?.setAttribute('aria-label', 'Bantuan');
    });
    // The same document: axe is already injected and is simply run again.
    await expectNoAxeViolations(page);
  });
});
