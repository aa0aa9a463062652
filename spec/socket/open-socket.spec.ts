import { TestScheduler } from 'rxjs/testing';
import { openSocket } from '../../lib/socket/open-socket';
import type { SocketEvent } from '../../lib/socket/socket-event';
import { TransportError } from '../../lib/socket/transport-error';
import { FakeWebSocket } from '../helpers/fake-web-socket';

function setup(pingInterval = 100, pingTimeout = 50) {
  const testScheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const sockets: FakeWebSocket[] = [];
  const events: SocketEvent[] = [];
  let error: unknown;
  let completed = false;
  const run = (script: (socket: () => FakeWebSocket, at: (frame: number, fn: () => void) => void) => void, until: number) =>
    testScheduler.run(() => {
      const subscription = openSocket({
        url: 'ws://fake',
        pingInterval,
        pingTimeout,
        maxPayload: 1024,
        scheduler: testScheduler,
        createWebSocket: (url) => {
          const socket = new FakeWebSocket(url);
          sockets.push(socket);
          return socket;
        },
      }).subscribe({ next: (e) => events.push(e), error: (e: unknown) => (error = e), complete: () => (completed = true) });
      script(
        () => sockets[0]!,
        (frame, fn) => testScheduler.schedule(fn, frame),
      );
      testScheduler.schedule(() => subscription.unsubscribe(), until);
    });
  return { run, sockets, events, getError: () => error, isCompleted: () => completed, testScheduler };
}

