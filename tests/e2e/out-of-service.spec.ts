import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyConfig, expect, startKioskHost, test } from './fixtures';
import { expectKioskRules, expectNoAxeViolations } from './kiosk-rules';

test.describe('out of service', () => {
  test('a malformed office config shows the out-of-service screen, logs file and field, and recovers when fixed', async ({ page }) => {
    const config = await copyConfig();
    const officeFile = path.join(config.officeDir, 'office.json');
    const good = await readFile(officeFile, 'utf8');
    await writeFile(officeFile, good.replace('"Asia/Jakarta"', '"Asia/Singapore"'));
    const host = await startKioskHost({ officeDir: config.officeDir });
    try {
      await page.goto(host.url);
      await expect(page.getByRole('alert')).toContainText('Kiosk sedang tidak dapat digunakan');
      await expect(page.getByText('Pengaturan kiosk perlu diperbaiki oleh petugas IT.')).toBeVisible();
      await expect(page.getByText(/Mencoba lagi dalam \d detik/u)).toBeVisible();
      expect(host.output()).toContain('offices/tigaraksa/office.json: timeZone:');
      expect(host.process.exitCode, 'the host keeps running').toBeNull();
      await expectKioskRules(page);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: 'test-screens/out-of-service.png' });

      await writeFile(officeFile, good);
      await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible({ timeout: 15_000 });
    } finally {
      await host.stop();
      await config.cleanup();
      await rm(host.dataDir, { recursive: true, force: true });
    }
  });

  test('an unreachable host shows the out-of-service screen, which reconnects by itself', async ({ page }) => {
    const first = await startKioskHost();
    let second: Awaited<ReturnType<typeof startKioskHost>> | undefined;
    try {
      await page.goto(first.url);
      await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible();

      await first.stop();
      await expect(page.getByRole('alert')).toContainText('Kiosk sedang tidak dapat digunakan', { timeout: 15_000 });
      await expect(page.getByText('Kiosk tidak terhubung ke layanan perangkatnya.')).toBeVisible();

      // A supervisor restarts the host on the same port; the page comes back without a reload.
      second = await startKioskHost({ port: first.port, dataDir: first.dataDir });
      await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible({ timeout: 20_000 });
    } finally {
      await first.stop();
      await second?.stop();
      await rm(first.dataDir, { recursive: true, force: true });
    }
  });

  test('a broken service file makes only that tile unavailable; the others keep working', async ({ page }) => {
    const config = await copyConfig();
    const file = path.join(config.root, 'services', 'kartu-keluarga.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"kind": "consent"', '"kind": "selfie"'));
    const host = await startKioskHost({ officeDir: config.officeDir });
    try {
      await page.goto(host.url);
      await page.getByRole('button', { name: /Sentuh layar/u }).click();
      await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
      const broken = page.getByRole('button', { name: /Kartu Keluarga/u });
      await expect(broken).toBeDisabled();
      await expect(broken).toContainText('Sedang tidak tersedia');
      expect(host.output()).toContain('services/kartu-keluarga.json: steps[0].kind');
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'KTP-el', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Setuju', exact: true })).toBeVisible();
    } finally {
      await host.stop();
      await config.cleanup();
      await rm(host.dataDir, { recursive: true, force: true });
    }
  });
});
