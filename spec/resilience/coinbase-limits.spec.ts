import type { Subscription } from 'rxjs';
import { coinbase } from '../../lib/exchanges/coinbase/coinbase';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { CoinbaseSimulator } from '../../lib/testing/coinbase/coinbase-simulator';
import { waitFor } from '../helpers/wait-for';
import { maxInWindow, maxInWindowBy } from './support/rate-check';

const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];

describe('Coinbase limits, enforced client-side', () => {
  let sim: CoinbaseSimulator;
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  it('a burst of 60 subscription changes over 3 channels never sends more than 6 messages a second per socket (Coinbase: 8/s per IP), and ends subscribed to exactly what is wanted', async () => {
    sim = await CoinbaseSimulator.start({ symbols: SYMBOLS, seed: 5, stepsPerSecond: 20, bookLevels: 50 });
    const cb = coinbase({ wsUrl: sim.wsUrl, reconnect: { delay: 20, maxDelay: 100 } });
    const events: ExchangeEvent[] = [];
    subscriptions.push(cb.events$.subscribe((e) => events.push(e)));
    const live = new Map<string, Subscription>();
    const streams = SYMBOLS.flatMap((symbol) => [`ticker ${symbol}`, `trades ${symbol}`, `book ${symbol}`]);
    // toggle a different stream every few ms: each change is a real (un)subscribe, far faster than 6/s
    for (let i = 0; i < 60; i++) {
      const name = streams[(i * 7) % streams.length]!;
      const existing = live.get(name);
      if (existing) {
        existing.unsubscribe();
        live.delete(name);
      } else {
        const [kind, symbol] = name.split(' ') as [string, string];
        const stream$ = kind === 'ticker' ? cb.ticker(symbol) : kind === 'trades' ? cb.trades(symbol) : cb.book(symbol);
        live.set(name, stream$.subscribe({ error: (e: unknown) => fail(e) }));
      }
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
    const wanted = (channel: string) => [...live.keys()].filter((n) => n.startsWith(channel)).map((n) => n.split(' ')[1]!.replace('/', '-')).sort();
    const subscribed = () => sim.subscriptions([...sim.connections][0]!);
    await waitFor(
      () => sim.connections.size === 1 && JSON.stringify((subscribed()['ticker'] ?? []).slice().sort()) === JSON.stringify(wanted('ticker')) &&
        JSON.stringify((subscribed()['market_trades'] ?? []).slice().sort()) === JSON.stringify(wanted('trades')) &&
        JSON.stringify((subscribed()['level2'] ?? []).slice().sort()) === JSON.stringify(wanted('book')),
      'the server to hold exactly the wanted subscriptions',
    );
    const messages = sim.controlLog;
    expect(messages.length).toBeGreaterThan(12); // the limit really was in play
    for (const most of Object.values(maxInWindowBy(messages, (e) => e.connection, (e) => e.at, 1000))) expect(most).toBeLessThanOrEqual(6);
    expect(maxInWindow(messages.map((e) => e.at), 1000)).toBeLessThanOrEqual(8); // per IP: every socket of this process
    expect(events.filter((e) => e.type === 'error')).toEqual([]); // no "rate limit exceeded"
    live.forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the socket closed after the last stream');
  });

  it('resubscribes within the deadline after every reconnect, even right after a burst, and is never closed as idle', async () => {
    sim = await CoinbaseSimulator.start({ symbols: SYMBOLS, seed: 6, stepsPerSecond: 20, bookLevels: 50, subscribeDeadlineMs: 400 });
    const cb = coinbase({ wsUrl: sim.wsUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
    for (const symbol of SYMBOLS) {
      subscriptions.push(cb.book(symbol).subscribe({ error: (e: unknown) => fail(e) }), cb.ticker(symbol).subscribe({ error: (e: unknown) => fail(e) }));
    }
    for (let drop = 1; drop <= 4; drop++) {
      await waitFor(() => sim.connectionCount === drop && Object.keys(sim.subscriptions(drop)).length === 3, `subscriptions on connection ${drop}`);
      sim.dropConnections();
    }
    await waitFor(() => Object.keys(sim.subscriptions(5)).length === 3, 'subscriptions on connection 5');
    for (let id = 1; id <= 5; id++) {
      const first = sim.controlLog.find((e) => e.connection === id)!;
      expect(first.sinceOpen).toBeLessThan(400);
    }
    expect(sim.closures.filter((c) => c.kind === 'idle')).toEqual([]);
  });
});
