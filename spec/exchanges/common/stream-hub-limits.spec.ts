import { TestScheduler } from 'rxjs/testing';
import type { Subscription } from 'rxjs';
import type { ExchangeProtocol } from '../../../lib/exchanges/common/exchange-protocol';
import { resolveOptions } from '../../../lib/exchanges/common/resolved-options';
import { StreamHub } from '../../../lib/exchanges/common/stream-hub';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import { FakeWebSocket } from '../../helpers/fake-web-socket';

/** A toy protocol with the optional limits: keys `group:name`, frames ignored. */
function limitedProtocol(limits: Pick<ExchangeProtocol, 'connectionsPerSecond' | 'controlMessagesPerHour'> & { maxStreams?: number }): ExchangeProtocol {
  return {
    exchange: 'okx',
    url: 'ws://toy',
    maxStreamsPerConnection: limits.maxStreams ?? 100,
    controlMessagesPerSecond: 100,
    ...(limits.connectionsPerSecond === undefined ? {} : { connectionsPerSecond: limits.connectionsPerSecond }),
    ...(limits.controlMessagesPerHour === undefined ? {} : { controlMessagesPerHour: limits.controlMessagesPerHour }),
    groupOf: (key) => key,
    subscribeMessage: (keys, id) => `sub ${id} ${keys.join(',')}`,
    unsubscribeMessage: (keys, id) => `unsub ${id} ${keys.join(',')}`,
    createSession: () => ({ onFrame: () => undefined }),
  };
}

function setup(protocol: ExchangeProtocol) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sockets: { socket: FakeWebSocket; createdAt: number }[] = [];
  const hub = new StreamHub(
    protocol,
    resolveOptions({
      scheduler,
      random: () => 1,
      pingInterval: 3_600_000,
      pingTimeout: 3_600_000,
      reconnect: { delay: 10, maxDelay: 10 },
      createWebSocket: (url: string) => {
        const socket = new FakeWebSocket(url);
        sockets.push({ socket, createdAt: scheduler.now() });
        return socket;
      },
    } as never),
  );
  const events: ExchangeEvent[] = [];
  hub.events$.subscribe((e) => events.push(e));
  const subscriptions: Subscription[] = [];
  const open = (key: string): void => {
    subscriptions.push(hub.stream(key, () => ({ data: () => undefined, status: () => undefined, reject: () => undefined })).subscribe());
  };
  const run = (script: (at: (frame: number, fn: () => void) => void) => void, end: number): void =>
    scheduler.run(() => {
      script((frame, fn) => scheduler.schedule(fn, frame));
      scheduler.schedule(() => subscriptions.forEach((s) => s.unsubscribe()), end);
    });
  return { scheduler, sockets, events, open, run };
}

describe('StreamHub limits', () => {
  it('connectionsPerSecond: sockets of one client open (and reopen) no faster than allowed, the rest wait', () => {
    const t = setup(limitedProtocol({ connectionsPerSecond: 3, maxStreams: 1 }));
    t.run((at) => {
      at(0, () => {
        for (let i = 0; i < 7; i++) t.open(`k:${i}`); // 7 sockets wanted at once
      });
      at(5000, () => {
        for (const { socket } of t.sockets.slice()) socket.serverOpen();
      });
      // every socket drops at once: the reconnects are gated too
      at(6000, () => {
        for (const { socket } of t.sockets.slice()) socket.serverClose(1006, 'gone');
      });
    }, 20_000);
    const first = t.sockets.slice(0, 7).map((s) => s.createdAt);
    expect(first).toEqual([0, 0, 0, 1100, 1100, 1100, 2200]);
    const again = t.sockets.slice(7).map((s) => s.createdAt);
    expect(again).toHaveLength(7);
    for (let i = 3; i < again.length; i++) expect(again[i]! - again[i - 3]!).toBeGreaterThanOrEqual(1100);
    // 'connecting' is raised when the attempt really starts
    expect(t.events.filter((e) => e.type === 'connecting')).toHaveLength(14);
  });

  it('controlMessagesPerHour: past the hourly budget of a connection, (un)subscribe messages wait for the hour window', () => {
    const t = setup(limitedProtocol({ controlMessagesPerHour: 4 }));
    t.run((at) => {
      at(0, () => t.open('a:0'));
      at(1, () => t.sockets[0]!.socket.serverOpen());
      for (let i = 1; i < 6; i++) at(10 * i + 10, () => t.open(`a:${i}`));
    }, 2 * 3_600_000);
    const socket = t.sockets[0]!.socket;
    const subscribes = socket.sent.filter((text) => text.startsWith('sub'));
    expect(subscribes).toEqual(['sub 1 a:0', 'sub 2 a:1', 'sub 3 a:2', 'sub 4 a:3', 'sub 5 a:4', 'sub 6 a:5']);
    const times = t.events.filter((e) => e.type === 'subscribe').map((e) => e.timestamp);
    expect(times.slice(0, 4).every((at) => at < 100)).toBe(true);
    // the 5th and 6th had to wait until the 1st and 2nd left the hour (+1 s margin)
    expect(times[4]!).toBeGreaterThanOrEqual(3_601_000);
    expect(times[5]!).toBeGreaterThanOrEqual(3_601_000);
  });
});
