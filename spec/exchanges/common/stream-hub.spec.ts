import { TestScheduler } from 'rxjs/testing';
import type { Subscription } from 'rxjs';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { ExchangeProtocol } from '../../../lib/exchanges/common/exchange-protocol';
import { resolveOptions } from '../../../lib/exchanges/common/resolved-options';
import { StreamHub } from '../../../lib/exchanges/common/stream-hub';
import type { StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import { FakeWebSocket } from '../../helpers/fake-web-socket';

/** A toy protocol: frames are `key|payload`; `!id|message` rejects request `id`; `gap` is a connection-wide gap. */
function toyProtocol(maxStreams = 3, perSecond = 2): ExchangeProtocol {
  return {
    exchange: 'binance',
    url: 'ws://toy',
    maxStreamsPerConnection: maxStreams,
    controlMessagesPerSecond: perSecond,
    groupOf: (key) => key.split(':')[0]!,
    subscribeMessage: (keys, id) => `sub ${id} ${keys.join(',')}`,
    unsubscribeMessage: (keys, id) => `unsub ${id} ${keys.join(',')}`,
    createSession: () => ({
      onFrame(text, _receivedAt, sink) {
        if (text === 'gap') return sink.gap('sequence gap');
        if (text === 'move') return sink.reconnect?.('server going away');
        if (text.startsWith('!')) return sink.rejected(Number(text.slice(1, text.indexOf('|'))), undefined, text.slice(text.indexOf('|') + 1));
        const [key, payload] = text.split('|');
        if (payload === 'bad') return sink.invalid('bad payload', text, key);
        sink.data(key!, payload);
      },
    }),
  };
}

function setup(protocol = toyProtocol(), keepalive = { pingInterval: 60_000, pingTimeout: 60_000 }) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sockets: FakeWebSocket[] = [];
  const hub = new StreamHub(
    protocol,
    resolveOptions({
      scheduler,
      random: () => 1,
      ...keepalive,
      reconnect: { delay: 100, maxDelay: 1000 },
      createWebSocket: (url: string) => {
        const socket = new FakeWebSocket(url);
        sockets.push(socket);
        return socket;
      },
    } as never),
  );
  const events: ExchangeEvent[] = [];
  hub.events$.subscribe((e) => events.push(e));
  const received: Record<string, unknown[]> = {};
  const statuses: Record<string, StreamStatus[]> = {};
  const errors: Record<string, Error> = {};
  const subscriptions: Subscription[] = [];
  /** Runs `script` on virtual time; everything still subscribed is unsubscribed at frame `end`. */
  const run = (script: (at: (frame: number, fn: () => void) => void) => void, end = 5000): void =>
    scheduler.run(() => {
      script((frame, fn) => scheduler.schedule(fn, frame));
      scheduler.schedule(() => subscriptions.forEach((s) => s.unsubscribe()), end);
    });
  const open = (key: string, fresh = false): Subscription => {
    const subscription = hub
      .stream<unknown>(
        key,
        (subscriber) => ({
          data: (payload) => subscriber.next(payload),
          status: (status) => (statuses[key] ??= []).push(status),
          reject: (error) => subscriber.error(error),
        }),
        { fresh },
      )
      .subscribe({ next: (v) => (received[key] ??= []).push(v), error: (e: Error) => (errors[key] = e) });
    subscriptions.push(subscription);
    return subscription;
  };
  return { scheduler, sockets, hub, events, received, statuses, errors, open, run };
}

