import { describe, expect, it } from 'vitest';
import type { RequestName } from '../../../core/contract/bridge';
import { createMemoryHost } from '../store/memory-host.fixture';
import { bridgeOverPort, serveBridgeOnPort, SYNC_REQUESTS } from './sync-bridge';

// A real MessageChannel (Node's, the same API as the browser's) between "page" and "worker".
function connect() {
  const host = createMemoryHost();
  const channel = new MessageChannel();
  const stop = serveBridgeOnPort(host, channel.port1);
  const proxy = bridgeOverPort(channel.port2, () => 500);
  return { host, channel, proxy, stop };
}

describe('the worker reaches the host through a port, for exactly the sync requests', () => {
  it('carries an allowed request and its Result both ways', async () => {
    const { host, proxy, stop, channel } = connect();
    host.journal.set('0193d0f0-0000-7000-8000-000000000001', '{}');
    const dropped = await proxy.invoke('journal.drop', { ids: ['0193d0f0-0000-7000-8000-000000000001'] });
    expect(dropped).toEqual({ ok: true, value: { dropped: 1 } });
    const refused = await proxy.invoke('journal.drop', { ids: [] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    stop();
    channel.port2.close();
  });

  it('refuses every other request without reaching the host, on either end', async () => {
    const { host, proxy, channel, stop } = connect();
    const others: RequestName[] = ['store.key', 'journal.list', 'journal.append', 'config.current', 'help.request'];
    for (const name of others) {
      expect(await proxy.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    }
    // A worker that bypasses the proxy and posts a raw call is refused by the page's end too.
    const answer = await new Promise<unknown>((resolve) => {
      channel.port2.addEventListener('message', (event: MessageEvent<unknown>) => resolve(event.data), { once: true });
      channel.port2.postMessage({ id: 999, name: 'store.key', input: {} });
    });
    expect(answer).toMatchObject({ id: 999, result: { ok: false, error: { code: 'unknown_request' } } });
    expect(host.calls.map((c) => c.name)).toEqual([]);
    expect([...SYNC_REQUESTS].sort()).toEqual(['device.identity', 'journal.drop', 'journal.upload', 'log.report', 'secrets.sign', 'storage.status']);
    stop();
    channel.port2.close();
  });

  it('answers timeout when the page does not answer', async () => {
    const channel = new MessageChannel();
    channel.port1.start(); // nobody serves it
    const proxy = bridgeOverPort(channel.port2, () => 50);
    expect(await proxy.invoke('storage.status', {})).toMatchObject({ ok: false, error: { code: 'timeout' } });
    channel.port1.close();
    channel.port2.close();
  });
});
