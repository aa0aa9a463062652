import type { Subscription } from 'rxjs';
import { okx } from '../../lib/exchanges/okx/okx';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { OkxSimulator } from '../../lib/testing/okx/okx-simulator';
import { waitFor } from '../helpers/wait-for';
import { maxInWindow, maxInWindowBy } from './support/rate-check';

const MANY = Array.from({ length: 100 }, (_, i) => `X${i}/USDT`);

describe('OKX limits, enforced client-side', () => {
  let sim: OkxSimulator;
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  it('30 streams per socket; connection attempts (first connects and reconnects) at most 3 per second; (un)subscribes at most 5 per second per socket', async () => {
    sim = await OkxSimulator.start({ symbols: MANY, seed: 2, autoStart: false, bookLevels: 5 });
    const ok = okx({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, reconnect: { delay: 20, maxDelay: 100 } });
    const events: ExchangeEvent[] = [];
    subscriptions.push(ok.events$.subscribe((e) => events.push(e)));
    subscriptions.push(ok.tickers(MANY).subscribe({ error: (e: unknown) => fail(e) }));
    const perConnection = () => [...sim.connections].map((c) => sim.subscriptions(c).length);
    await waitFor(() => perConnection().reduce((a, b) => a + b, 0) === 100, 'all 100 tickers subscribed', 1000);
    expect(sim.connections.size).toBe(4);
    expect(Math.max(...perConnection())).toBeLessThanOrEqual(30);

    sim.dropConnections(); // four sockets want to reconnect at once
    await waitFor(() => sim.connectionCount === 8 && perConnection().reduce((a, b) => a + b, 0) === 100, 'all resubscribed on 4 new sockets', 1000);
    expect(maxInWindow(sim.connectionLog.map((c) => c.at), 1000)).toBeLessThanOrEqual(3);
    const control = sim.controlLog.filter((e) => e.text.startsWith('{'));
    for (const most of Object.values(maxInWindowBy(control, (e) => e.connection, (e) => e.at, 1000))) expect(most).toBeLessThanOrEqual(5);
    expect(events.filter((e) => e.type === 'error' && e.kind === 'exchange')).toEqual([]); // no 60014 "Requests too frequent"
  }, 30_000);
});
