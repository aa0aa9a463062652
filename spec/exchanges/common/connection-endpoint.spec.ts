import { defer, Observable, of, type Subscription, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ConnectionEndpoint, ExchangeProtocol } from '../../../lib/exchanges/common/exchange-protocol';
import { resolveOptions } from '../../../lib/exchanges/common/resolved-options';
import { StreamHub } from '../../../lib/exchanges/common/stream-hub';
import type { StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import { FakeWebSocket } from '../../helpers/fake-web-socket';

/**
 * A toy protocol whose sockets need an endpoint resolved per attempt (`resolveEndpoint`) and a
 * greeting (`welcome`) before they are usable; frames are `key|payload`.
 */
function greetedProtocol(resolveEndpoint?: () => Observable<ConnectionEndpoint>, awaitsReady = true): ExchangeProtocol {
  return {
    exchange: 'kucoin',
    url: 'ws://toy',
    maxStreamsPerConnection: 10,
    controlMessagesPerSecond: 10,
    ...(resolveEndpoint ? { resolveEndpoint } : {}),
    awaitsReady,
    groupOf: () => 'all',
    subscribeMessage: (keys, id) => `sub ${id} ${keys.join(',')}`,
    unsubscribeMessage: (keys, id) => `unsub ${id} ${keys.join(',')}`,
    createSession: () => ({
      onFrame(text, _receivedAt, sink) {
        if (text === 'welcome') return sink.ready?.();
        const [key, payload] = text.split('|');
        sink.data(key!, payload);
      },
    }),
  };
}

function setup(protocol: ExchangeProtocol) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sockets: FakeWebSocket[] = [];
  const hub = new StreamHub(
    protocol,
    resolveOptions({
      scheduler,
      random: () => 1,
      pingInterval: 60_000,
      pingTimeout: 500,
      reconnect: { delay: 100, maxDelay: 10_000 },
      createWebSocket: (url: string) => {
        const socket = new FakeWebSocket(url);
        sockets.push(socket);
        return socket;
      },
    } as never),
  );
  const events: ExchangeEvent[] = [];
  hub.events$.subscribe((e) => events.push(e));
  const received: unknown[] = [];
  const statuses: StreamStatus[] = [];
  const subscriptions: Subscription[] = [];
  const run = (script: (at: (frame: number, fn: () => void) => void) => void, end = 20_000): void =>
    scheduler.run(() => {
      script((frame, fn) => scheduler.schedule(fn, frame));
      scheduler.schedule(() => subscriptions.forEach((s) => s.unsubscribe()), end);
    });
  const open = (key: string): void => {
    subscriptions.push(
      hub
        .stream<unknown>(key, (subscriber) => ({ data: (payload) => subscriber.next(payload), status: (status) => statuses.push(status), reject: (error) => subscriber.error(error) }))
        .subscribe((value) => received.push(value)),
    );
  };
  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => events.filter((e): e is Extract<ExchangeEvent, { type: T }> => e.type === type);
  return { scheduler, sockets, events, received, statuses, open, run, eventsOf };
}

