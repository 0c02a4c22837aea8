import type { Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { expect, vi } from 'vitest';
import type { TestCertificate } from './test-certificate';

/**
 * Test support: a TLS server with another key, standing in for the central API. It completes
 * handshakes and counts whatever a client then sends, so a test can assert that a kiosk checking
 * its pin sent nothing (not even the enrolment token). `settled` waits until every connection it
 * took has closed, so no byte can still be on its way.
 */
export function tlsImpostor(cert: TestCertificate) {
  const seen = { connections: 0, closed: 0, bytes: 0 };
  const server: TlsServer = createTlsServer({ cert: cert.cert, key: cert.key }, (socket) => {
    socket.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length;
    });
    socket.on('error', () => undefined);
  });
  server.on('connection', (raw: Socket) => {
    seen.connections += 1;
    raw.on('close', () => {
      seen.closed += 1;
    });
  });
  server.on('tlsClientError', () => undefined);
  const settled = () => vi.waitFor(() => expect(seen.closed).toBe(seen.connections));
  return { server, seen, settled };
}
