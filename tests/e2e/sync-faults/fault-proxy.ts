import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A misbehaving network between the kiosk and the central API. Each request meets one fault,
 * drawn from a seeded generator so a failing run can be replayed with the same seed:
 *
 * - drop-before: the connection dies before the request reaches the server;
 * - drop-after: the server gets and handles the request, but the answer never arrives (the case
 *   that makes idempotency matter: the kiosk must send again and the server must not store twice);
 * - drop-mid: the answer's headers and half its body arrive, then the connection dies;
 * - 500 / 503 / 429: a proxy or overloaded server answering for the API;
 * - delay: the answer comes, late.
 *
 * Synthetic answers carry CORS headers, as a real gateway in front of the API would, so the page
 * sees the status rather than an opaque network error.
 */
export type Fault = 'pass' | 'drop-before' | 'drop-after' | 'drop-mid' | 'status-500' | 'status-503' | 'status-429' | 'delay';

export const FAULTS: readonly Fault[] = ['pass', 'drop-before', 'drop-after', 'drop-mid', 'status-500', 'status-503', 'status-429', 'delay'];

export type ProxyMode = 'faulty' | 'clean' | 'down';

export type FaultProxy = {
  url: string;
  port: number;
  setMode: (mode: ProxyMode) => void;
  /** Points the proxy at another upstream port (a restarted server). */
  setUpstream: (port: number) => void;
  counts: () => Record<Fault | 'refused', number>;
  close: () => Promise<void>;
};

/** Mulberry32: tiny, seeded, good enough to pick faults reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(options: { upstreamPort: number; seed: number; passShare?: number }): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const passShare = options.passShare ?? 0.45;
  let upstreamPort = options.upstreamPort;
  let mode: ProxyMode = 'faulty';
  const counts = Object.fromEntries([...FAULTS, 'refused'].map((f) => [f, 0])) as Record<Fault | 'refused', number>;
  const sockets = new Set<Socket>();

  const pick = (): Fault => {
    if (mode === 'clean') return 'pass';
    if (random() < passShare) return 'pass';
    const faulty = FAULTS.filter((f) => f !== 'pass');
    return faulty[Math.floor(random() * faulty.length)] ?? 'pass';
  };

  const corsHeaders = (req: IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin;
    return origin === undefined ? {} : { 'access-control-allow-origin': origin, vary: 'Origin' };
  };

  const forward = (req: IncomingMessage, body: Buffer, onResponse: (upstream: IncomingMessage, upstreamBody: Buffer) => void, onError: () => void) => {
    const upstreamReq = http.request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${upstreamPort}` } },
      (upstream) => {
        const chunks: Buffer[] = [];
        upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstream.on('end', () => onResponse(upstream, Buffer.concat(chunks)));
        upstream.on('error', onError);
      },
    );
    upstreamReq.on('error', onError);
    upstreamReq.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (mode === 'down') {
      counts.refused += 1;
      req.socket.destroy();
      return;
    }
    const fault = pick();
    counts[fault] += 1;
    const relay = (upstream: IncomingMessage, upstreamBody: Buffer) => {
      const headers = { ...upstream.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(upstreamBody.length);
      res.writeHead(upstream.statusCode ?? 502, headers);
      res.end(upstreamBody);
    };
    const upstreamFailed = () => {
      // The server is down or restarting: what a gateway says then.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', ...corsHeaders(req) });
      res.end('bad gateway');
    };
    switch (fault) {
      case 'pass':
        forward(req, body, relay, upstreamFailed);
        return;
      case 'drop-before':
        req.socket.destroy();
        return;
      case 'drop-after':
        forward(req, body, () => req.socket.destroy(), () => req.socket.destroy());
        return;
      case 'drop-mid':
        forward(
          req,
          body,
          (upstream, upstreamBody) => {
            const headers = { ...upstream.headers };
            delete headers['transfer-encoding'];
            headers['content-length'] = String(upstreamBody.length);
            res.writeHead(upstream.statusCode ?? 502, headers);
            res.write(upstreamBody.subarray(0, Math.floor(upstreamBody.length / 2)));
            setTimeout(() => req.socket.destroy(), 5);
          },
          () => req.socket.destroy(),
        );
        return;
      case 'status-500':
      case 'status-503':
      case 'status-429': {
        const status = Number(fault.slice('status-'.length));
        res.writeHead(status, {
          'content-type': 'text/html',
          ...(status === 500 ? {} : { 'retry-after': '1' }),
          ...corsHeaders(req),
        });
        res.end(`<html><body>${status} from the gateway</body></html>`);
        return;
      }
      case 'delay':
        setTimeout(() => forward(req, body, relay, upstreamFailed), 150 + Math.floor(random() * 1200));
        return;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
    req.on('error', () => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setMode: (next) => {
      mode = next;
    },
    setUpstream: (next) => {
      upstreamPort = next;
    },
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
