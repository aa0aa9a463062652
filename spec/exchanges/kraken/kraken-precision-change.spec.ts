import type { Subscription } from 'rxjs';
import { kraken } from '../../../lib/exchanges/kraken/kraken';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import { orderBook } from '../../../lib/operators/order-book';
import { KrakenSimulator } from '../../../lib/testing/kraken/kraken-simulator';
import { waitFor } from '../../helpers/wait-for';

/** Kraken changes a pair's precision: the checksums follow it, announced or not, and the book survives. */
describe('Kraken: a change of price_precision / qty_precision', () => {
  let sim: KrakenSimulator;
  let kr: ExchangeClient;
  let events: ExchangeEvent[];
  let errors: unknown[];
  let latest: OrderBookState | undefined;
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], seed: 3, stepsPerSecond: 50, bookLevels: 100, heartbeatIntervalMs: 100 });
    kr = kraken({ wsUrl: sim.wsUrl, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    errors = [];
    latest = undefined;
    subscriptions.push(kr.events$.subscribe((e) => events.push(e)));
    subscriptions.push(kr.book('BTC/USD', { depth: 10 }).pipe(orderBook({ depth: 10 })).subscribe({ next: (s) => (latest = s), error: (e: unknown) => errors.push(e) }));
    await waitFor(() => latest !== undefined, 'the first verified book', 5_000);
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  /** The client's book equals the simulator's truth with the market paused. */
  async function expectTruth(what: string): Promise<void> {
    sim.pause();
    const truth = sim.truth('BTC/USD', 10);
    await waitFor(() => JSON.stringify([latest?.bids, latest?.asks]) === JSON.stringify([truth.bids, truth.asks]), `the book to equal the truth ${what}`, 5_000);
    sim.resume();
  }

  const resyncs = (): string[] => events.flatMap((e) => (e.type === 'resync' ? [e.reason] : []));

  it('announced by an instrument update: the next checksums use the new precision, no resync', async () => {
    sim.changePrecision('BTC/USD', { price: 2, qty: 9 }, { announce: true });
    await new Promise((resolve) => setTimeout(resolve, 300)); // ~15 market steps, each checksummed with the new precision
    await expectTruth('after the announced change');
    expect(resyncs()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('missed (no update reaches the client): the failing checksums refresh the instrument channel, the book recovers instead of giving up', async () => {
    sim.changePrecision('BTC/USD', { price: 2, qty: 9 });
    await waitFor(() => resyncs().includes('checksum'), 'the checksum mismatch the new precision causes', 5_000);
    await expectTruth('after the refreshed precision');
    expect(errors).toEqual([]);
    expect(resyncs().every((reason) => reason === 'checksum')).toBe(true);
    // the instrument channel was asked again: the server saw a second subscribe to it
    expect(sim.requests.filter((r) => r.message?.method === 'subscribe' && r.message.params?.channel === 'instrument')).toHaveLength(2);
  });
});
