import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthKind, RouteSpec } from '../../../core/contract/central-api';
import type { AdminAuthenticator } from '../auth/admin-auth';
import type { EnrolmentGate } from '../auth/auth-failures';
import type { AuthenticatedDevice, DeviceAuthenticator } from '../auth/device-auth';
import { parseInput } from './validate';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's class for the rate limits: each class from one address has budgets of its own. */
    authKind?: AuthKind;
  }
}

/**
 * Binds one entry of the contract's `apiRoutes` table to a handler: the path, method and auth kind
 * come from the table, and body, query and params are parsed with the table's schemas before the
 * handler sees them. The handler's answer is typed by the table's responses, so a route cannot
 * answer a status or shape the contract (and the OpenAPI document) does not list.
 */
type Part<S, K extends string> = S extends Record<K, infer T extends z.ZodType> ? z.output<T> : undefined;

export type RouteInput<S extends RouteSpec> = {
  body: Part<S, 'body'>;
  query: Part<S, 'query'>;
  params: Part<S, 'params'>;
  device: S['auth'] extends 'device' ? AuthenticatedDevice : undefined;
  request: FastifyRequest;
};

type BodyOf<T> = T extends z.ZodType ? z.output<T> : undefined;
export type RouteAnswer<S extends RouteSpec> = {
  [K in keyof S['responses'] & number]: { status: K; body: BodyOf<S['responses'][K]>; headers?: Record<string, string> };
}[keyof S['responses'] & number];

export type Guards = { device: DeviceAuthenticator; admin: AdminAuthenticator; enrolment: EnrolmentGate };

/** Fastify writes path parameters as `:id`; the contract (and OpenAPI) as `{id}`. */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/gu, ':$1');
}

/**
 * `route(app, guards, spec).handle(handler)`: two calls so that S is fixed by the spec before the
 * handler is checked, and the handler's answers are checked against that route's responses.
 */
export function route<S extends RouteSpec>(app: FastifyInstance, guards: Guards, spec: S) {
  return {
    handle: (handler: (input: RouteInput<S>) => Promise<RouteAnswer<S>>, options: { rateLimited?: boolean } = {}): void => {
      app.route({
        method: spec.method,
        url: fastifyPath(spec.path),
        config: { authKind: spec.auth, ...(options.rateLimited === false ? { rateLimit: false as const } : {}) },
        // Admin: refuse before the body is even parsed. Enrolment: the token is in the body, so
        // here only an address that failed too often is refused. Device: the signature covers the
        // body bytes, so it is checked once they are read, and before anything is validated or stored.
        ...(spec.auth === 'admin' ? { onRequest: async (request: FastifyRequest) => guards.admin(request) } : {}),
        ...(spec.auth === 'enrolment' ? { onRequest: async (request: FastifyRequest) => guards.enrolment.before(request) } : {}),
        ...(spec.auth === 'device'
          ? {
              preValidation: async (request: FastifyRequest) => {
                request.device = await guards.device(request);
              },
            }
          : {}),
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const input = {
            body: spec.body === undefined ? undefined : parseInput(spec.body, request.body, 'body'),
            query: spec.query === undefined ? undefined : parseInput(spec.query, request.query, 'query'),
            params: spec.params === undefined ? undefined : parseInput(spec.params, request.params, 'params'),
            device: request.device,
            request,
          } as RouteInput<S>;
          const answer = await handler(input);
          reply.code(answer.status).headers(answer.headers ?? {});
          return answer.body === undefined ? reply.send() : reply.send(answer.body);
        },
      });
    },
  };
}
