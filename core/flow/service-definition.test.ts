import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { formatPath } from '../contract/result';
import { sktmInput } from './fixtures/sktm';
import { ServiceDefinition, serviceDefinitionJsonSchema } from './service-definition';

const clone = () => JSON.parse(JSON.stringify(sktmInput)) as { steps: Record<string, unknown>[] } & Record<string, unknown>;
const problemsOf = (input: unknown) => {
  const parsed = ServiceDefinition.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
};

describe('ServiceDefinition schema', () => {
  test('accepts the SKTM sample and its own output (the bridge parses it again)', () => {
    const parsed = ServiceDefinition.parse(sktmInput);
    expect(ServiceDefinition.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  test('refuses a rule on a step kind it does not fit, with the field path', () => {
    const bad = clone();
    (bad.steps[4] as { validate: unknown[] }).validate = [{ rule: 'nik' }];
    expect(problemsOf(bad)).toEqual([expect.stringMatching(/^steps\[4\]\.validate\[0\]\.rule: /u)]);
  });

  test('refuses option labels of more than three words', () => {
    const bad = clone();
    const options = (bad.steps[6] as { options: { label: { id: string } }[] }).options;
    (options[0] as { label: { id: string } }).label.id = 'Untuk sekolah anak saya';
    expect(problemsOf(bad)).toEqual(['steps[6].options[0].label: At most three words per language']);
  });

  test('refuses a condition written as code', () => {
    const bad = clone();
    (bad.steps[7] as Record<string, unknown>).when = "purpose == 'school'";
    expect(problemsOf(bad)).toEqual([expect.stringMatching(/^steps\[7\]\.when: Expected a condition/u)]);
  });

  test('refuses a condition on review, submit and done (they are always shown)', () => {
    const bad = clone();
    (bad.steps[14] as Record<string, unknown>).when = { answer: 'purpose', answered: true };
    expect(problemsOf(bad)).toEqual([expect.stringMatching(/^steps\[14\]: Unrecognized key: "when"/u)]);
  });

  test('refuses a group inside a group', () => {
    const bad = clone();
    const group = bad.steps[10] as { steps: unknown[] };
    group.steps.push({ ...(bad.steps[10] as object), id: 'inner' });
    expect(problemsOf(bad)[0]).toMatch(/^steps\[10\]\.steps\[3\]\.kind: /u);
  });
});

describe('JSON Schema for config authors', () => {
  test('is produced, describes every step kind, and keeps the recursive condition as one definition', () => {
    const schema = serviceDefinitionJsonSchema() as {
      properties: Record<string, { description?: string }>;
      required: string[];
      $defs: Record<string, unknown>;
    };
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'steps', 'requirements', 'processingTime', 'output']));
    expect(schema.properties.steps?.description).toMatch(/review/u);
    expect(Object.keys(schema.$defs)).toEqual(['Condition']);
    const text = JSON.stringify(schema);
    for (const kind of ['info', 'choice', 'keypad', 'date', 'region', 'name', 'checklist', 'consent', 'review', 'submit', 'done', 'group']) {
      expect(text).toContain(`"const":"${kind}"`);
    }
  });

  test('the output-side schema can be produced too', () => {
    expect(() => z.toJSONSchema(ServiceDefinition)).not.toThrow();
  });

  test('every field carries a description for authors', () => {
    const missing: string[] = [];
    let seen = 0;
    const visit = (node: unknown, path: string, parentIsProperties: boolean): void => {
      if (node === null || typeof node !== 'object') return;
      if (parentIsProperties) seen++;
      if (parentIsProperties && path !== '$schema' && !('description' in node) && !('$ref' in node)) missing.push(path);
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        if (key === 'properties' && child !== null && typeof child === 'object') {
          for (const [name, prop] of Object.entries(child as Record<string, unknown>)) visit(prop, name, true);
        } else visit(child, `${path}.${key}`, false);
      }
    };
    visit(serviceDefinitionJsonSchema(), '', false);
    expect(seen).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });
});
