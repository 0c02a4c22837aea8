import { describe, expect, it } from 'vitest';
import { bridgeRequests, type EventName, type RequestName } from '../../core/contract/bridge';
import { IPC_EVENT, IPC_INVOKE } from '../../core/contract/preload-api';
import { createExposedBridge, type IpcChannel } from './exposed-bridge';

/**
 * Electron's ipcRenderer cannot exist outside Electron, so this stands in for it: it records
 * invocations, answers them like main.ts would, and delivers events the way Electron does
 * (an event object first, then the arguments).
 */
function fakeIpc(answer: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'pong' })) {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcChannel = {
    invoke(channel, ...args) {
      invoked.push({ channel, args });
      return answer(channel, args);
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const senderEvent = { sender: { send: () => 'ipcRenderer itself' }, ports: [] };
  return {
    ipc,
    invoked,
    listenerCount: () => listeners.get(IPC_EVENT)?.size ?? 0,
    push: (name: string, payload: unknown) => {
      for (const listener of [...(listeners.get(IPC_EVENT) ?? [])]) listener(senderEvent, name, payload);
    },
  };
}

describe('invoke', () => {
  it('forwards a contract request on the invoke channel and returns the host answer', async () => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    await expect(bridge.invoke('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fake.invoked).toEqual([{ channel: IPC_INVOKE, args: ['app.info', {}] }]);
  });

  it.each(['shell.exec', 'fs.readFile', '__proto__', 'constructor', 'toString', '', 42, null])('refuses %j without touching IPC', async (name) => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const result = await bridge.invoke(name as RequestName, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    expect(fake.invoked).toEqual([]);
  });

  it('turns an input IPC cannot clone into a bad_request result instead of a rejection', async () => {
    const fake = fakeIpc(() => Promise.reject(new Error('An object could not be cloned.')));
    const bridge = createExposedBridge(fake.ipc);
    await expect(bridge.invoke('help.request', { screen: () => 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('turns a missing host into an unavailable result instead of a rejection', async () => {
    const fake = fakeIpc(() => Promise.reject(new Error("No handler registered for 'tuntun:invoke'")));
    const bridge = createExposedBridge(fake.ipc);
    await expect(bridge.invoke('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('on', () => {
  it('delivers only the payload of the subscribed event, never the IPC event object', () => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const received: unknown[][] = [];
    bridge.on('help.requested', (...args: unknown[]) => received.push(args));
    fake.push('config.changed', { loadedAt: 'x' });
    fake.push('help.requested', { at: 't', screen: 'home' });
    expect(received).toEqual([[{ at: 't', screen: 'home' }]]);
  });

  it('ignores events the contract does not name', () => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const received: unknown[] = [];
    bridge.on('help.requested', (payload) => received.push(payload));
    fake.push('help.requested.evil', {});
    fake.push('__proto__', {});
    expect(received).toEqual([]);
  });

  it.each(['shell.opened', 'ipc.raw', '__proto__', ''])('refuses to subscribe to %j and returns a harmless unsubscribe', (name) => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const unsubscribe = bridge.on(name as EventName, () => undefined);
    expect(fake.listenerCount()).toBe(0);
    expect(() => unsubscribe()).not.toThrow();
  });

  it('unsubscribes exactly the one subscription, even when the same listener was added twice', () => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const calls: string[] = [];
    const shared = () => calls.push('shared');
    const other = () => calls.push('other');
    const first = bridge.on('config.changed', shared);
    bridge.on('config.changed', shared);
    bridge.on('config.changed', other);

    first();
    first(); // a second call changes nothing
    fake.push('config.changed', { loadedAt: 'x' });
    expect(calls.sort()).toEqual(['other', 'shared']);
  });

  it('holds one IPC listener while anyone listens and none after the last unsubscribe', () => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const offs = [bridge.on('config.changed', () => undefined), bridge.on('help.requested', () => undefined), bridge.on('help.requested', () => undefined)];
    expect(fake.listenerCount()).toBe(1);
    for (const off of offs) off();
    expect(fake.listenerCount()).toBe(0);
    bridge.on('config.changed', () => undefined);
    expect(fake.listenerCount()).toBe(1);
  });

  it('keeps delivering to the other listeners when one throws, and reports it to the host log', () => {
    const fake = fakeIpc();
    const bridge = createExposedBridge(fake.ipc);
    const received: unknown[] = [];
    bridge.on('config.changed', () => {
      throw new Error('screen bug');
    });
    bridge.on('config.changed', (payload) => received.push(payload));
    fake.push('config.changed', { loadedAt: 'x' });
    expect(received).toEqual([{ loadedAt: 'x' }]);
    expect(fake.invoked).toEqual([
      { channel: IPC_INVOKE, args: ['log.report', { level: 'error', event: 'bridge.listener_failed', detail: { eventName: 'config.changed' } }] },
    ]);
    expect(bridgeRequests['log.report'].input.safeParse(fake.invoked[0]?.args[1]).success).toBe(true);
  });
});
