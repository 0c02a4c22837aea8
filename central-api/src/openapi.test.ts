import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../core/contract/central-api';
import { buildOpenApiDocument } from './openapi';

type Operation = { operationId: string; security: unknown[]; parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown> };

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument('test');
  const paths = document.paths as Record<string, Record<string, Operation>>;

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has every route of the contract with its auth, parameters and error answers', () => {
    for (const [name, spec] of Object.entries(apiRoutes)) {
      const operation = paths[spec.path]?.[spec.method.toLowerCase()];
      expect(operation?.operationId, name).toBe(name);
      if (operation === undefined) continue;
      expect(operation.requestBody !== undefined, name).toBe('body' in spec);
      for (const status of Object.keys(spec.responses)) expect(operation.responses[status], `${name} ${status}`).toBeDefined();
      expect(operation.responses['400'], name).toEqual({ $ref: '#/components/responses/Error400' });
      const expected = { none: [], enrolment: [], device: [{ deviceId: [], deviceTimestamp: [], deviceNonce: [], deviceSignature: [] }], admin: [{ adminToken: [] }] }[spec.auth];
      expect(operation.security, name).toEqual(expected);
    }
    expect(paths['/v1/admin/submissions/{id}']?.get?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(paths['/v1/submissions/changes']?.get?.parameters?.map((p) => p.name)).toEqual(['since', 'limit']);
    const deactivate = paths['/v1/admin/offices/{officeCode}/officers/{id}/deactivate']?.post;
    expect(deactivate?.parameters?.map((p) => [p.name, p.in])).toEqual([
      ['officeCode', 'path'],
      ['id', 'path'],
    ]);
    expect(Object.keys(deactivate?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '404']));
  });

  it('resolves every reference inside the document', () => {
    const text = JSON.stringify(document);
    const refs = [...text.matchAll(/"\$ref":"#\/([^"]+)"/gu)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, ref).toBeDefined();
    }
  });
});
