/** The language screen rendered to markup; choosing and "Tentang" are tapped in Chromium (tests/e2e). */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/messages';
import { LanguageScreen } from './LanguageScreen';

describe('LanguageScreen', () => {
  const html = renderToStaticMarkup(<LanguageScreen t={translator('id')} locales={['id', 'en']} onChoose={() => undefined} onAbout={() => undefined} />);
  const tiles = [...html.matchAll(/<button[^>]*lang="([a-z]+)"[^>]*>(.*?)<\/button>/gu)];

  it("shows each language as its own name in its own language, not one shared picture", () => {
    expect(tiles.map((m) => [m[1], m[2]?.replace(/<[^>]*>/gu, '')])).toEqual([
      ['id', 'Bahasa Indonesia'],
      ['en', 'English'],
    ]);
    expect(tiles.filter((m) => m[2]?.includes('<svg'))).toEqual([]);
  });

  it('offers the way to "Tentang" after the languages', () => {
    expect(html).toContain(translator('id')('about.open'));
    expect(html.indexOf('about-link')).toBeGreaterThan(html.indexOf('English'));
  });
});
