import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ApiErrorCode, EnrolRequest, type EnrolResponse, apiRoutes } from '../../../core/contract/central-api';

/**
 * Test support only: a real HTTP (or HTTPS) server on 127.0.0.1 that answers the enrolment route the way
 * core/contract/central-api.ts says the central API does (one-time tokens, ApiError bodies). The
 * real central API is built separately; this stands in for it so the kiosk side can be tested on
 * real sockets without it.
 */
export type EnrolServerOptions = {
  tokens: string[];
  officeCode?: string;
  /** How far the server's clock is ahead of ours, in seconds. */
  skewSeconds?: number;
  /** Misbehaviours, to check the kiosk's words for them. */
  answer?: 'contract' | 'garbage' | 'html' | 'hang';
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: Buffer; key: Buffer };
};

export type EnrolServer = {
  url: string;
  /** Bodies of every enrolment request received (tokens included: this is the server's side). */
  requests: unknown[];
  /** Every enrolment answered with 201. */
  issued: EnrolResponse[];
  close: () => Promise<void>;
};

function apiError(res: ServerResponse, status: number, code: ApiErrorCode, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code, message } }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEnrolServer(options: EnrolServerOptions): Promise<EnrolServer> {
  const unused = new Set(options.tokens);
  const requests: unknown[] = [];
  const issued: EnrolResponse[] = [];
  const listener: RequestListener = (req, res) => {
    void (async () => {
      if (req.method !== apiRoutes.enrol.method || req.url !== apiRoutes.enrol.path) return apiError(res, 404, 'not_found', 'No such route');
      const text = await readBody(req);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      requests.push(json);
      switch (options.answer ?? 'contract') {
        case 'hang':
          return undefined;
        case 'html':
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
          return undefined;
        case 'garbage':
          res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ deviceId: 'someone', ok: true }));
          return undefined;
        case 'contract':
          break;
      }
      const body = EnrolRequest.safeParse(json);
      if (!body.success) return apiError(res, 400, 'bad_request', 'Body does not match EnrolRequest');
      if (!unused.delete(body.data.token)) return apiError(res, 401, 'unauthorized', 'Unknown, expired or already used enrolment token');
      const answer: EnrolResponse = {
        deviceId: `dev_${randomBytes(9).toString('base64url')}`,
        secret: randomBytes(32).toString('base64url'),
        officeCode: options.officeCode ?? '36.03.03',
        serverPublicKey: randomBytes(32).toString('base64url'),
        serverTime: new Date(Date.now() + (options.skewSeconds ?? 0) * 1000).toISOString(),
      };
      issued.push(answer);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return undefined;
    })();
  };
  const server = options.tls === undefined ? createServer(listener) : createHttpsServer(options.tls, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    requests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, noted, closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
