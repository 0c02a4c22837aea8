import { expect, openKiosk, test } from './fixtures';
import { expectKioskRules, expectNoAxeViolations, navPositions } from './kiosk-rules';

test.describe('kiosk shell', () => {
  test('attract → language → home, in Bahasa Indonesia, with the rules met on every screen', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    await expect(page.getByText('Selamat datang di Kecamatan Tigaraksa')).toBeVisible();
    expect(page.url(), 'the bridge token is removed from the address bar').not.toContain('bridge=');
    await expectKioskRules(page);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: 'test-screens/attract.png' });

    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
    await expect(page.getByRole('heading', { name: 'Pilih bahasa' })).toBeVisible();
    await expectKioskRules(page);
    await expectNoAxeViolations(page);
    const onLanguage = await navPositions(page);

    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await expect(page.getByRole('heading', { name: 'Pilih layanan' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    // Page 1 holds what most residents come for (office.json's first six).
    await expect(page.getByRole('button', { name: 'Nomor Antrian' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'KTP-el' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Surat Domisili' })).toBeVisible();
    await expect(page.getByText('Halaman 1 dari 2')).toBeVisible();
    await expectKioskRules(page);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: 'test-screens/home.png' });
    expect(await navPositions(page), 'Kembali and Bantuan stay in the same place').toEqual(onLanguage);

    // Twelve services, six a page: the rest are one big button away.
    await page.getByRole('button', { name: 'Berikutnya' }).click();
    await expect(page.getByRole('button', { name: 'Akta Kematian' })).toBeVisible();
    await expect(page.getByText('Halaman 2 dari 2')).toBeVisible();
    await expectKioskRules(page);
    await expectNoAxeViolations(page);
    expect(await navPositions(page)).toEqual(onLanguage);

    await page.getByRole('button', { name: 'Kembali' }).click();
    await expect(page.getByRole('heading', { name: 'Pilih bahasa' })).toBeVisible();
  });

  test('English is chosen on the language screen', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    await page.getByRole('button', { name: /Sentuh layar/u }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Choose a service' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Family Card' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Back' })).toBeVisible();
    await expectKioskRules(page);
    await expectNoAxeViolations(page);

    // A service opened by mistake: Back on its first screen returns to the list, still in English.
    await page.getByRole('button', { name: 'Family Card' }).click();
    await expect(page.getByRole('button', { name: 'I agree', exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Choose a service' })).toBeVisible();
  });

  test('Bantuan calls an officer through the bridge', async ({ page, kiosk }) => {
    await openKiosk(page, kiosk);
    await page.getByRole('button', { name: /Sentuh layar/u }).click();
    await page.getByRole('button', { name: 'Bantuan / Panggil Petugas' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Petugas sudah dipanggil. Mohon tunggu sebentar.')).toBeVisible();
    await expectNoAxeViolations(page);
    await expect
      .poll(() => kiosk.output().split('\n').some((line) => line.includes('"event":"help.requested"') && line.includes('"screen":"language"')))
      .toBe(true);
    await dialog.getByRole('button', { name: 'Tutup' }).click();
    await expect(dialog).toBeHidden();
  });
});