describe('StreamHub', () => {
  it('is cold: nothing connects until a stream is subscribed', () => {
    const t = setup();
    t.hub.stream('a:1', () => ({ data: () => undefined, status: () => undefined, reject: () => undefined }));
    expect(t.sockets).toHaveLength(0);
  });

  it('subscribes every stream as the socket opens, not a turn of the event loop later', () => {
    const t = setup();
    let sentOnOpen: string[] = [];
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('a:2');
      });
      at(1, () => {
        t.sockets[0]!.serverOpen();
        sentOnOpen = [...t.sockets[0]!.sent];
      });
    });
    expect(sentOnOpen).toEqual(['sub 1 a:1,a:2']);
  });

  it('multiplexes streams on one socket, batching same-tick subscriptions per group, and routes frames by key', () => {
    const t = setup();
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('a:2');
        t.open('b:1');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(2, () => {
        t.sockets[0]!.serverMessage('a:2|hello');
        t.sockets[0]!.serverMessage('zzz|ignored');
      });
    });
    expect(t.sockets).toHaveLength(1);
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a:1,a:2', 'sub 2 b:1']);
    expect(t.received).toEqual({ 'a:2': ['hello'] });
  });

  it('never sends more control messages than allowed per second', () => {
    const t = setup(toyProtocol(100, 2));
    const sentAt: number[] = [];
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(1, () => {
        const socket = t.sockets[0]!;
        const original = socket.send.bind(socket);
        socket.send = (text: string) => {
          sentAt.push(t.scheduler.now());
          original(text);
        };
        socket.serverOpen();
      });
      for (let i = 0; i < 5; i++) at(10 + 10 * i, () => t.open(`g${i}:x`));
    });
    // 6 messages at 2/s: any 3 consecutive sends span at least one second
    expect(sentAt).toHaveLength(6);
    for (let i = 2; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 2]!).toBeGreaterThanOrEqual(1000);
  });

  it('keeps pings and pongs inside the control budget when the exchange counts them (one budget for every frame)', () => {
    const t = setup({ ...toyProtocol(100, 2), keepaliveCountsAsControl: true }, { pingInterval: 300, pingTimeout: 1500 });
    const frames: { at: number; kind: string }[] = [];
    t.run((at) => {
      at(0, () => t.open('a:1'));
      at(1, () => {
        const socket = t.sockets[0]!;
        const record = (kind: string) => frames.push({ at: t.scheduler.now(), kind });
        const [send, ping, pong] = [socket.send.bind(socket), socket.ping.bind(socket), socket.pong.bind(socket)];
        socket.send = (text: string) => (record('message'), send(text));
        socket.ping = () => (record('ping'), ping());
        socket.pong = (payload?: Buffer) => (record('pong'), pong(payload));
        socket.serverOpen();
      });
      // a control message wanted every 100 ms, server pings every 700 ms, answers to our pings
      for (let i = 0; i < 40; i++) at(10 + 100 * i, () => t.open(`g${i}:x`));
      for (let f = 350; f < 4000; f += 700) at(f, () => t.sockets[0]!.serverPing());
      for (let f = 50; f < 4000; f += 50) at(f, () => t.sockets[0]!.serverPong());
    }, 4000);
    const kinds = new Set(frames.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['message', 'ping', 'pong'])); // all three kinds were sent
    // 2 frames per second whatever their kind: any 3 consecutive frames span at least one second
    for (let i = 2; i < frames.length; i++) expect(frames[i]!.at - frames[i - 2]!.at).toBeGreaterThanOrEqual(1000);
    expect(t.events.filter((e) => e.type === 'error')).toEqual([]); // no ping timeout while waiting for a slot
  });

  it('unsubscribes a stream on the live socket, and closes the socket with the last one (no timers left)', () => {
    const t = setup();
    t.run((at) => {
      let a: Subscription, b: Subscription;
      at(0, () => {
        a = t.open('a:1');
        b = t.open('a:2');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => a.unsubscribe());
      at(10, () => {
        expect(t.sockets[0]!.sent.at(-1)).toBe('unsub 2 a:1');
        b.unsubscribe();
      });
    });
    expect(t.sockets[0]!.closedWith).toBe(1000);
    expect(t.hub.connectionCount).toBe(0);
    expect(t.events.map((e) => e.type)).toEqual(['connecting', 'open', 'subscribe', 'unsubscribe', 'close']);
  });

  it('opens a further socket past the per-connection stream limit', () => {
    const t = setup(toyProtocol(2));
    t.run((at) =>
      at(0, () => {
        t.open('a:1');
        t.open('a:2');
        t.open('a:3');
        expect(t.hub.connectionCount).toBe(2);
      }),
    );
    expect(t.sockets).toHaveLength(2);
  });

  it('reconnects with backoff after a drop and resubscribes every stream, telling each listener', () => {
    const t = setup();
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('b:1');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(10, () => t.sockets[0]!.serverClose(1006, 'abnormal'));
      at(150, () => t.sockets[1]!.serverOpen());
    });
    expect(t.sockets).toHaveLength(2);
    expect(t.sockets[1]!.sent).toEqual(['sub 3 a:1', 'sub 4 b:1']);
    expect(t.statuses['a:1']).toEqual(['connected', 'disconnected', 'connected']);
    expect(t.events.find((e) => e.type === 'reconnect')).toEqual(expect.objectContaining({ attempt: 1, delay: 100, timestamp: 10 }));
    expect(t.events.filter((e) => e.type === 'close')).toEqual([
      expect.objectContaining({ code: 1006, reason: 'abnormal' }),
      expect.objectContaining({ code: 1000 }),
    ]);
  });

  it('moves to a new socket at once when the exchange announces a shutdown (no backoff), resubscribing every stream', () => {
    const t = setup();
    const opened: number[] = [];
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('b:1');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(50, () => t.sockets[0]!.serverMessage('move'));
      at(60, () => {
        opened.push(t.sockets.length);
        t.sockets[1]!.serverOpen();
      });
      at(70, () => t.sockets[1]!.serverMessage('a:1|after'));
    });
    expect(opened).toEqual([2]); // the new socket was created right away, not after the backoff (100 ms)
    expect(t.sockets[0]!.closedWith).toBe(1000); // the old one left normally, by the client
    expect(t.sockets[1]!.sent).toEqual(['sub 3 a:1', 'sub 4 b:1']); // request ids go on per connection
    expect(t.statuses['a:1']).toEqual(['connected', 'disconnected', 'connected']);
    expect(t.received['a:1']).toEqual(['after']);
    expect(t.events.filter((e) => e.type === 'close' || e.type === 'reconnect')).toEqual([
      expect.objectContaining({ type: 'close', code: 1000, reason: 'server going away' }),
      expect.objectContaining({ type: 'reconnect', attempt: 1, delay: 0 }),
      expect.objectContaining({ type: 'close', code: 1000, reason: 'client closed: no streams left' }), // the end of the test
    ]);
  });

  it('errors only the streams of a rejected request; others carry on', () => {
    const t = setup();
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('b:1');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(2, () => {
        t.sockets[0]!.serverMessage('!2|unknown symbol');
        t.sockets[0]!.serverMessage('a:1|still here');
      });
    });
    expect(t.errors['b:1']?.message).toMatch(/refused b:1: unknown symbol/);
    expect(t.errors['a:1']).toBeUndefined();
    expect(t.received['a:1']).toEqual(['still here']);
  });

  it('tells the session each control message sent, and resubscribes the keys a session asks for that streams still want', () => {
    const seen: string[] = [];
    const queued: (readonly string[])[] = [];
    const toy = toyProtocol(100, 100);
    const t = setup({
      ...toy,
      createSession: () => ({
        onControlSent: (request) => seen.push(`${request.id} ${request.subscribe ? 'sub' : 'unsub'} ${request.keys.join(',')}`),
        onFrame(text, _receivedAt, sink) {
          if (text.startsWith('retry|')) queued.push(sink.resubscribe!(text.slice(6).split(',')));
        },
      }),
    });
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('a:2');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(2, () => t.sockets[0]!.serverMessage('retry|a:2,zz:9'));
    });
    expect(queued).toEqual([['a:2']]); // zz:9: no stream wants it
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a:1,a:2', 'unsub 2 a:2', 'sub 3 a:2']);
    expect(seen).toEqual(['1 sub a:1,a:2', '2 unsub a:2', '3 sub a:2']);
  });

  it('lets a session send its opening messages on every socket before the subscriptions, and answer frames at once (counted against the control budget)', () => {
    const toy = toyProtocol(100, 1);
    const t = setup({
      ...toy,
      createSession: () => ({
        onOpen: (sink) => sink.send!('hello'),
        onFrame(text, _receivedAt, sink) {
          if (text === 'test?') sink.send!('test!');
        },
      }),
    });
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('b:1'); // a second group: its subscribe waits for the 1-per-second budget
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(2, () => t.sockets[0]!.serverMessage('test?'));
      at(3, () => t.sockets[0]!.serverClose(1006));
      at(700, () => t.sockets[1]!.serverOpen());
    });
    // the answer goes out at once, never queued; frames the session sends count against the budget
    // (exchanges such as Deribit and Binance count every request), so the subscribe waits its slot
    expect(t.sockets[0]!.sent).toEqual(['hello', 'test!']);
    expect(t.sockets[1]!.sent[0]).toBe('hello'); // every new socket starts with it
  });

  it('turns invalid frames into decode error events and tells the stream; gaps reach every stream', () => {
    const t = setup();
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('b:1');
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(2, () => {
        t.sockets[0]!.serverMessage('a:1|bad');
        t.sockets[0]!.serverMessage('gap');
      });
    });
    expect(t.events).toContainEqual(expect.objectContaining({ type: 'error', kind: 'decode', frame: 'a:1|bad' }));
    expect(t.statuses['a:1']).toEqual(['connected', 'invalid', 'gap']);
    expect(t.statuses['b:1']).toEqual(['connected', 'gap']);
  });

  it('routes each stream to the socket of its URL when the protocol has urlOf (one socket per URL, events name it)', () => {
    const routed: ExchangeProtocol = { ...toyProtocol(2), urlOf: (key) => (key.startsWith('a:') ? 'ws://toy/public' : 'ws://toy/market') };
    const t = setup(routed);
    t.run((at) => {
      at(0, () => {
        t.open('a:1');
        t.open('b:1');
        t.open('a:2');
        t.open('a:3'); // past 2 streams: a second /public socket
      });
      at(1, () => t.sockets.forEach((socket) => socket.serverOpen()));
      at(2, () => {
        t.sockets[0]!.serverMessage('a:1|one');
        t.sockets[1]!.serverMessage('b:1|two');
      });
    });
    expect(t.sockets.map((s) => s.url)).toEqual(['ws://toy/public', 'ws://toy/market', 'ws://toy/public']);
    expect(t.sockets.map((s) => s.sent)).toEqual([['sub 1 a:1,a:2'], ['sub 1 b:1'], ['sub 1 a:3']]);
    expect(t.received).toEqual({ 'a:1': ['one'], 'b:1': ['two'] });
    expect(t.events.filter((e) => e.type === 'open').map((e) => (e as { url: string }).url)).toEqual(['ws://toy/public', 'ws://toy/market', 'ws://toy/public']);
  });

  it('a fresh subscriber joining an active stream resubscribes it', () => {
    const t = setup();
    t.run((at) => {
      at(0, () => t.open('a:1', true));
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => t.open('a:1', true));
    });
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a:1', 'unsub 2 a:1', 'sub 3 a:1']);
  });

  it('a fresh stream left and joined again within one tick is still resubscribed (a new snapshot)', () => {
    const t = setup();
    t.run((at) => {
      let book: Subscription;
      at(0, () => {
        t.open('b:1');
        book = t.open('a:1', true);
      });
      at(1, () => t.sockets[0]!.serverOpen());
      at(5, () => {
        book.unsubscribe();
        t.open('a:1', true);
      });
    });
    // (the toy protocol allows 2 messages/s, so these two wait for the rate window)
    expect(t.sockets[0]!.sent.slice(-2)).toEqual(['unsub 3 a:1', 'sub 4 a:1']);
  });

  it('routes keys to the URL the protocol names (urlOf): one socket per endpoint, each told its URL', () => {
    const sessionUrls: (string | undefined)[] = [];
    const base = toyProtocol();
    const t = setup({
      ...base,
      urlOf: (key) => (key.startsWith('s') ? 'ws://toy/spot' : 'ws://toy/linear'),
      createSession: (url) => {
        sessionUrls.push(url);
        return base.createSession(url);
      },
    });
    t.run((at) => {
      at(0, () => {
        t.open('s:1');
        t.open('l:1');
        t.open('s:2');
      });
      at(1, () => t.sockets.forEach((socket) => socket.serverOpen()));
      at(2, () => {
        t.sockets[0]!.serverMessage('s:2|spot');
        t.sockets[1]!.serverMessage('l:1|linear');
      });
    });
    expect(t.sockets.map((socket) => socket.url)).toEqual(['ws://toy/spot', 'ws://toy/linear']);
    expect(t.sockets[0]!.sent).toEqual(['sub 1 s:1,s:2']);
    expect(t.sockets[1]!.sent).toEqual(['sub 1 l:1']);
    expect(sessionUrls).toEqual(['ws://toy/spot', 'ws://toy/linear']);
    expect(t.received).toEqual({ 's:2': ['spot'], 'l:1': ['linear'] });
    expect(t.events.filter((e) => e.type === 'open').map((e) => (e as { url: string }).url)).toEqual(['ws://toy/spot', 'ws://toy/linear']);
  });

  it('splits a group into messages of at most maxKeysPerMessage keys', () => {
    const t = setup({ ...toyProtocol(100, 100), maxKeysPerMessage: 2 });
    t.run((at) => {
      at(0, () => ['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'b:1'].forEach((key) => t.open(key)));
      at(1, () => t.sockets[0]!.serverOpen());
    });
    expect(t.sockets[0]!.sent).toEqual(['sub 1 a:1,a:2', 'sub 2 a:3,a:4', 'sub 3 a:5', 'sub 4 b:1']);
  });
});
