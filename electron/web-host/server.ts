import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import compression from 'compression';
import sirv from 'sirv';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, ClientFrame, type ServerFrame } from '../../core/contract/wire';
import { err } from '../../core/contract/result';
import type { Host } from '../services/host';
import { errorFields, type Logger } from '../services/logs/logger';
import { chooseBridgeAuth, pageUrl, refusal, type BridgeAuthChoice } from './bridge-auth';
import { securityHeaders } from './security-headers';

/**
 * The web host: serves the built renderer and carries the bridge over a WebSocket, on 127.0.0.1
 * only. A connection must come from our own page (Origin and Host are checked, which also defeats
 * DNS rebinding) and from the kiosk's own user (bridge-auth.ts), so no other web page and no other
 * local user can drive the host. Anything malformed gets a 4xx; nothing a client sends may stop
 * the process that holds the residents' journal.
 */
export type WebHostOptions = {
  host: Host;
  logger: Logger;
  rendererDir: string;
  /** The office config's audio clips, served at /audio/ (config, not build: offices re-record them). */
  audioDir?: string | undefined;
  port: number;
  /** How the bridge knows the kiosk's own page: by default the peer's uid where Linux tells it. */
  bridgeAuth?: BridgeAuthChoice | undefined;
  /** Origins the page may fetch() (CSP connect-src), asked per response: the enrolled central API. */
  connectOrigins?: (() => readonly string[]) | undefined;
};

export type RunningWebHost = {
  port: number;
  origin: string;
  /** Only in token mode (systems without a readable socket table). */
  token: string | undefined;
  /** The address to open. */
  url: string;
  close: () => Promise<void>;
};

const MAX_FRAME_BYTES = 1024 * 1024;
/**
 * Requests one connection may have in the host at once. The renderer keeps a few dozen at most;
 * without a bound, 50,000 frames sent at once took the host from 81 MB to about 900 MB.
 */
export const MAX_IN_FLIGHT = 128;
/** A slow or malicious client must not hold a connection half-sent for minutes (slowloris). */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const log = options.logger.child('web-host');
  const auth = chooseBridgeAuth(options.bridgeAuth);
  let origin = '';
  let port = 0;
  let allowedHosts = new Set<string>();

  const headersNow = () => securityHeaders({ connectOrigins: options.connectOrigins?.() ?? [] });

  const serveStatic = sirv(options.rendererDir, {
    single: true,
    etag: true,
    // The build writes .br and .gz copies of every text asset (scripts/build/precompress.mjs).
    brotli: true,
    gzip: true,
    dev: false,
    setHeaders(res) {
      for (const [name, value] of Object.entries(headersNow())) res.setHeader(name, value);
      res.setHeader('Cache-Control', 'no-cache');
    },
  });

  // The clips are config, re-recorded by offices at any time, so nothing is precompressed for them:
  // the manifest (a few hundred KB of JSON, read at every start) is compressed as it is sent. The
  // Opus clips are compressed already, and `compression` leaves such types alone.
  // (Its types name Express's request and response; it uses only what Node's own have.)
  const compressAudio = compression() as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  const serveAudio =
    options.audioDir === undefined
      ? undefined
      : sirv(options.audioDir, {
          dev: false,
          etag: true,
          setHeaders(res) {
            for (const [name, value] of Object.entries(headersNow())) res.setHeader(name, value);
          },
        });

  const server: Server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const notFound = () => {
      res.writeHead(404).end();
    };
    if (serveAudio !== undefined && req.url?.startsWith('/audio/') === true) {
      req.url = req.url.slice('/audio'.length);
      compressAudio(req, res, () => serveAudio(req, res, notFound));
      return;
    }
    serveStatic(req, res, notFound);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: () => BRIDGE_PROTOCOL,
  });

  const refuse = (socket: Duplex, status: number, reason: string, detail?: string) => {
    log.warn('bridge.refused', { status, reason, detail });
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off an upgraded socket: without ours, a client that resets
    // the connection while we check it would stop the whole process.
    socket.on('error', (error) => log.debug('bridge.upgrade_socket_error', errorFields(error)));
    const path = requestPath(req.url);
    if (path === undefined) return refuse(socket, 400, 'Bad Request');
    if (path !== BRIDGE_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    if (req.headers.origin !== origin) return refuse(socket, 403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(BRIDGE_PROTOCOL)) return refuse(socket, 401, 'Unauthorized', 'no bridge protocol');
    void refusal(auth, req, port).then(
      (why) => {
        if (socket.destroyed) return;
        if (why !== undefined) return refuse(socket, 401, 'Unauthorized', why);
        wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
      },
      (error: unknown) => {
        log.error('bridge.auth_failed', errorFields(error));
        refuse(socket, 500, 'Internal Server Error');
      },
    );
  });

  // A request line or header Node's parser cannot read: 400 and close, as Node does by default,
  // but logged, and never an exception.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    log.debug('web_host.client_error', { code: error.code });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;

  function onConnection(ws: WebSocket) {
    log.info('bridge.connected', { clients: wss.clients.size });
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = options.host.subscribe((name, payload) => send({ type: 'event', name, payload }));
    let inFlight = 0;
    ws.on('message', (data, isBinary) => {
      const frame = readFrame(isBinary ? null : rawText(data));
      if (frame === undefined) return send({ type: 'response', id: null, result: err('bad_request', 'Not a bridge request frame') });
      if (inFlight >= MAX_IN_FLIGHT) {
        return send({ type: 'response', id: frame.id, result: err('busy', `More than ${MAX_IN_FLIGHT} requests in flight on this connection`) });
      }
      inFlight += 1;
      void options.host
        .dispatch(frame.name, frame.input)
        .then(
          (result) => send({ type: 'response', id: frame.id, result }),
          (error: unknown) => log.error('bridge.frame_failed', errorFields(error)),
        )
        .finally(() => {
          inFlight -= 1;
        });
    });
    ws.on('close', () => {
      unsubscribe();
      log.info('bridge.disconnected', { clients: wss.clients.size });
    });
    ws.on('error', (error) => log.warn('bridge.socket_error', errorFields(error)));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`]);

  return {
    port,
    origin,
    token: auth.kind === 'token' ? auth.token : undefined,
    url: pageUrl(auth, origin),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** The path of a request target, or undefined for one that is not a path (`http://[`, `*`). */
function requestPath(target: string | undefined): string | undefined {
  if (target?.startsWith('/') !== true) return undefined;
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

/** A request frame, or undefined for one we cannot even read (answered with id null). */
function readFrame(text: string | null): ClientFrame | undefined {
  if (text === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const frame = ClientFrame.safeParse(json);
  return frame.success ? frame.data : undefined;
}
