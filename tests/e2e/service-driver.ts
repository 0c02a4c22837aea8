import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { shippedConfig } from './fixtures';
import { expectKioskRules, expectNoAxeViolations, navPositions } from './kiosk-rules';

/**
 * Completes a shipped service through the real UI, reading its definition to know what each
 * screen asks. Every screen it reaches is checked against the kiosk rules and axe, and the first
 * screen of each step kind is saved as a screenshot.
 */
type Text = { id: string; en?: string };
type Option = { value: string; label: Text; when?: unknown };
type StepDef = {
  id: string;
  kind: string;
  options?: Option[];
  format?: string;
  validate?: { rule: string }[];
  min?: unknown;
  max?: unknown;
  buttonLabel?: Text;
  steps?: StepDef[];
};
export type ServiceDef = { id: string; title: Text; steps: StepDef[] };
export type Lang = 'id' | 'en';

export const SENTINEL_NIK = '3603031708900001'; // a man born 17-08-1990 in Kec. Tigaraksa
const NIK_BIRTH = { year: 1990, month: 8, day: 17 };
const SAMPLE_DIGITS: Record<string, string> = {
  nik: SENTINEL_NIK,
  kk: '3603031508100003',
  bpjs: '0001234567890',
  phone: '081234567890',
  number: '2',
};
const MONTHS: Record<Lang, string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const WORDS = {
  id: { next: 'Lanjut', agree: 'Setuju', ready: 'Saya sudah siapkan', submit: 'Kirim', finish: 'Selesai', savedKiosk: 'Tersimpan di kiosk, belum terkirim', savedOffice: 'Sudah diterima kantor' },
  en: { next: 'Continue', agree: 'I agree', ready: 'I have them ready', submit: 'Send', finish: 'Finish', savedKiosk: 'Saved on this kiosk, not sent yet', savedOffice: 'Received by the office' },
} as const;

export function loadServices(): ServiceDef[] {
  const office = JSON.parse(readFileSync(path.join(shippedConfig, 'offices', 'tigaraksa', 'office.json'), 'utf8')) as { services: string[] };
  const files = new Set(readdirSync(path.join(shippedConfig, 'services')));
  return office.services.filter((id) => files.has(`${id}.json`)).map((id) => JSON.parse(readFileSync(path.join(shippedConfig, 'services', `${id}.json`), 'utf8')) as ServiceDef);
}

const text = (t: Text, lang: Lang) => (lang === 'en' ? (t.en ?? t.id) : t.id);