describe('Connection: an endpoint resolved per attempt (resolveEndpoint)', () => {
  it('resolves the endpoint before the first connection and again before every reconnect, and connects to what it gave', () => {
    let calls = 0;
    const t = setup(greetedProtocol(() => defer(() => of({ url: `ws://toy/?token=t${++calls}` })), false));
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(10, () => t.sockets[0]!.serverOpen());
      at(20, () => t.sockets[0]!.serverClose(1006, 'gone'));
      at(130, () => t.sockets[1]!.serverOpen()); // the reconnect waits 100 ms
      at(140, () => t.sockets[1]!.serverMessage('a:1|x'));
    });
    expect(calls).toBe(2);
    expect(t.sockets.map((s) => s.url)).toEqual(['ws://toy/?token=t1', 'ws://toy/?token=t2']);
    expect(t.eventsOf('connecting').map((e) => e.url)).toEqual(['ws://toy/?token=t1', 'ws://toy/?token=t2']);
    expect(t.eventsOf('open').map((e) => e.url)).toEqual(['ws://toy/?token=t1', 'ws://toy/?token=t2']);
    expect(t.sockets[1]!.sent).toEqual(['sub 2 a:1']); // request ids go on across sockets
    expect(t.received).toEqual(['x']);
  });

  it('a failed resolution is a transport error, retried with the reconnect backoff; no socket is opened for it', () => {
    let calls = 0;
    const t = setup(greetedProtocol(() => defer(() => (++calls < 3 ? throwError(() => new Error(`bullet-public: HTTP 500 (${calls})`)) : of({ url: 'ws://toy/ok' }))), false));
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(310, () => t.sockets[0]?.serverOpen()); // resolved at 300 (after waits of 100 and 200 ms)
    });
    expect(calls).toBe(3);
    expect(t.sockets.map((s) => s.url)).toEqual(['ws://toy/ok']);
    expect(t.eventsOf('error').map((e) => [e.kind, e.message])).toEqual([
      ['transport', 'Error: bullet-public: HTTP 500 (1)'],
      ['transport', 'Error: bullet-public: HTTP 500 (2)'],
    ]);
    expect(t.eventsOf('reconnect').map((e) => e.attempt)).toEqual([1, 2]);
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a:1']);
  });

  it('pings at the shorter of the client pingInterval and the endpoint pingInterval', () => {
    const t = setup(greetedProtocol(() => of({ url: 'ws://toy/', pingInterval: 1000 }), false));
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(1, () => t.sockets[0]!.serverOpen());
      for (let i = 1; i <= 5; i++) at(1 + i * 1000 + 5, () => t.sockets[0]!.serverPong());
    }, 5500);
    expect(t.sockets[0]!.pings).toBe(5);
  });
});

describe('Connection: a socket usable only once greeted (awaitsReady + sink.ready)', () => {
  it('subscribes nothing and tells no stream `connected` before the greeting; then subscribes every stream', () => {
    const t = setup(greetedProtocol());
    let sentBeforeGreeting: string[] = [];
    let statusesBeforeGreeting: StreamStatus[] = [];
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(10, () => t.sockets[0]!.serverOpen());
      at(20, () => t.open('a:2')); // joins while the socket waits for its greeting
      at(100, () => {
        sentBeforeGreeting = [...t.sockets[0]!.sent];
        statusesBeforeGreeting = [...t.statuses];
        t.sockets[0]!.serverMessage('welcome');
      });
      at(110, () => t.sockets[0]!.serverMessage('a:2|y'));
    });
    expect(sentBeforeGreeting).toEqual([]);
    expect(statusesBeforeGreeting).toEqual([]);
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a:1,a:2']);
    expect(t.statuses).toEqual(['connected', 'connected']);
    expect(t.received).toEqual(['y']);
    expect(t.eventsOf('error')).toEqual([]);
  });

  it('a socket not greeted within pingTimeout is dropped (transport error) and a new one connects', () => {
    const t = setup(greetedProtocol());
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(10, () => t.sockets[0]!.serverOpen());
      at(620, () => t.sockets[1]!.serverOpen()); // dropped at 510, reconnected 100 ms later
      at(630, () => t.sockets[1]!.serverMessage('welcome'));
    });
    expect(t.eventsOf('error').map((e) => e.message)).toEqual(['kucoin: the server did not greet the socket within 500 ms']);
    expect(t.sockets[0]!.sent).toEqual([]);
    expect(t.sockets[0]!.closedWith === 1000 || t.sockets[0]!.terminated).toBe(true);
    expect(t.sockets[1]!.sent).toEqual(['sub 1 a:1']);
  });

  it('frames before the greeting do not reset the backoff: a server that refuses every socket is retried ever more slowly', () => {
    const t = setup(greetedProtocol());
    t.run((at) => {
      at(0, () => t.open('a:1'));
      // three sockets, each answered with an error frame and a normal close before any greeting
      for (const [i, when] of [[0, 10], [1, 300], [2, 800]] as const) {
        at(when, () => {
          t.sockets[i]!.serverOpen();
          t.sockets[i]!.serverMessage('a:1|token is expired');
          t.sockets[i]!.serverClose(1000, 'bye');
        });
      }
    }, 1500);
    expect(t.eventsOf('reconnect').map((e) => e.attempt)).toEqual([1, 2, 3]);
  });
});
