import { TestScheduler } from 'rxjs/testing';
import type { Subscription } from 'rxjs';
import { ConnectionBudget } from '../../../lib/exchanges/common/connection-budget';
import type { ExchangeProtocol, FrameSession } from '../../../lib/exchanges/common/exchange-protocol';
import { resolveOptions } from '../../../lib/exchanges/common/resolved-options';
import { StreamHub } from '../../../lib/exchanges/common/stream-hub';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import { FakeWebSocket } from '../../helpers/fake-web-socket';

// The optional hub hooks a venue with per-socket state uses (Bitfinex): frames sent first on every
// socket, control messages built by the session, frames a session sends itself, a reconnect the
// exchange asks for, and a connection budget per minute.

function protocol(overrides: Partial<ExchangeProtocol> = {}, session: () => FrameSession = () => ({ onFrame: () => undefined })): ExchangeProtocol {
  return {
    exchange: 'bitfinex',
    url: 'ws://toy',
    maxStreamsPerConnection: 100,
    controlMessagesPerSecond: 100,
    groupOf: (key) => key,
    subscribeMessage: (keys, id) => `sub ${id} ${keys.join(',')}`,
    unsubscribeMessage: (keys, id) => `unsub ${id} ${keys.join(',')}`,
    createSession: session,
    ...overrides,
  };
}

function setup(toy: ExchangeProtocol) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sockets: FakeWebSocket[] = [];
  const hub = new StreamHub(
    toy,
    resolveOptions({
      scheduler,
      random: () => 1,
      pingInterval: 600_000,
      pingTimeout: 600_000,
      reconnect: { delay: 100, maxDelay: 100 },
      createWebSocket: (url: string) => {
        const socket = new FakeWebSocket(url);
        sockets.push(socket);
        return socket;
      },
    } as never),
  );
  const events: ExchangeEvent[] = [];
  hub.events$.subscribe((e) => events.push(e));
  const subscriptions: Subscription[] = [];
  const statuses: string[] = [];
  const run = (script: (at: (frame: number, fn: () => void) => void) => void, end = 500_000): void =>
    scheduler.run(() => {
      script((frame, fn) => scheduler.schedule(fn, frame));
      scheduler.schedule(() => subscriptions.forEach((s) => s.unsubscribe()), end);
    });
  const open = (key: string): Subscription => {
    const subscription = hub.stream<unknown>(key, () => ({ data: () => undefined, status: (s) => statuses.push(`${key} ${s}`), reject: () => undefined })).subscribe();
    subscriptions.push(subscription);
    return subscription;
  };
  return { scheduler, sockets, hub, events, statuses, open, run };
}

