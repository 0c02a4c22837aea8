/**
 * Icons that mean what they say, on the shipped services: the picture a resident who reads little
 * goes by must not contradict the label (a flower for a death certificate did).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { IconName } from '../../../core/config/icon-name';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import type { Step } from '../../../core/flow/step';
import { Icon } from './Icon';

const files = import.meta.glob<{ default: unknown }>('../../../kiosk-config/services/*.json', { eager: true });
const services = Object.values(files).map((file) => ServiceDefinition.parse(file.default));

/** Every picture with the words beside it: tiles, options, checklist items and info screens. */
type Pictured = { where: string; icon: IconName; label: string };
function pictured(): Pictured[] {
  const found: Pictured[] = [];
  const walk = (serviceId: string, steps: readonly Step[]) => {
    for (const step of steps) {
      const where = `${serviceId}/${step.id}`;
      if (step.kind === 'choice') for (const o of step.options) found.push({ where: `${where}.${o.value}`, icon: o.icon, label: o.label.id });
      if (step.kind === 'checklist') for (const item of step.items) found.push({ where, icon: item.icon, label: item.label.id });
      if (step.kind === 'group') walk(serviceId, step.steps);
    }
  };
  for (const service of services) {
    found.push({ where: `${service.id} (tile)`, icon: service.icon, label: service.title.id });
    walk(service.id, service.steps);
  }
  return found;
}

/** The lucide drawing an icon name renders, from its class (e.g. "lucide-landmark"). */
const drawing = (name: IconName) => /lucide-([a-z0-9-]+)"/u.exec(renderToStaticMarkup(<Icon name={name} />).replace('lucide lucide-', 'lucide-'))?.[1];

describe('shipped service icons', () => {
  it('draws a death (Akta Kematian, a death letter, a widow) as a tombstone, and nothing as a flower', () => {
    const all = pictured();
    const deaths = all.filter((p) => /kematian|cerai mati/iu.test(p.label));
    expect(deaths.map((p) => p.where)).toEqual(expect.arrayContaining(['akta-kematian (tile)', 'akta-kematian/documents', 'surat-pengantar/marital-status.widowed', 'surat-pengantar/documents']));
    expect(deaths.filter((p) => p.icon !== 'tombstone')).toEqual([]);
    expect(all.filter((p) => p.icon === 'flower').map((p) => p.where)).toEqual([]);
    expect(drawing('tombstone')).toBe('tombstone');
  });

  it('draws "Urusan bank" as a bank building', () => {
    const bank = pictured().find((p) => p.label === 'Urusan bank');
    expect(bank?.icon).toBe('bank');
    expect(drawing('bank')).toBe('landmark');
  });

  it('gives different answers to one question different pictures (sex as ♂ and ♀, not one person twice)', () => {
    // SD, SMP and SMA are levels of one thing, a school; their labels tell them apart.
    const sharing: string[] = [];
    const check = (serviceId: string, steps: readonly Step[]) => {
      for (const step of steps) {
        if (step.kind === 'group') check(serviceId, step.steps);
        if (step.kind !== 'choice') continue;
        const seen = new Map<IconName, string>();
        for (const option of step.options) {
          const other = seen.get(option.icon);
          if (other !== undefined && !(step.id === 'school-level' && option.icon === 'school')) sharing.push(`${serviceId}/${step.id}: ${other} and ${option.value} are both ${option.icon}`);
          seen.set(option.icon, option.value);
        }
      }
    };
    for (const service of services) check(service.id, service.steps);
    expect(sharing).toEqual([]);
    expect([drawing('male'), drawing('female')]).toEqual(['mars', 'venus']);
  });

  it('gives every home-screen tile its own picture', () => {
    const icons = services.map((s) => s.icon);
    expect(new Set(icons).size).toBe(icons.length);
  });
});
