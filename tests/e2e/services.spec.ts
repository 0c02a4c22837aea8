import type { Page } from '@playwright/test';
import { expect, openKiosk, test } from './fixtures';
import { completeService, loadServices, type Lang } from './service-driver';

/**
 * Every shipped service, completed start to finish through the real UI, as a resident would:
 * in Bahasa Indonesia, and one in English. Each screen is checked against the kiosk rules and axe.
 */
const services = loadServices();
const screenshots = new Set<string>();

async function startService(page: Page, title: string, lang: Lang) {
  await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).click();
  await page.getByRole('button', { name: lang === 'en' ? 'English' : 'Bahasa Indonesia' }).click();
  const tile = page.getByRole('button', { name: title, exact: true });
  if (!(await tile.isVisible())) await page.getByRole('button', { name: lang === 'en' ? 'Next' : 'Berikutnya' }).click();
  await tile.click();
}

test.describe('services', () => {
  for (const service of services) {
    test(`${service.id}: completed in Bahasa Indonesia`, async ({ page, kiosk }) => {
      test.setTimeout(120_000);
      const clips: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/audio/')) clips.push(decodeURIComponent(new URL(request.url()).pathname));
      });
      await openKiosk(page, kiosk);
      await startService(page, service.title.id, 'id');
      const result = await completeService(page, service, 'id', { screenshots });
      expect(result.screens).toBeGreaterThan(2);
      await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible();
      // The service's own prompts were spoken in Bahasa Indonesia, and no key lacked its clip.
      expect(clips.filter((c) => c.startsWith(`/audio/id/svc.${service.id}.`)).length).toBeGreaterThan(0);
      expect(kiosk.output()).not.toContain('speech.missing-clip');
    });
  }

  test('surat-domisili: completed in English', async ({ page, kiosk }) => {
    test.setTimeout(120_000);
    const service = services.find((s) => s.id === 'surat-domisili');
    if (service === undefined) throw new Error('surat-domisili is not shipped');
    await openKiosk(page, kiosk);
    await startService(page, service.title.en ?? service.title.id, 'en');
    await completeService(page, service, 'en');
  });
});
