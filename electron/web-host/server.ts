import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, ClientFrame, TOKEN_PROTOCOL_PREFIX, type ServerFrame } from '../../core/contract/wire';
import { err } from '../../core/contract/result';
import type { Host } from '../services/host';
import { errorFields, type Logger } from '../services/logs/logger';
import { securityHeaders } from './security-headers';

/**
 * The web host: serves the built renderer and carries the bridge over a WebSocket, on 127.0.0.1
 * only. A connection must come from our own page (Origin and Host are checked, which also defeats
 * DNS rebinding) and present the per-launch token, so no other web page or local user's browser
 * tab can drive the host.
 */
export type WebHostOptions = {
  host: Host;
  logger: Logger;
  rendererDir: string;
  /** The office config's audio clips, served at /audio/ (config, not build: offices re-record them). */
  audioDir?: string | undefined;
  port: number;
  /** Given by a supervisor (KIOSK_BRIDGE_TOKEN) or a test; otherwise a fresh random token per launch. */
  token?: string | undefined;
  /** Origins the page may fetch() (CSP connect-src), asked per response: the enrolled central API. */
  connectOrigins?: (() => readonly string[]) | undefined;
};

export type RunningWebHost = {
  port: number;
  origin: string;
  token: string;
  /** The address to open: the token travels in the fragment, which is never sent to a server. */
  url: string;
  close: () => Promise<void>;
};

const MAX_FRAME_BYTES = 1024 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const log = options.logger.child('web-host');
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let origin = '';
  let allowedHosts = new Set<string>();

  const headersNow = () => securityHeaders({ connectOrigins: options.connectOrigins?.() ?? [] });

  const serveStatic = sirv(options.rendererDir, {
    single: true,
    etag: true,
    gzip: false,
    dev: false,
    setHeaders(res) {
      for (const [name, value] of Object.entries(headersNow())) res.setHeader(name, value);
      res.setHeader('Cache-Control', 'no-cache');
    },
  });

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
      serveAudio(req, res, notFound);
      return;
    }
    serveStatic(req, res, notFound);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: () => BRIDGE_PROTOCOL,
  });

  const refuse = (socket: Duplex, status: number, reason: string) => {
    log.warn('bridge.refused', { status, reason });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path !== BRIDGE_PATH) return refuse(socket, 404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(socket, 421, 'Misdirected Request');
    if (req.headers.origin !== origin) return refuse(socket, 403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
    if (!offered.includes(BRIDGE_PROTOCOL) || !sameToken(Buffer.from(presented), tokenBytes)) {
      return refuse(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket) {
    log.info('bridge.connected', { clients: wss.clients.size });
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = options.host.subscribe((name, payload) => send({ type: 'event', name, payload }));
    ws.on('message', (data, isBinary) => {
      void handleFrame(isBinary ? null : rawText(data)).then(send, (error: unknown) => {
        log.error('bridge.frame_failed', errorFields(error));
      });
    });
    ws.on('close', () => {
      unsubscribe();
      log.info('bridge.disconnected', { clients: wss.clients.size });
    });
    ws.on('error', (error) => log.warn('bridge.socket_error', errorFields(error)));
  }

  /** Every frame gets an answer; a frame we cannot even read is answered with id null. */
  async function handleFrame(text: string | null): Promise<ServerFrame> {
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) {
      return { type: 'response', id: null, result: err('bad_request', 'Not a bridge request frame') };
    }
    return { type: 'response', id: frame.data.id, result: await options.host.dispatch(frame.data.name, frame.data.input) };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`]);

  return {
    port,
    origin,
    token,
    url: `${origin}/#bridge=${token}`,
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

function sameToken(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
