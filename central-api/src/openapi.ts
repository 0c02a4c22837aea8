import { z } from 'zod';
import { ApiError, apiRoutes, type RouteSpec } from '../../core/contract/central-api';
import { AUTH_HEADERS } from '../../core/contract/request-signing';

/**
 * The OpenAPI 3.1 document, generated from the contract's route table and zod schemas (the same
 * ones the server validates with and the kiosk parses with), so it cannot drift from either.
 * Request schemas are written as input (what a client may send: defaults make fields optional),
 * responses as output (what the server guarantees).
 */
type Json = Record<string, unknown>;

const ERROR_RESPONSES: Readonly<Record<number, string>> = {
  400: 'bad_request: the body, query or path does not match the contract, or names an officer who is not active in the office (see issues)',
  401: 'unauthorized, clock_skew (with serverTime) or replayed',
  403: 'forbidden: the kiosk named an office other than its own',
  404: 'not_found',
  409: 'conflict: an illegal state change or a broken chain',
  413: 'payload_too_large',
  415: 'unsupported_media_type: send application/json',
  422: 'conflict: another kiosk already used this id, or this kiosk used this request id for another ticket',
  429: 'rate_limited: see Retry-After',
  503: 'unavailable: the database cannot be reached; retry later',
};

const DEVICE_SCHEMES = {
  deviceId: AUTH_HEADERS.device,
  deviceTimestamp: AUTH_HEADERS.timestamp,
  deviceNonce: AUTH_HEADERS.nonce,
  deviceSignature: AUTH_HEADERS.signature,
} as const;

export function buildOpenApiDocument(version: string): Json {
  const schemas: Json = {};
  const names = new Map<z.ZodType, Partial<Record<'input' | 'output', string>>>();

  /** Puts a schema in components (once per zod schema and direction) and returns a reference to it. */
  const ref = (schema: z.ZodType, wanted: string, io: 'input' | 'output'): Json => {
    let name = names.get(schema)?.[io];
    if (name === undefined) {
      name = wanted;
      for (let n = 2; name in schemas; n += 1) name = `${wanted}${n}`;
      schemas[name] = toComponent(schema, name, io, schemas);
      names.set(schema, { ...names.get(schema), [io]: name });
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  ref(ApiError, 'ApiError', 'output');

  const paths: Record<string, Json> = {};
  for (const [operationId, spec] of Object.entries(apiRoutes) as [string, RouteSpec][]) {
    const base = pascal(operationId);
    const parameters = [
      ...(spec.params === undefined ? [] : parametersOf(spec.params, 'path')),
      ...(spec.query === undefined ? [] : parametersOf(spec.query, 'query')),
    ];
    const responses: Json = {};
    for (const [status, schema] of Object.entries<z.ZodType | null | undefined>(spec.responses)) {
      if (schema === undefined) continue;
      const etag = spec.path === apiRoutes.catalogue.path ? { headers: { ETag: { description: 'The catalogue version, quoted', schema: { type: 'string' } } } } : {};
      responses[status] =
        schema === null
          ? { description: 'Not modified: If-None-Match names the current version', ...etag }
          : { description: 'Success', ...etag, content: { 'application/json': { schema: ref(schema, `${base}Response`, 'output') } } };
    }
    for (const status of errorStatuses(spec)) responses[String(status)] = { $ref: `#/components/responses/Error${status}` };

    const operation: Json = {
      operationId,
      summary: spec.summary,
      security: securityOf(spec),
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(spec.body === undefined
        ? {}
        : { requestBody: { required: true, content: { 'application/json': { schema: ref(spec.body, `${base}Request`, 'input') } } } }),
      responses,
    };
    paths[spec.path] = { ...paths[spec.path], [spec.method.toLowerCase()]: operation };
  }
  paths['/v1/openapi.json'] = {
    get: {
      operationId: 'openApi',
      summary: 'This document',
      security: [],
      responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };

  const errorResponses: Json = {};
  for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
    errorResponses[`Error${status}`] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Tuntun central API',
      version,
      description:
        'Reference server for Tuntun kiosks. Device routes are signed: HMAC-SHA256 with the device secret over the text of ' +
        'stringToSign() in core/contract/request-signing.ts (method, path and query, timestamp, nonce, device id, body SHA-256).',
    },
    paths,
    components: {
      schemas,
      responses: errorResponses,
      securitySchemes: {
        ...Object.fromEntries(
          Object.entries(DEVICE_SCHEMES).map(([name, header]) => [name, { type: 'apiKey', in: 'header', name: header, description: `Device request signing: ${header}` }]),
        ),
        adminToken: { type: 'http', scheme: 'bearer', description: 'CENTRAL_ADMIN_TOKEN of the server' },
      },
    },
  };
}

function securityOf(spec: RouteSpec): Json[] {
  switch (spec.auth) {
    case 'none':
    case 'enrolment':
      return [];
    case 'device':
      return [Object.fromEntries(Object.keys(DEVICE_SCHEMES).map((name) => [name, []]))];
    case 'admin':
      return [{ adminToken: [] }];
    default:
      return missingCase(spec.auth);
  }
}

function errorStatuses(spec: RouteSpec): number[] {
  const statuses = new Set<number>([400, 503]);
  if (spec.auth !== 'none') statuses.add(401).add(404).add(429);
  if (spec.method === 'POST') statuses.add(413).add(415);
  if (spec.path.includes('transition') || spec.path.includes('audit')) statuses.add(409);
  if (spec.path === apiRoutes.help.path || spec.path === apiRoutes.takeQueueNumber.path) statuses.add(422);
  if (spec.path === apiRoutes.takeQueueNumber.path || spec.path === apiRoutes.reportKioskTickets.path) statuses.add(403);
  return [...statuses].sort((a, b) => a - b);
}

function parametersOf(schema: z.ZodType, where: 'path' | 'query'): Json[] {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Json & { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * One component schema. zod puts the parts of recursive types (steps inside groups) in `$defs`
 * and points at them with `#/$defs/…`, which inside an OpenAPI document would resolve against the
 * document root; they become components of their own, named after their owner.
 */
function toComponent(schema: z.ZodType, name: string, io: 'input' | 'output', schemas: Json): Json {
  const { $defs, ...json } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Json & { $defs?: Record<string, unknown> };
  // The dialect is the document's (OpenAPI 3.1 = JSON Schema 2020-12); a per-schema $schema is noise.
  delete json.$schema;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key !== '$ref' || typeof inner !== 'string') return [key, rewrite(inner)];
        if (inner === '#') return [key, `#/components/schemas/${name}`];
        return [key, inner.replace(/^#\/\$defs\//u, `#/components/schemas/${name}_`)];
      }),
    );
  };
  for (const [defName, def] of Object.entries($defs ?? {})) schemas[`${name}_${defName}`] = rewrite(def);
  return rewrite(json) as Json;
}

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