describe('StreamHub session hooks', () => {
  it('lets the session send its first messages on every socket (onOpen), before any subscription, reconnects included', () => {
    const session = (): FrameSession => ({ onFrame: () => undefined, onOpen: (sink) => sink.send?.('{"event":"conf","flags":196608}') });
    const t = setup(protocol({}, session));
    t.run((at) => {
      at(0, () => t.open('a'));
      at(1, () => t.sockets[0]!.serverOpen());
      at(10, () => t.sockets[0]!.serverClose(1006));
      at(200, () => t.sockets[1]!.serverOpen());
    });
    expect(t.sockets[0]!.sent).toEqual(['{"event":"conf","flags":196608}', 'sub 1 a']);
    expect(t.sockets[1]!.sent).toEqual(['{"event":"conf","flags":196608}', 'sub 2 a']);
  });

  it('lets the session build control messages (undefined: the protocol builds; empty: nothing is sent)', () => {
    const built: string[] = [];
    const session = (): FrameSession => ({
      onFrame: () => undefined,
      controlMessage: (request) => {
        built.push(`${request.id} ${request.subscribe ? 'sub' : 'unsub'} ${request.keys.join(',')}`);
        if (request.keys[0] === 'quiet') return '';
        return request.subscribe ? undefined : `{"event":"unsubscribe","chanId":${request.id * 10}}`;
      },
    });
    const t = setup(protocol({}, session));
    t.run((at) => {
      let a: Subscription, quiet: Subscription;
      at(0, () => {
        a = t.open('a');
        quiet = t.open('quiet');
        t.open('b');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => {
        a.unsubscribe();
        quiet.unsubscribe();
      });
    });
    expect(built).toEqual(['1 sub a', '2 sub quiet', '3 sub b', '4 unsub a', '5 unsub quiet']);
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a', 'sub 3 b', '{"event":"unsubscribe","chanId":40}']);
  });

  it('lets a session send a frame itself on its socket', () => {
    const session = (): FrameSession => ({ onFrame: (text, _at, sink) => text === 'answer me' && sink.send!('{"event":"unsubscribe","chanId":7}') });
    const t = setup(protocol({}, session));
    t.run((at) => {
      at(0, () => t.open('a'));
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => t.sockets[0]!.serverMessage('answer me'));
    });
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a', '{"event":"unsubscribe","chanId":7}']);
  });

  it('drops the socket and reconnects when the session says the exchange asked for it, resubscribing every stream', () => {
    const session = (): FrameSession => ({ onFrame: (text, _at, sink) => text === 'restart' && sink.reconnect!('info 20051') });
    const t = setup(protocol({}, session));
    t.run((at) => {
      at(0, () => {
        t.open('a');
        t.open('b');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => t.sockets[0]!.serverMessage('restart'));
      at(200, () => t.sockets[1]!.serverOpen());
    });
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[0]!.closedWith).toBe(1000); // closed by the client
    expect(t.sockets[1]!.sent).toEqual(['sub 3 a', 'sub 4 b']);
    // the same move as Binance's serverShutdown: a normal close, and a new socket at once (no backoff)
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'close', code: 1000, reason: 'info 20051', timestamp: 5 }));
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'reconnect', attempt: 1, delay: 0, timestamp: 5 }));
    expect(t.statuses).toEqual(['a connected', 'b connected', 'a disconnected', 'b disconnected', 'a connected', 'b connected']);
  });

  it('still reconnects after a normal server close (1000) while a session could ask for a reconnect', () => {
    const session = (): FrameSession => ({ onFrame: (text, _at, sink) => text === 'restart' && sink.reconnect!('info 20051') });
    const t = setup(protocol({}, session));
    t.run((at) => {
      at(0, () => t.open('a'));
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => t.sockets[0]!.serverClose(1000, 'bye'));
      at(200, () => t.sockets[1]!.serverOpen());
      at(300, () => t.sockets[1]!.serverMessage('restart'));
      at(500, () => t.sockets[2]!.serverOpen());
    });
    expect(t.sockets).toHaveLength(3);
    expect(t.sockets[2]!.sent).toEqual(['sub 3 a']);
    expect(t.events.filter((e) => e.type === 'reconnect')).toHaveLength(2);
  });

  it('opens no more sockets per minute than the protocol allows: a reconnect storm waits for the window', () => {
    const t = setup(protocol({ connectionsPerMinute: 2 }));
    const connectingAt: number[] = [];
    t.run((at) => {
      at(0, () => t.open('a'));
      for (let i = 0; i < 4; i++) {
        // each socket opens, then drops at once: reconnect after 100 ms, unless the budget says later
        at(1 + i * 1000, () => {
          const socket = t.sockets[i];
          if (!socket) return;
          socket.serverOpen();
          socket.serverClose(1006);
        });
      }
      at(61_000, () => t.sockets[2]!.serverOpen());
    }, 200_000);
    for (const event of t.events) if (event.type === 'connecting') connectingAt.push(event.timestamp);
    // two openings in the first minute; the third waits until 60 s after the first
    expect(connectingAt.slice(0, 3)).toEqual([0, 101, 60_000]);
  });
});

describe('ConnectionBudget', () => {
  it('books at most perMinute openings in any sliding minute, spreading a burst', () => {
    const budget = new ConnectionBudget({ perMinute: 3 });
    expect([0, 0, 0, 0, 0, 0, 0].map(() => budget.reserve(1_000))).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
    const later = new ConnectionBudget({ perMinute: 2 });
    expect(later.reserve(0)).toBe(0);
    expect(later.reserve(30_000)).toBe(0);
    expect(later.reserve(40_000)).toBe(20_000); // 60 s after the first
    expect(later.reserve(100_000)).toBe(0); // 0 and 30 s have left the window; 60 s is the only one inside
    expect(() => new ConnectionBudget({ perMinute: 0 })).toThrow(RangeError);
  });

  it('with a per-second limit too: the stricter window decides', () => {
    const budget = new ConnectionBudget({ perSecond: 2, perMinute: 3 });
    expect([0, 0, 0, 0].map(() => budget.reserve(0))).toEqual([0, 0, 1_100, 60_000]);
    const perSecond = new ConnectionBudget({ perSecond: 3 });
    expect([0, 0, 0, 0, 0, 0, 0].map(() => perSecond.reserve(500))).toEqual([0, 0, 0, 1_100, 1_100, 1_100, 2_200]);
  });
});
