import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyConfig, expect, startKioskHost, test } from './fixtures';
import { startCentral } from './sync-faults/central-process';
import { enrolKiosk } from './sync-faults/kiosk-harness';

/**
 * The office changes its services centrally: the server signs a catalogue from its own copy of
 * kiosk-config, and an enrolled kiosk running the shipped files shows the server's list (its
 * selection, its order, its wording) once the catalogue has verified, and says so to officers.
 */
test('a verified catalogue from the server decides the home screen', async ({ page }) => {
  test.setTimeout(120_000);
  const adminToken = randomBytes(24).toString('base64url');
  const serverConfig = await copyConfig();
  const office = JSON.parse(await readFile(path.join(serverConfig.officeDir, 'office.json'), 'utf8')) as Record<string, unknown>;
  office['services'] = ['sktm', 'ktp-el', 'nomor-antrian'];
  await writeFile(path.join(serverConfig.officeDir, 'office.json'), JSON.stringify(office, null, 2));
  const sktmFile = path.join(serverConfig.root, 'services', 'sktm.json');
  const sktm = JSON.parse(await readFile(sktmFile, 'utf8')) as { title: Record<string, string> };
  sktm.title['id'] = 'Surat SKTM'; // titles are at most three words (the server refuses longer)
  await writeFile(sktmFile, JSON.stringify(sktm, null, 2));

  const centralDir = await mkdtemp(path.join(tmpdir(), 'tuntun-central-'));
  const central = await startCentral({ dataDir: centralDir, adminToken, env: { CATALOGUE_DIR: serverConfig.root } });
  const kioskDir = await mkdtemp(path.join(tmpdir(), 'tuntun-kiosk-'));
  try {
    await enrolKiosk({ serverUrl: central.url, adminUrl: central.url, adminToken, dataDir: kioskDir });
    const host = await startKioskHost({ dataDir: kioskDir });
    try {
      await page.goto(host.url);
      await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
      await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();

      // The server's three, in its order and wording; nothing else from the kiosk's own twelve.
      const titleOf = async (id: string) => (JSON.parse(await readFile(path.join(serverConfig.root, 'services', `${id}.json`), 'utf8')) as { title: { id: string } }).title.id;
      const expected = [await titleOf('sktm'), await titleOf('ktp-el'), await titleOf('nomor-antrian')];
      await expect(page.locator('.step-tile-label')).toHaveText(expected, { timeout: 60_000 });
      await expect(page.getByRole('button', { name: await titleOf('kartu-keluarga'), exact: true })).toHaveCount(0);

      await page.locator('button[data-sync-phase]').click();
      await expect(page.getByText('Layanan di layar: dari katalog server')).toBeVisible();
      await page.screenshot({ path: test.info().outputPath('catalogue-home.png') });
    } finally {
      await host.stop();
    }
  } finally {
    await central.stop();
    await serverConfig.cleanup();
    await rm(centralDir, { recursive: true, force: true });
    await rm(kioskDir, { recursive: true, force: true });
  }
});
