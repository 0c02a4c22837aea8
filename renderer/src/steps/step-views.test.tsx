/**
 * What each view puts on screen, rendered to markup (no DOM is installed for unit tests; taps and
 * layout are checked in Chromium by the E2E walk).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { answer, next, reviewItems, startSession, type AnswerValue, type SessionState } from '../../../core/flow/engine';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import type { GroupStep, Step } from '../../../core/flow/step';
import type { StepViewProps } from '../flow/step-view';
import { translator } from '../i18n/messages';
import { ChecklistStepView } from './ChecklistStepView';
import { ChoiceStepView } from './ChoiceStepView';
import { ConsentStepView } from './ConsentStepView';
import { DateStepView } from './DateStepView';
import { DoneStepView } from './DoneStepView';
import { GroupStepView } from './GroupStepView';
import { KeypadStepView } from './KeypadStepView';
import { ReviewStepView } from './ReviewStepView';
import { StepIssues } from './StepIssues';
import { SubmitStepView } from './SubmitStepView';

const definition = ServiceDefinition.parse(sktmInput);
const office = { code: '36.03.03.1001', timeZone: 'Asia/Jakarta' } as const;
const now = new Date('2025-06-10T03:00:00Z');
const t = translator('id');
const silent = { echo: () => undefined };

function stepOf<K extends Step['kind']>(id: string, kind: K): Extract<Step, { kind: K }> {
  const found = definition.steps.find((s) => s.id === id);
  if (found?.kind !== kind) throw new Error(`${id} is not a ${kind}`);
  return found as Extract<Step, { kind: K }>;
}

function props<S extends Step>(step: S, value?: AnswerValue): StepViewProps<S> {
  return {
    step,
    screen: { position: { stepId: step.id }, step },
    serviceId: definition.id,
    stepPath: [step.id],
    t,
    locale: 'id',
    value,
    onAnswer: () => undefined,
    onAnswerAndNext: () => undefined,
    issues: [],
    feedback: silent,
  };
}

/** Visible text, tags removed, so assertions read like the screen. */
const text = (html: string) => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ').trim();

describe('choice', () => {
  test('every option with its label; the stored answer is the pressed one', () => {
    const html = renderToStaticMarkup(<ChoiceStepView {...props(stepOf('purpose', 'choice'), 'clinic')} />);
    expect(text(html)).toContain('Untuk apa surat ini?');
    expect(text(html)).toContain('Sekolah');
    expect(text(html)).toContain('Bantuan sosial');
    expect(html.match(/aria-pressed="true"/gu)).toHaveLength(1);
    expect(html).toMatch(/aria-pressed="true"[^>]*>.*Pilihan Anda.*Berobat/u);
  });
});

describe('keypad', () => {
  test('the digits in boxes of four, and how many of sixteen are in', () => {
    const html = renderToStaticMarkup(<KeypadStepView {...props(stepOf('nik', 'keypad'), '360303570890')} />);
    expect(text(html)).toContain('12 dari 16 angka');
    expect(html.match(/class="digit-group"/gu)).toHaveLength(4);
    expect(html.match(/digit-box is-empty/gu)).toHaveLength(4);
    for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'Hapus', 'OK']) expect(text(html)).toContain(key);
  });

  test('a phone number has no fixed boxes: the count says the range', () => {
    const html = renderToStaticMarkup(<KeypadStepView {...props(stepOf('phone', 'keypad'), '0812')} />);
    expect(text(html)).toContain('4 angka (perlu 10 sampai 13)');
  });
});

describe('date', () => {
  test('a stored date opens with its parts and in words', () => {
    const html = renderToStaticMarkup(<DateStepView {...props(stepOf('birth-date', 'date'), '1956-08-17')} today={{ year: 2025, month: 6, day: 10 }} />);
    expect(text(html)).toContain('17 Agustus 1956');
    expect(text(html)).toContain('Tanggal');
    expect(text(html)).toContain('Bulan');
    expect(text(html)).toContain('Tahun');
  });

  test('no answer yet: the year comes first, as decades', () => {
    const html = renderToStaticMarkup(<DateStepView {...props(stepOf('birth-date', 'date'))} today={{ year: 2025, month: 6, day: 10 }} />);
    expect(text(html)).toContain('Pilih puluhannya dulu');
    expect(text(html)).toContain('1950-an');
    expect(text(html)).toContain('2020-an');
    expect(text(html)).not.toContain('2030-an');
  });
});

test('checklist: each document with its note, and one confirmation', () => {
  const step = stepOf('documents', 'checklist');
  const html = renderToStaticMarkup(<ChecklistStepView {...props(step)} screen={{ position: { stepId: step.id }, step, items: step.items.slice(0, 3) }} />);
  expect(text(html)).toContain('Kartu Keluarga asli dan fotokopi');
  expect(text(html)).not.toContain('Surat sekolah');
  expect(html.match(/<button/gu)).toHaveLength(1);
  expect(text(html)).toContain('Saya sudah siapkan');
});

test('consent: what, why, how long, and two equal answers', () => {
  const html = renderToStaticMarkup(<ConsentStepView {...props(stepOf('consent', 'consent'))} />);
  for (const words of ['Data yang dicatat', 'Untuk apa', 'Berapa lama disimpan', 'Disimpan 1 tahun', 'Setuju', 'Tidak setuju']) expect(text(html)).toContain(words);
  expect(html.match(/class="button consent-button button-secondary"/gu)).toHaveLength(2);
});