function findStep(steps: StepDef[], id: string): StepDef | undefined {
  for (const step of steps) {
    if (step.id === id) return step;
    const inner = step.steps === undefined ? undefined : findStep(step.steps, id);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Paths worth walking: choices that open a group or branch, so repeats and conditions run too. */
const PREFERRED: Record<string, Record<string, string>> = {
  'kartu-keluarga': { request: 'add-member' },
  sktm: { purpose: 'social-aid' },
  'surat-pengantar': { 'letter-kind': 'moving' },
  'ktp-el': { request: 'first', 'first-reason': 'age-17' },
  puskesmas: { 'has-bpjs': 'yes' },
};

function relativeYear(limit: unknown, thisYear: number): number | undefined {
  if (limit === 'today') return thisYear;
  if (typeof limit === 'object' && limit !== null) {
    const { yearsAgo, yearsAhead } = limit as { yearsAgo?: number; yearsAhead?: number };
    if (yearsAgo !== undefined) return thisYear - yearsAgo;
    if (yearsAhead !== undefined) return thisYear + yearsAhead;
  }
  return undefined;
}

function dateFor(step: StepDef, thisYear: number) {
  if (step.validate?.some((r) => r.rule === 'matchesNik') === true) return NIK_BIRTH;
  const min = relativeYear(step.min, thisYear) ?? thisYear - 120;
  const max = relativeYear(step.max, thisYear) ?? thisYear + 5;
  if (NIK_BIRTH.year > min && NIK_BIRTH.year < max) return NIK_BIRTH;
  return { year: Math.min(max, thisYear) - 1, month: 1, day: 10 };
}

async function pressAll(page: Page, group: string, keys: string[]) {
  const pad = page.getByRole('group', { name: group });
  for (const key of keys) await pad.getByRole('button', { name: key, exact: true }).click();
}

export type WalkResult = { screens: number; kinds: Set<string>; trackingCode: string };

export async function completeService(page: Page, service: ServiceDef, lang: Lang, options: { screenshots?: Set<string>; axe?: boolean } = {}): Promise<WalkResult> {
  const words = WORDS[lang];
  const kinds = new Set<string>();
  const thisYear = new Date().getFullYear();
  let trackingCode = '';
  let firstNav: Awaited<ReturnType<typeof navPositions>> | undefined;
  for (let screens = 1; screens <= 60; screens++) {
    const screen = page.locator('[data-step-kind]');
    await expect(screen).toHaveCount(1);
    const kind = (await screen.getAttribute('data-step-kind')) ?? '';
    const stepId = (await screen.getAttribute('data-step-id')) ?? '';
    const screenKey = (await screen.getAttribute('data-screen')) ?? '';
    const step = findStep(service.steps, stepId);
    expect(step, `step ${stepId} of ${service.id}`).toBeDefined();
    if (step === undefined) break;
    kinds.add(kind);

    await expectKioskRules(page);
    // Kembali and Bantuan stand in the same place on every screen (Kembali is hidden on "done").
    const nav = await navPositions(page);
    firstNav ??= nav;
    expect(nav.help, `Bantuan on ${stepId}`).toEqual(firstNav.help);
    if (nav.back !== null) expect(nav.back, `Kembali on ${stepId}`).toEqual(firstNav.back);
    if (options.axe !== false) await expectNoAxeViolations(page);
    if (options.screenshots !== undefined && !options.screenshots.has(kind)) {
      options.screenshots.add(kind);
      await page.screenshot({ path: `test-screens/step-${kind}.png` });
    }

    const next = () => page.getByRole('button', { name: words.next, exact: true }).click();
    switch (kind) {
      case 'consent':
        await page.getByRole('button', { name: words.agree, exact: true }).click();
        break;
      case 'info':
      case 'review':
      case 'group':
        await next();
        break;
      case 'choice': {
        const preferred = PREFERRED[service.id]?.[step.id];
        const option = step.options?.find((o) => o.value === preferred) ?? step.options?.find((o) => o.when === undefined) ?? step.options?.[0];
        if (option === undefined) throw new Error(`${service.id}/${step.id} has no option`);
        await page.locator('[data-step-kind]').getByRole('button', { name: text(option.label, lang), exact: true }).click();
        break;
      }
      case 'keypad':
        await pressAll(page, lang === 'en' ? 'Number keys' : 'Tombol angka', [...(SAMPLE_DIGITS[step.format ?? 'number'] ?? '1')]);
        await next();
        break;
      case 'name':
        await pressAll(page, lang === 'en' ? 'Letter keyboard' : 'Papan huruf', [...'SITI']);
        await next();
        break;
      case 'date': {
        const date = dateFor(step, thisYear);
        const view = page.locator('[data-step-kind]');
        const decade = Math.floor(date.year / 10) * 10;
        await view.getByRole('button', { name: lang === 'en' ? `${decade}s` : `${decade}-an`, exact: true }).click();
        await view.getByRole('button', { name: String(date.year), exact: true }).click();
        await view.getByRole('button', { name: MONTHS[lang][date.month - 1] ?? '', exact: true }).click();
        await view.getByRole('button', { name: String(date.day), exact: true }).click();
        await next();
        break;
      }
      case 'region':
        await page.locator('[data-step-kind] .region-tile').first().click();
        break;
      case 'checklist':
        await page.getByRole('button', { name: words.ready, exact: true }).click();
        break;
      case 'submit':
        await page.getByRole('button', { name: step.buttonLabel === undefined ? words.submit : text(step.buttonLabel, lang), exact: true }).click();
        break;
      case 'done': {
        // Honest either way: on a kiosk that is not enrolled (or offline) it stays "saved on the
        // kiosk"; an enrolled, online kiosk may already show the office has it.
        await expect(page.getByText(words.savedKiosk).or(page.getByText(words.savedOffice))).toBeVisible();
        trackingCode = (await page.locator('.done-code-value').innerText()).replace(/\s+/gu, '');
        expect(trackingCode).toMatch(/^[0-9A-Z]{3}-?[0-9A-Z]{3}-?[0-9A-Z]{4}$/u);
        await expect(page.locator('img.done-qr')).toBeVisible();
        await page.getByRole('button', { name: words.finish, exact: true }).click();
        return { screens, kinds, trackingCode };
      }
      default:
        throw new Error(`unexpected step kind ${kind}`);
    }
    // The runner swaps the screen; wait until it has (or until an issue is shown).
    await expect(page.locator(`[data-screen="${screenKey}"]`).or(page.getByRole('alert'))).toHaveCount(0, { timeout: 5_000 }).catch(async () => {
      const issue = await page.getByRole('alert').allInnerTexts();
      throw new Error(`${service.id}: stuck on ${stepId} (${kind}): ${issue.join(' ')}`);
    });
  }
  throw new Error(`${service.id}: no done screen after 60 screens`);
}
