import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { binance } from '../../lib/exchanges/binance/binance';
import type { BookEvent } from '../../lib/model/book-event';
import { bookSnapshots } from '../../lib/operators/book-snapshots';
import { coinbase } from '../../lib/exchanges/coinbase/coinbase';
import { kraken } from '../../lib/exchanges/kraken/kraken';
import type { ExchangeClient } from '../../lib/model/client';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { record } from '../../lib/replay/record';
import { replay } from '../../lib/replay/replay';
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { CoinbaseSimulator } from '../../lib/testing/coinbase/coinbase-simulator';
import { KrakenSimulator } from '../../lib/testing/kraken/kraken-simulator';
import { waitFor } from '../helpers/wait-for';
import { entriesOf, eventsOf, logClient, logReplay, type StreamSpec, tempDir } from './support/session-log';

/** Fast keepalive and reconnect against the simulators. */
const FAST = { pingInterval: 300, pingTimeout: 300, reconnect: { delay: 20, maxDelay: 100 } } as const;

interface Venue {
  readonly name: string;
  readonly start: () => Promise<{ client: ExchangeClient; stop: () => Promise<void>; faults: readonly Fault[] }>;
  readonly streams: readonly StreamSpec[];
  readonly book: string;
}
/** A fault to inject, and the event that shows the client noticed it. */
interface Fault {
  readonly name: string;
  readonly inject: () => void;
  readonly seen: (events: readonly ExchangeEvent[]) => boolean;
}

const resync = (reason: string) => (events: readonly ExchangeEvent[]) => events.some((e) => e.type === 'resync' && e.reason === reason);
const decodeError = (events: readonly ExchangeEvent[]) => events.some((e) => e.type === 'error' && e.kind === 'decode');
const reopened = (events: readonly ExchangeEvent[]) => events.filter((e) => e.type === 'open').length >= 2;

const VENUES: readonly Venue[] = [
  {
    name: 'Binance',
    book: 'book BTC/USDT',
    streams: [
      { name: 'book BTC/USDT', open: (c) => c.book('BTC/USDT', { depth: 100 }) },
      { name: 'trades', open: (c) => c.trades(['BTC/USDT', 'ETH/USDT']) },
      { name: 'ticker ETH/USDT', open: (c) => c.ticker('ETH/USDT') },
    ],
    start: async () => {
      const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT', 'ETH/USDT'], seed: 7, stepsPerSecond: 60, depthIntervalMs: 20, tickerIntervalMs: 50, bookLevels: 200 });
      return {
        client: binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, ...FAST }),
        stop: () => sim.stop(),
        faults: [
          { name: 'gap', inject: () => sim.skipDepthEvent('BTC/USDT'), seen: resync('gap') },
          { name: 'malformed frame', inject: () => sim.sendMalformed('invalid-json'), seen: decodeError },
          { name: 'disconnect', inject: () => sim.dropConnections(), seen: (e) => reopened(e) && resync('reconnect')(e) },
        ],
      };
    },
  },
  {
    name: 'Coinbase',
    book: 'book BTC/USD',
    streams: [
      { name: 'trades', open: (c) => c.trades(['BTC/USD', 'ETH/USD']) },
      { name: 'book BTC/USD', open: (c) => c.book('BTC/USD') },
      { name: 'tickers', open: (c) => c.tickers(['BTC/USD', 'ETH/USD']) },
    ],
    start: async () => {
      const sim = await CoinbaseSimulator.start({ symbols: ['BTC/USD', 'ETH/USD'], seed: 11, stepsPerSecond: 60, bookLevels: 200, heartbeatIntervalMs: 100 });
      return {
        client: coinbase({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, ...FAST }),
        stop: () => sim.stop(),
        faults: [
          { name: 'sequence gap', inject: () => sim.dropNextFrame('l2_data'), seen: resync('gap') },
          { name: 'malformed frame', inject: () => sim.sendMalformed('schema'), seen: decodeError },
          { name: 'disconnect', inject: () => sim.dropConnections(), seen: (e) => reopened(e) && resync('reconnect')(e) },
        ],
      };
    },
  },
  {
    name: 'Kraken',
    book: 'book BTC/USD',
    streams: [
      { name: 'ticker ETH/USD', open: (c) => c.ticker('ETH/USD') },
      { name: 'book BTC/USD', open: (c) => c.book('BTC/USD', { depth: 25 }) },
      { name: 'trades', open: (c) => c.trades(['BTC/USD', 'ETH/USD']) },
    ],
    start: async () => {
      const sim = await KrakenSimulator.start({ symbols: ['BTC/USD', 'ETH/USD'], seed: 5, stepsPerSecond: 60, bookLevels: 200, heartbeatIntervalMs: 100 });
      return {
        client: kraken({ wsUrl: sim.wsUrl, ...FAST }),
        stop: () => sim.stop(),
        faults: [
          { name: 'bad checksum', inject: () => sim.corruptNextChecksum('BTC/USD'), seen: resync('checksum') },
          { name: 'malformed frame', inject: () => sim.sendMalformed('invalid-json', 'BTC/USD'), seen: decodeError },
          { name: 'disconnect', inject: () => sim.dropConnections(), seen: (e) => reopened(e) && resync('reconnect')(e) },
        ],
      };
    },
  },
];

describe.each(VENUES)('record → replay: $name simulator with faults', (venue) => {
  const temp = tempDir();
  afterAll(() => temp.cleanup());

  it('replays exactly what the live subscriber saw (every stream event and events$ event, in order, timestamps included), whatever the subscription order; the book alone replays the same book events', async () => {
    const { client, stop, faults } = await venue.start();
    const file = temp.file(`${venue.name}.rxrec.gz`);
    const live = record(client, { file });
    const session = logClient(live, venue.streams);
    const events = (): ExchangeEvent[] => eventsOf(session.log);
    const books = (): number => entriesOf(session.log, venue.book).length;
    try {
      await waitFor(() => books() > 10, `a live ${venue.book}`);
      for (const fault of faults) {
        fault.inject();
        await waitFor(() => fault.seen(events()), `the client to notice: ${fault.name}`);
        const before = books();
        await waitFor(() => books() > before + 5, `the book after: ${fault.name}`);
      }
    } finally {
      session.stop();
      await live.recording.stop();
      await stop();
    }
    expect(session.errors).toEqual([]);
    expect(live.recording.stats().dropped).toBe(0);

    const replayed = await logReplay(replay(file), [...venue.streams].reverse());
    expect(replayed.errors).toEqual([]);
    expect(replayed.log.length).toBe(session.log.length);
    expect(replayed.log).toEqual(session.log);

    // a replay of the book alone: the same book events as the live subscriber saw
    const bookSpec = venue.streams.find((s) => s.name === venue.book)!;
    const alone = await logReplay(replay(file), [bookSpec]);
    expect(alone.errors).toEqual([]);
    expect(entriesOf(alone.log, venue.book)).toEqual(entriesOf(session.log, venue.book));

    // your own timers on the replay's clock fire at their due time (they have no timer records to wait for)
    const rp = replay(file);
    const samples = await lastValueFrom(
      (bookSpec.open(rp) as Observable<BookEvent>).pipe(bookSnapshots({ interval: 100, depth: 1, scheduler: rp.scheduler }), toArray()),
    );
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.slice(1).map((s, i) => s.sampledAt - samples[i]!.sampledAt)).toEqual(samples.slice(1).map(() => 100));
  });
});