describe('review', () => {
  function toReview(): SessionState {
    let s = startSession(definition, { now, locale: 'id', office });
    for (const v of [undefined, 'agree', '3603035708900001', 'SITI AMINAH', '1990-08-17', 'female', 'social-aid', 'BUDI', 'child', 'yes', undefined, undefined, '36.03.03.1001', true]) {
      const r = next(v === undefined ? s : answer(s, v, 'resident', now));
      expect(r.issues).toEqual([]);
      s = r.state;
    }
    return s;
  }

  test('answers in words with their questions, a change button each, a few per page', () => {
    const items = reviewItems(toReview());
    const groups = definition.steps.filter((s): s is GroupStep => s.kind === 'group');
    const page1 = text(renderToStaticMarkup(<ReviewStepView {...props(stepOf('review', 'review'))} items={items} onEdit={() => undefined} groups={groups} />));
    expect(page1).toContain('Berapa NIK Anda? 3603 0357 0890 0001');
    expect(page1).toContain('17 Agustus 1990');
    expect(page1).toContain('Perempuan');
    expect(page1.match(/Ubah/gu)).toHaveLength(4);
    expect(page1).toContain('Halaman 1 dari 3');

    // The page of the answer just changed; group answers carry their entry; skipped ones say so.
    const last = items.at(-1);
    if (last === undefined) throw new Error('no items');
    const page3 = text(
      renderToStaticMarkup(
        <ReviewStepView
          {...props(stepOf('review', 'review'))}
          items={items}
          onEdit={() => undefined}
          groups={groups}
          returnedFrom={last.position}
          describeAnswer={(item) => (item.step.kind === 'region' ? 'Tigaraksa' : undefined)}
        />,
      ),
    );
    expect(page3).toContain('Tigaraksa');
    expect(page3).toContain('Tidak diisi');
    expect(page3).toContain('Halaman 3 dari 3');
    const page2 = text(renderToStaticMarkup(<ReviewStepView {...props(stepOf('review', 'review'))} items={items} onEdit={() => undefined} groups={groups} returnedFrom={items[5]?.position} />));
    expect(page2).toContain('Anggota 1 Siapa nama anggota keluarga? BUDI');
  });
});

test('submit: the button, and the wait in words while saving', () => {
  const step = stepOf('submit', 'submit');
  expect(text(renderToStaticMarkup(<SubmitStepView {...props(step)} busy={false} onSubmit={() => undefined} />))).not.toContain('Menyimpan');
  const busy = renderToStaticMarkup(<SubmitStepView {...props(step)} busy onSubmit={() => undefined} />);
  expect(text(busy)).toContain('Menyimpan… Mohon tunggu.');
  expect(busy).toMatch(/<button[^>]*disabled/u);
});

describe('done', () => {
  test('the code in groups, its QR code as a data: image, and where the application is', () => {
    const html = renderToStaticMarkup(<DoneStepView {...props(stepOf('done', 'done'))} trackingCode="7K4-M2X-9QRT" saved="kiosk" onFinish={() => undefined} />);
    expect(text(html)).toContain('7K4 M2X 9QRT');
    expect(html).toMatch(/<img[^>]*src="data:image\/svg\+xml;/u);
    expect(text(html)).toContain('Tersimpan di kiosk, belum terkirim');
    expect(text(html)).toContain('Selesai');
  });

  test('received by the office', () => {
    const html = renderToStaticMarkup(<DoneStepView {...props(stepOf('done', 'done'))} trackingCode="7K4-M2X-9QRT" saved="office" onFinish={() => undefined} />);
    expect(text(html)).toContain('Sudah diterima kantor');
  });

  test('where the application is, as a live region: the change to "Sudah diterima kantor" is announced', () => {
    // The change itself comes from the sync engine through liveQuery (sync/start-sync.test.ts).
    const html = renderToStaticMarkup(<DoneStepView {...props(stepOf('done', 'done'))} trackingCode="7K4-M2X-9QRT" saved="kiosk" submissionId="0193d0f0-0000-7000-8000-000000000000" onFinish={() => undefined} />);
    expect(html).toMatch(/<p class="done-saved is-kiosk" role="status">/u);
  });
});

test('group: each entry with Ubah and Hapus, and the add button; Hapus only above the minimum', () => {
  const step = definition.steps.find((s): s is GroupStep => s.kind === 'group');
  if (step === undefined) throw new Error('no group');
  const entries = [
    { key: 'e1', index: 0, summary: 'BUDI' },
    { key: 'e2', index: 1 },
  ];
  const html = text(renderToStaticMarkup(<GroupStepView {...props(step)} entries={entries} canAdd canRemove onAdd={() => undefined} onRemove={() => undefined} onOpen={() => undefined} />));
  expect(html).toContain('Anggota 1 BUDI');
  expect(html).toContain('Anggota 2');
  expect(html.match(/Hapus/gu)).toHaveLength(2);
  expect(html).toContain('Tambah anggota');
  const atMin = text(renderToStaticMarkup(<GroupStepView {...props(step)} entries={entries.slice(0, 1)} canAdd={false} canRemove={false} onAdd={() => undefined} onRemove={() => undefined} onOpen={() => undefined} />));
  expect(atMin).not.toContain('Hapus');
  expect(atMin).not.toContain('Tambah anggota');
});

test('issues: an alert with the words', () => {
  const html = renderToStaticMarkup(<StepIssues t={t} locale="id" issues={[{ stepId: 'nik', code: 'nik.length', params: { length: 8 } }]} feedback={silent} />);
  expect(html).toContain('role="alert"');
  expect(text(html)).toContain('NIK harus 16 angka, tetapi yang dimasukkan ada 8.');
  expect(renderToStaticMarkup(<StepIssues t={t} locale="id" issues={[]} feedback={silent} />)).toBe('');
});
