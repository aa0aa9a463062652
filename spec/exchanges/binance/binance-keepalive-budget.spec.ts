import type { Subscription } from 'rxjs';
import { binance } from '../../../lib/exchanges/binance/binance';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';

const CHURN_MS = 30_000;
const STREAMS = Array.from({ length: 40 }, (_, i) => `C${i}/USDT`);

/**
 * Binance counts every incoming frame (SUBSCRIBE/UNSUBSCRIBE, ping, pong) against 5 per second and
 * closes an offender with 1008. With default ping settings, server pings (answered by pongs) and
 * a saturated control queue, every frame must go through one budget.
 */
describe('Binance keepalive inside the 5 messages/s budget', () => {
  let sim: BinanceSimulator;
  const subscriptions: Subscription[] = [];

  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  it(
    'subscribe/unsubscribe churn for 30 s with default pings and server pings: never closed with 1008',
    async () => {
      // The server pings every 4 s here (Binance: 20 s) so several pongs fall inside the churn too.
      sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 5, listedSymbols: STREAMS, serverPingIntervalMs: 4_000 });
      const bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }); // default pingInterval/pingTimeout (10 s)
      const events: ExchangeEvent[] = [];
      subscriptions.push(bn.events$.subscribe((e) => events.push(e)));
      subscriptions.push(bn.ticker('BTC/USDT').subscribe()); // keeps the socket open throughout

      const live = new Map<string, Subscription>();
      let next = 0;
      const started = Date.now();
      while (Date.now() - started < CHURN_MS) {
        // one new stream in, the oldest out: a SUBSCRIBE and an UNSUBSCRIBE wanted every 40 ms
        const symbol = STREAMS[next++ % STREAMS.length]!;
        live.get(symbol)?.unsubscribe();
        live.set(symbol, bn.trades(symbol).subscribe());
        const oldest = STREAMS[(next + STREAMS.length / 2) % STREAMS.length]!;
        live.get(oldest)?.unsubscribe();
        live.delete(oldest);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      live.forEach((s) => s.unsubscribe());

      const log = sim.controlLog;
      // not vacuous: the control queue was saturated and both kinds of keepalive happened meanwhile
      expect(log.filter((e) => e.kind === 'message').length).toBeGreaterThan(100);
      expect(log.filter((e) => e.kind === 'ping').length).toBeGreaterThanOrEqual(2);
      expect(log.filter((e) => e.kind === 'pong').length).toBeGreaterThanOrEqual(4);
      const closes = events.filter((e) => e.type === 'close');
      expect(closes).toEqual([]);
      expect(sim.connectionCount).toBe(1);
    },
    CHURN_MS + 20_000,
  );
});
