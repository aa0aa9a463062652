import { of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { pollBinanceFuturesOpenInterest } from '../../../lib/exchanges/binance-futures/binance-futures-open-interest';
import { onEachPrimary } from '../../../lib/exchanges/binance-futures/on-each-primary';
import type { RaisedEvent } from '../../../lib/exchanges/common/stream-listener';
import type { HttpResponse, HttpTransport } from '../../../lib/socket/http-transport';

const marbles = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('onEachPrimary', () => {
  it('emits once per primary value with the latest secondaries; a primary before the first secondary is held (the newest only)', () => {
    marbles().run(({ cold, expectObservable }) => {
      const primary = cold('a-b--c---d|');
      const secondary = cold('---x---y---|');
      expectObservable(onEachPrimary(primary, [secondary] as const, (p, [s]) => `${p}${s}`)).toBe('---v-w---z-|', { v: 'bx', w: 'cx', z: 'dy' });
    });
  });

  it('errors with any input', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(onEachPrimary(cold('a--b'), [cold('x-#')] as const, (p, [s]) => `${p}${s}`)).toBe('x-#', { x: 'ax' });
    });
  });
});

describe('pollBinanceFuturesOpenInterest', () => {
  const ok = (openInterest: string): HttpResponse => ({ status: 200, headers: {}, body: JSON.stringify({ symbol: 'BTCUSDT', openInterest, time: 1 }) });

  it('polls at once and then an interval after each answer, on the client scheduler, and stops when unsubscribed', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable, cold }) => {
      const answers = ['10.5', '11', '12'];
      let calls = 0;
      const http: HttpTransport = (request) => {
        expect(request.url).toBe('https://fapi.binance.com/fapi/v1/openInterest?symbol=BTCUSDT');
        return cold('-r|', { r: ok(answers[calls++ % 3]!) });
      };
      const poll$ = pollBinanceFuturesOpenInterest({ http, restUrl: 'https://fapi.binance.com', native: 'BTCUSDT', symbol: 'BTC/USDT:USDT', intervalMs: 100, scheduler, raise: () => undefined });
      // each request answers 1 frame later and completes the next; the next request goes out 100 ms after that
      expectObservable(poll$, '^ 250ms !').toBe('-a 101ms b 101ms c', { a: 10.5, b: 11, c: 12 });
    });
  });

  it('turns a failed request into an error event (honouring a longer Retry-After) and goes on', () => {
    const scheduler = marbles();
    scheduler.run(({ expectObservable }) => {
      const raised: RaisedEvent[] = [];
      const responses: HttpResponse[] = [
        { status: 429, headers: { 'retry-after': '1' }, body: '{"code":-1003,"msg":"Too many requests"}' },
        { status: 200, headers: {}, body: '{"nope":1}' },
        ok('7'),
      ];
      let calls = 0;
      const http: HttpTransport = () => (calls < 3 ? of(responses[calls++]!) : throwError(() => new Error('socket hang up')));
      const poll$ = pollBinanceFuturesOpenInterest({ http, restUrl: 'https://x', native: 'BTCUSDT', symbol: 'BTC/USDT:USDT', intervalMs: 100, scheduler, raise: (e) => raised.push(e) });
      // 0: 429 → wait 1000 ms; 1000: bad body → wait 100; 1100: 7; 1200: transport error
      expectObservable(poll$, '^ 1250ms !').toBe('1100ms a', { a: 7 });
      scheduler.flush();
      expect(raised.map((e) => [(e as { kind: string }).kind, (e as { message: string }).message])).toEqual([
        ['exchange', expect.stringMatching(/open interest of BTCUSDT: HTTP 429 .*\(next try in 1000 ms\)$/)],
        ['decode', expect.stringMatching(/BinanceFuturesOpenInterest.*\(next try in 100 ms\)$/)],
        ['transport', 'socket hang up (next try in 100 ms)'],
      ]);
    });
  });
});