describe('openSocket', () => {
  it('emits open, then each text frame with the scheduler time of receipt', () => {
    const t = setup();
    t.run((socket, at) => {
      at(5, () => socket().serverOpen());
      at(7, () => socket().serverMessage('{"a":1}'));
    }, 20);
    expect(t.events.map((e) => e.type)).toEqual(['open', 'message']);
    expect(t.events[1]).toEqual({ type: 'message', data: '{"a":1}', receivedAt: 7 });
  });

  it('pings every pingInterval while frames keep arriving', () => {
    const t = setup(100, 50);
    t.run((socket, at) => {
      at(0, () => socket().serverOpen());
      for (let f = 10; f < 450; f += 10) at(f, () => socket().serverMessage('x'));
    }, 450);
    expect(t.sockets[0]!.pings).toBe(4); // at 100, 200, 300, 400
    expect(t.getError()).toBeUndefined();
  });

  it('terminates a half-open socket within pingInterval + pingTimeout of going silent', () => {
    const t = setup(100, 50);
    let failedEarly: unknown;
    t.run((socket, at) => {
      at(0, () => socket().serverOpen());
      at(101, () => socket().serverMessage('last sign of life'));
      at(249, () => (failedEarly = t.getError()));
    }, 1000);
    // silent from 101: ping at 200 unanswered → terminated at 250 (<= 101 + 100 + 50)
    expect(t.getError()).toBeInstanceOf(TransportError);
    expect((t.getError() as Error).message).toMatch(/half-open/);
    expect(t.sockets[0]!.terminated).toBe(true);
    expect(failedEarly).toBeUndefined(); // still alive just before 250
  });

  it('terminates a half-open socket within pingInterval + pingTimeout when pingTimeout is the longer one', () => {
    const t = setup(100, 250);
    let failedEarly: unknown;
    let failedBy: unknown;
    t.run((socket, at) => {
      at(0, () => socket().serverOpen());
      for (let f = 10; f <= 101; f += 10) at(f, () => socket().serverMessage('x'));
      at(101, () => socket().serverMessage('last sign of life'));
      at(449, () => (failedEarly = t.getError()));
      at(451, () => (failedBy = t.getError()));
    }, 1000);
    // silent from 101: pings keep going every 100 ms; the one at 200 is unanswered → terminated at 450 (<= 101 + 100 + 250)
    expect(failedEarly).toBeUndefined();
    expect((failedBy as Error).message).toMatch(/half-open/);
    expect(t.sockets[0]!.terminated).toBe(true);
  });

  it('a pong keeps the socket alive', () => {
    const t = setup(100, 50);
    t.run((socket, at) => {
      at(0, () => socket().serverOpen());
      for (let f = 110; f < 700; f += 100) at(f, () => socket().serverPong());
    }, 700);
    expect(t.getError()).toBeUndefined();
    expect(t.sockets[0]!.pings).toBe(6);
  });

  it('fails when the handshake does not complete within pingTimeout', () => {
    const t = setup(100, 50);
    t.run(() => undefined, 200);
    expect((t.getError() as Error).message).toMatch(/not open within 50 ms/);
    expect(t.sockets[0]!.terminated).toBe(true);
  });

  it('completes after a normal close (1000) and errors on any other close code', () => {
    const clean = setup();
    clean.run((socket, at) => {
      at(0, () => socket().serverOpen());
      at(10, () => socket().serverClose(1000, 'bye'));
    }, 50);
    expect(clean.isCompleted()).toBe(true);
    expect(clean.events.at(-1)).toEqual({ type: 'close', code: 1000, reason: 'bye' });

    const abnormal = setup();
    abnormal.run((socket, at) => {
      at(0, () => socket().serverOpen());
      at(10, () => socket().serverClose(1006));
    }, 50);
    expect(abnormal.getError()).toEqual(expect.objectContaining({ code: 1006 }));
  });

  it('unsubscribing closes an open socket normally and leaves no timer behind', () => {
    const t = setup(100, 50);
    t.run((socket, at) => at(0, () => socket().serverOpen()), 30);
    expect(t.sockets[0]!.closedWith).toBe(1000);
    expect(t.sockets[0]!.listenerCount('message')).toBe(0);
    // nothing left on the virtual clock: flushing further pings nothing
    t.testScheduler.flush();
    expect(t.sockets[0]!.pings).toBe(0);
  });

  describe('with paceKeepalive (exchanges that count pings and pongs in a budget)', () => {
    function paced(pingInterval: number, pingTimeout: number, waitMs: number) {
      const testScheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
      const sockets: FakeWebSocket[] = [];
      const created: { autoPong?: boolean }[] = [];
      const handedOver: number[] = [];
      let error: unknown;
      const run = (script: (socket: () => FakeWebSocket, at: (frame: number, fn: () => void) => void) => void, until: number) =>
        testScheduler.run(() => {
          const subscription = openSocket({
            url: 'ws://fake',
            pingInterval,
            pingTimeout,
            maxPayload: 1024,
            scheduler: testScheduler,
            createWebSocket: (url, options) => {
              created.push(options);
              const socket = new FakeWebSocket(url);
              sockets.push(socket);
              return socket;
            },
            // a budget that always makes the keepalive wait `waitMs`
            paceKeepalive: (send) => {
              handedOver.push(testScheduler.now());
              testScheduler.schedule(send, waitMs);
            },
          }).subscribe({ error: (e: unknown) => (error = e) });
          script(() => sockets[0]!, (frame, fn) => testScheduler.schedule(fn, frame));
          testScheduler.schedule(() => subscription.unsubscribe(), until);
        });
      return { run, sockets, created, handedOver, testScheduler, getError: () => error };
    }

    it('a ping waiting for the budget is sent late, and its timeout counts from when it was sent', () => {
      const t = paced(100, 50, 80); // the wait (80) is longer than the ping timeout (50)
      const sentAt: number[] = [];
      t.run((socket, at) => {
        at(0, () => {
          socket().serverOpen();
          const ping = socket().ping.bind(socket());
          socket().ping = () => {
            sentAt.push(t.testScheduler.now());
            ping();
            t.testScheduler.schedule(() => socket().serverPong(), 40); // answered 40 ms after it really left
          };
        });
      }, 990);
      expect(t.getError()).toBeUndefined();
      // a ping is handed to the pacer every pingInterval (none while one still waits there)
      expect(t.handedOver).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
      expect(sentAt).toEqual([180, 280, 380, 480, 580, 680, 780, 880, 980]);
    });

    it('does not queue a second ping behind one still waiting for the budget', () => {
      const t = paced(100, 500, 150); // each ping waits 150 ms for its slot
      t.run((socket, at) => {
        at(0, () => socket().serverOpen());
        for (let f = 10; f < 600; f += 10) at(f, () => socket().serverMessage('x'));
      }, 600);
      expect(t.getError()).toBeUndefined();
      expect(t.handedOver).toEqual([100, 300, 500]); // 200 and 400: the previous ping still waits
    });

    it('answers a server ping with a pong carrying its payload, through the pacer, with autoPong off', () => {
      const t = paced(10_000, 10_000, 30);
      t.run((socket, at) => {
        at(0, () => socket().serverOpen());
        at(5, () => socket().serverPing(Buffer.from('abc')));
        at(20, () => expect(socket().pongs).toEqual([])); // still waiting for the budget
      }, 100);
      expect(t.created).toEqual([{ maxPayload: 1024, autoPong: false }]);
      expect(t.handedOver).toEqual([5]);
      expect(t.sockets[0]!.pongs.map((p) => p?.toString())).toEqual(['abc']);
    });

    it('drops a keepalive whose turn comes after the socket ended', () => {
      const t = paced(100, 50, 500);
      t.run((socket, at) => at(0, () => socket().serverOpen()), 150); // ping handed over at 100, due at 600
      expect(t.handedOver).toEqual([100]);
      expect(t.sockets[0]!.pings).toBe(0);
    });
  });
});
