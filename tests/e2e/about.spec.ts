import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { copyConfig, expect, openKiosk, startKioskHost, test } from './fixtures';
import { expectKioskRules, expectNoAxeViolations, navPositions } from './kiosk-rules';

/**
 * "Tentang" (About), for staff: off the resident's way, open to anyone, and where the credits the
 * kiosk owes now live (the village data's ODbL line left the region step for it).
 */
const CREDITS = ['Data wilayah: idn-area-data (ODbL 1.0), fityannugroho', 'Atkinson Hyperlegible Next', 'SIL OFL 1.1', 'Lucide (lisensi ISC)', 'lisensi MIT'];

async function expectAboutScreen(page: Page) {
  await expect(page.getByRole('heading', { name: 'Tentang kiosk ini' })).toBeVisible();
  for (const credit of CREDITS) await expect(page.getByText(credit, { exact: false })).toBeVisible();
  await expect(page.getByText('Kantor: Kecamatan Tigaraksa, kode wilayah 36.03.03')).toBeVisible();
  await expect(page.getByText(/^Perangkat lunak: Tuntun versi \S+ \(web\)$/u)).toBeVisible();
  await expectKioskRules(page);
  await expectNoAxeViolations(page);
}

test('Tentang opens from the language screen and shows version, office, licences and credits', async ({ page, kiosk }) => {
  await openKiosk(page, kiosk);
  await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
  await expect(page.getByRole('heading', { name: 'Pilih bahasa' })).toBeVisible();
  const onLanguage = await navPositions(page);

  // Each language tile is its own name, in its own language, with no shared picture.
  const tiles = page.locator('.language-tile');
  await expect(tiles).toHaveText(['Bahasa Indonesia', 'English']);
  await expect(tiles.locator('svg')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');
  await expectKioskRules(page);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Tentang kiosk' }).click();
  await expectAboutScreen(page);
  expect(await navPositions(page), 'Kembali and Bantuan stay in their places').toEqual(onLanguage);
  await page.screenshot({ path: 'test-screens/about.png' });

  await page.getByRole('button', { name: 'Kembali' }).click();
  await expect(page.getByRole('heading', { name: 'Pilih bahasa' })).toBeVisible();
});

test('with one language, Tentang is on the home screen; the region step shows no credit line', async ({ page }) => {
  const config = await copyConfig();
  // One language, so no language screen; and a Surat Domisili cut down to reach its village question at once.
  const officeFile = path.join(config.officeDir, 'office.json');
  const office = JSON.parse(await readFile(officeFile, 'utf8')) as Record<string, unknown>;
  office['locales'] = { enabled: ['id'], default: 'id' };
  office['services'] = ['surat-domisili', 'nomor-antrian'];
  await writeFile(officeFile, JSON.stringify(office, null, 2));
  const serviceFile = path.join(config.root, 'services', 'surat-domisili.json');
  const service = JSON.parse(await readFile(serviceFile, 'utf8')) as { steps: { id: string }[] };
  service.steps = service.steps.filter((step) => ['consent', 'village', 'review', 'submit', 'done'].includes(step.id));
  await writeFile(serviceFile, JSON.stringify(service, null, 2));
  const host = await startKioskHost({ officeDir: config.officeDir });
  try {
    await openKiosk(page, host);
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
    await page.getByRole('button', { name: 'Surat Domisili', exact: true }).click();
    await page.getByRole('button', { name: 'Setuju', exact: true }).click();
    const region = page.locator('[data-step-kind="region"]');
    await expect(region.locator('.region-tile').first()).toBeVisible({ timeout: 30_000 });
    await expect(region.getByText('Cileles')).toBeVisible();
    await expect(page.getByText(/idn-area-data|ODbL/u)).toHaveCount(0);

    // The search: no credit line there either, and the office's own regency first.
    await page.getByRole('button', { name: 'Desa lain / cari' }).click();
    const keys = page.getByRole('group', { name: 'Papan huruf' });
    for (const key of 'SUKA') await keys.getByRole('button', { name: key, exact: true }).click();
    const results = page.getByRole('list', { name: 'Hasil pencarian' }).getByRole('button');
    await expect(results.first()).toContainText('Suka Asih');
    await expect(results.first()).toContainText('Kab. Tangerang');
    await expect(results.filter({ hasText: 'Kab. Karo' })).toHaveCount(0);
    await expect(page.getByText(/idn-area-data|ODbL/u)).toHaveCount(0);
    await expectKioskRules(page);

    // A fresh session: the home screen, with the way to Tentang at its foot.
    await openKiosk(page, host);
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
    await expect(page.getByRole('heading', { name: 'Pilih layanan' })).toBeVisible();
    await expectKioskRules(page);
    await page.getByRole('button', { name: 'Tentang kiosk' }).click();
    await expectAboutScreen(page);
    await page.getByRole('button', { name: 'Kembali' }).click();
    await expect(page.getByRole('heading', { name: 'Pilih layanan' })).toBeVisible();
  } finally {
    await host.stop();
    await rm(host.dataDir, { recursive: true, force: true });
    await config.cleanup();
  }
});
