import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';

/**
 * The numbers of DOMAIN.md §5, checked on whatever screen is showing. Each E2E walk calls these on
 * every screen it reaches, so a new screen cannot skip them.
 */
export const RULES = {
  bodyTextPx: 28,
  questionPx: 42,
  buttonMinPx: 64,
  targetGapPx: 8,
} as const;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: AXE_TAGS },
  rules: { 'color-contrast-enhanced': { enabled: true }, 'target-size': { enabled: true } },
};

/**
 * axe-core's own `axe.run` in the page, injected once per document (the kiosk is a single page; a
 * reload brings a new document and a fresh injection). @axe-core/playwright injects again on every
 * call and opens a blank page to merge the results of frames, which the kiosk does not have: 1.7 to
 * 1.9 s a screen here against 0.1 to 0.2 s, which was half of every service walk.
 */
export async function expectNoAxeViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (options) => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } };
    const found = await axe.run(document, options);
    return {
      ran: [...found.passes, ...found.violations, ...found.incomplete].map((r) => r.id),
      violations: found.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    };
  }, AXE_OPTIONS);
  expect(results.ran, 'the AAA contrast rule must actually run').toContain('color-contrast-enhanced');
  expect(results.violations).toEqual([]);
}

type Measured = {
  scroll: { height: number; width: number; innerHeight: number; innerWidth: number };
  clipped: string[];
  smallText: string[];
  questionPx: number | null;
  buttons: { name: string; x: number; y: number; width: number; height: number }[];
};

export async function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.className === '' ? '' : `.${String(el.className).split(' ').join('.')}`} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const clipped: string[] = [];
    const smallText: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      if (el.scrollHeight > el.clientHeight + 1 && ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowY) && el.clientHeight > 0) clipped.push(describe(el));
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (ownText && parseFloat(style.fontSize) < 28) smallText.push(`${describe(el)} ${style.fontSize}`);
    }
    const question = document.querySelector('h1');
    const root = document.scrollingElement ?? document.documentElement;
    return {
      scroll: { height: root.scrollHeight, width: root.scrollWidth, innerHeight: window.innerHeight, innerWidth: window.innerWidth },
      clipped,
      smallText,
      questionPx: question === null ? null : parseFloat(getComputedStyle(question).fontSize),
      buttons: [...document.querySelectorAll('button')].filter(visible).map((b) => {
        const r = b.getBoundingClientRect();
        return { name: (b.getAttribute('aria-label') ?? b.textContent ?? '').trim(), x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    };
  });
}

/** Sizes, spacing, no scrolling and no clipping on the current screen. */
export async function expectKioskRules(page: Page) {
  const m = await measure(page);
  expect(m.scroll.height, 'the page must not scroll vertically').toBeLessThanOrEqual(m.scroll.innerHeight);
  expect(m.scroll.width, 'the page must not scroll sideways').toBeLessThanOrEqual(m.scroll.innerWidth);
  expect(m.clipped, 'no content may be cut off').toEqual([]);
  expect(m.smallText, `body text must be at least ${RULES.bodyTextPx}px`).toEqual([]);
  if (m.questionPx !== null) expect(m.questionPx).toBeGreaterThanOrEqual(RULES.questionPx);
  for (const b of m.buttons) {
    expect(b.height, `height of "${b.name}"`).toBeGreaterThanOrEqual(RULES.buttonMinPx);
    expect(b.width, `width of "${b.name}"`).toBeGreaterThanOrEqual(RULES.buttonMinPx);
  }
  for (const [i, a] of m.buttons.entries()) {
    for (const b of m.buttons.slice(i + 1)) {
      const gapX = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
      const gapY = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
      expect(Math.max(gapX, gapY), `gap between "${a.name}" and "${b.name}"`).toBeGreaterThanOrEqual(RULES.targetGapPx);
    }
  }
  return m;
}

/** Where Kembali and Bantuan sit, to compare across screens. */
export async function navPositions(page: Page) {
  const box = async (name: RegExp) => {
    const button = page.getByRole('button', { name });
    // A hidden button (Kembali on the done screen) is not in the accessibility tree at all.
    if ((await button.count()) === 0) return null;
    const b = await button.boundingBox();
    return b === null ? null : { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
  };
  return { back: await box(/^(Kembali|Back)$/u), help: await box(/^(Bantuan \/ Panggil Petugas|Help \/ Call an Officer)$/u) };
}
