import type { Observable, Subscription } from 'rxjs';
import { kraken } from '../../lib/exchanges/kraken/kraken';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { KrakenSimulator } from '../../lib/testing/kraken/kraken-simulator';
import { waitFor } from '../helpers/wait-for';
import { maxInWindowBy } from './support/rate-check';

const MANY = Array.from({ length: 250 }, (_, i) => `X${i}/USD`);

describe('Kraken limits, enforced client-side', () => {
  let sim: KrakenSimulator;
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  it('opens a second socket past 200 streams and never sends more than 5 (un)subscribe messages a second per socket', async () => {
    sim = await KrakenSimulator.start({ symbols: MANY, seed: 2, autoStart: false, bookLevels: 5 });
    const kr = kraken({ wsUrl: sim.wsUrl, reconnect: { delay: 20, maxDelay: 100 } });
    const events: ExchangeEvent[] = [];
    subscriptions.push(kr.events$.subscribe((e) => events.push(e)));
    // 40 separate requests a few ms apart (alternating channels), then the rest in one go
    for (let i = 0; i < 40; i++) {
      const symbol = MANY[i]!;
      const stream$: Observable<unknown> = i % 2 === 0 ? kr.ticker(symbol) : kr.trades(symbol);
      subscriptions.push(stream$.subscribe({ error: (e: unknown) => fail(e) }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    subscriptions.push(kr.tickers(MANY.slice(40)).subscribe({ error: (e: unknown) => fail(e) }));
    const perConnection = () => [...sim.connections].map((c) => sim.subscriptions(c).length);
    await waitFor(() => perConnection().reduce((a, b) => a + b, 0) === 250, 'all 250 streams subscribed', 1000);
    expect(sim.connectionCount).toBe(2);
    expect(Math.max(...perConnection())).toBeLessThanOrEqual(200);
    const control = sim.requests.filter((r) => r.message?.method === 'subscribe' || r.message?.method === 'unsubscribe');
    expect(control.filter((r) => r.connection === 1).length).toBeGreaterThan(5); // more than one second's budget: the queue held some back
    for (const most of Object.values(maxInWindowBy(control, (r) => r.connection, (r) => r.at, 1000))) expect(most).toBeLessThanOrEqual(5);
    expect(events.filter((e) => e.type === 'error' || e.type === 'close')).toEqual([]);
  }, 20_000);
});
