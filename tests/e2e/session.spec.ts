import type { Page } from '@playwright/test';
import { expect, openKiosk, test } from './fixtures';
import { expectKioskRules, expectNoAxeViolations } from './kiosk-rules';
import { SENTINEL_NIK } from './service-driver';

/** Everything the page can hold, as text: DOM, Web Storage and every IndexedDB record. */
async function pageTraces(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts = [document.documentElement.outerHTML, (document.body.textContent ?? '').replace(/\s+/gu, ''), JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      if (info.name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(request.error?.message ?? 'IndexedDB request failed'));
      });
      for (const store of db.objectStoreNames) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(new Error(request.error?.message ?? 'IndexedDB request failed'));
        });
        // Villages are public data and large: only check they are not where a NIK could hide.
        if (store !== 'villages') parts.push(JSON.stringify(rows));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

test.describe('session life', () => {
  test('idle: warned after 60 s, a touch extends, and at zero no trace of the NIK is left', async ({ page, kiosk }) => {
    await page.clock.install();
    await openKiosk(page, kiosk);
    await page.getByRole('button', { name: /Sentuh layar/u }).click();
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('button', { name: 'KTP-el', exact: true }).click();
    await page.getByRole('button', { name: 'Setuju', exact: true }).click();
    await page.getByRole('button', { name: 'KTP-el pertama', exact: true }).click();
    await page.getByRole('button', { name: 'Sudah 17 tahun', exact: true }).click();
    const pad = page.getByRole('group', { name: 'Tombol angka' });
    for (const digit of SENTINEL_NIK) await pad.getByRole('button', { name: digit, exact: true }).click();
    await expect(page.getByText('16 dari 16 angka')).toBeVisible();
    expect(await pageTraces(page)).toContain(SENTINEL_NIK.slice(0, 4));

    // (The fake clock also moves with real time, so the margins leave room for the test's own pace.)
    // 50 s: nothing yet. Past 60 s: the warning with its countdown.
    await page.clock.runFor(50_000);
    await expect(page.getByRole('dialog')).toBeHidden();
    await page.clock.runFor(10_500);
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Apakah Anda masih di sini?')).toBeVisible();
    await expect(dialog.getByText(/mulai ulang dalam (30|2\d) detik/u)).toBeVisible();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: 'test-screens/idle-warning.png' });

    // Any touch extends the session, answers intact.
    await dialog.getByRole('button', { name: 'Saya masih di sini' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('16 dari 16 angka')).toBeVisible();

    // Left alone again: warning at 60 s, reset 30 s later.
    await page.clock.runFor(61_000);
    await expect(dialog.getByText(/mulai ulang dalam \d+ detik/u)).toBeVisible();
    await page.clock.runFor(31_000);
    await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible();

    const traces = await pageTraces(page);
    expect(traces).not.toContain(SENTINEL_NIK);
    expect(traces).not.toMatch(/3603\s*0317\s*0890/u);
  });

  test('large-text mode fits every kind of screen without scrolling or clipping', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    await page.getByRole('button', { name: /Sentuh layar/u }).click();
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('button', { name: 'Huruf besar' }).click();
    const question = page.locator('h1').first();
    const size = await question.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, 'the question is at least 150 % of its normal 48 px').toBeGreaterThanOrEqual(72);
    await expectKioskRules(page);
    await page.getByRole('button', { name: 'KTP-el', exact: true }).click();
    await expectKioskRules(page);
    await page.getByRole('button', { name: 'Setuju', exact: true }).click();
    await expectKioskRules(page);
    await page.getByRole('button', { name: 'KTP-el pertama', exact: true }).click();
    await page.getByRole('button', { name: 'Sudah 17 tahun', exact: true }).click();
    await expectKioskRules(page);
    await page.screenshot({ path: 'test-screens/large-text-keypad.png' });
  });
});
