import type { Observable, Subscription } from 'rxjs';
import { coinbase } from '../../lib/exchanges/coinbase/coinbase';
import type { ExchangeClient } from '../../lib/model/client';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { CoinbaseSimulator } from '../../lib/testing/coinbase/coinbase-simulator';
import { waitFor } from '../helpers/wait-for';
import { maxInWindow, maxInWindowBy } from './support/rate-check';

const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];
const STREAMS = SYMBOLS.flatMap((symbol) => [`ticker ${symbol}`, `trades ${symbol}`, `book ${symbol}`]);

describe('Coinbase limits, enforced client-side', () => {
  let sim: CoinbaseSimulator;
  let cb: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];
  const live = new Map<string, Subscription>();

  async function start(subscribeDeadlineMs = 5000): Promise<void> {
    sim = await CoinbaseSimulator.start({ symbols: SYMBOLS, seed: 5, stepsPerSecond: 20, bookLevels: 50, subscribeDeadlineMs });
    cb = coinbase({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(cb.events$.subscribe((e) => events.push(e)));
  }
  afterEach(async () => {
    live.forEach((s) => s.unsubscribe());
    live.clear();
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  /** Subscribes `name` ("ticker BTC/USD") if it is not live, else unsubscribes it. */
  function toggle(name: string): void {
    const existing = live.get(name);
    if (existing) {
      existing.unsubscribe();
      live.delete(name);
      return;
    }
    const [kind, symbol] = name.split(' ') as [string, string];
    const stream$: Observable<unknown> = kind === 'ticker' ? cb.ticker(symbol) : kind === 'trades' ? cb.trades(symbol) : cb.book(symbol);
    live.set(name, stream$.subscribe({ error: (e: unknown) => fail(e) }));
  }

  async function burst(changes: number): Promise<void> {
    for (let i = 0; i < changes; i++) {
      toggle(STREAMS[(i * 7) % STREAMS.length]!);
      await new Promise((resolve) => setTimeout(resolve, 8));
    }
  }

  it('a burst of 60 subscription changes never sends more than 6 messages a second on its socket (Coinbase: 8/s per IP) and ends subscribed to exactly what is wanted', async () => {
    await start();
    subscriptions.push(cb.ticker('BTC/USD').subscribe({ error: (e: unknown) => fail(e) })); // keeps the socket open throughout
    // the burst starts on an open socket (changes made before it opens coalesce into its first messages)
    await waitFor(() => (sim.subscriptions(1)['ticker'] ?? []).length > 0, 'the first subscription on the server', 5_000);
    await burst(60);
    const wanted = (kind: string, always: string[] = []) =>
      [...new Set([...always, ...[...live.keys()].filter((n) => n.startsWith(kind)).map((n) => n.split(' ')[1]!.replace('/', '-'))])].sort();
    const expected = { heartbeats: ['heartbeats'], level2: wanted('book'), market_trades: wanted('trades'), ticker: wanted('ticker', ['BTC-USD']) };
    const held = () => {
      const s = sim.subscriptions(1);
      return Object.fromEntries(Object.entries(s).filter(([, products]) => products.length > 0).map(([channel, products]) => [channel, [...products].sort()]));
    };
    await waitFor(() => JSON.stringify(held()) === JSON.stringify(Object.fromEntries(Object.entries(expected).filter(([, v]) => v.length > 0))), 'the server to hold exactly the wanted subscriptions');
    expect(sim.connectionCount).toBe(1);
    const messages = sim.controlLog;
    expect(messages.length).toBeGreaterThan(6); // more than one second's budget: the queue had to hold some back (and coalesced the rest)
    expect(maxInWindowBy(messages, (e) => e.connection, (e) => e.at, 1000)['1']).toBeLessThanOrEqual(6);
    expect(maxInWindow(messages.map((e) => e.at), 1000)).toBeLessThanOrEqual(8);
    expect(events.filter((e) => e.type === 'error')).toEqual([]); // no "rate limit exceeded"
  });

  it('resubscribes within the subscribe deadline on every new socket, even when reconnects come faster than the rate limit allows', async () => {
    await start(2000);
    for (const symbol of SYMBOLS) subscriptions.push(cb.book(symbol).subscribe({ error: (e: unknown) => fail(e) }), cb.ticker(symbol).subscribe({ error: (e: unknown) => fail(e) }));
    for (let id = 1; id <= 4; id++) {
      await waitFor(() => sim.connectionCount === id && Object.keys(sim.subscriptions(id)).length === 3, `subscriptions on connection ${id}`);
      sim.dropConnections();
    }
    await waitFor(() => Object.keys(sim.subscriptions(5)).length === 3, 'subscriptions on connection 5');
    for (let id = 1; id <= 5; id++) expect(sim.controlLog.find((e) => e.connection === id)!.sinceOpen).toBeLessThan(2000);
    expect(sim.closures).toEqual([]);
    for (const most of Object.values(maxInWindowBy(sim.controlLog, () => 'ip', (e) => e.at, 1000))) expect(most).toBeLessThanOrEqual(8);
  });

  it('the 8/s per-IP budget is kept per client: a socket closed and reopened within a second does not start a fresh budget', async () => {
    await start();
    await burst(60); // every stream goes away every 9 changes: the socket closes and a new one opens
    await waitFor(() => sim.connectionCount >= 3, 'sockets reopened by the churn');
    expect(maxInWindow(sim.controlLog.map((e) => e.at), 1000)).toBeLessThanOrEqual(8);
  });
});
