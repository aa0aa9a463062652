import { readFileSync } from 'node:fs';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { OrderBookState } from '../../lib/model/order-book-state';
import type { BookEvent } from '../../lib/model/book-event';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { Ticker } from '../../lib/model/ticker';
import type { Trade } from '../../lib/model/trade';
import { candles } from '../../lib/operators/candles';
import { orderBook } from '../../lib/operators/order-book';
import { convertCryptofeedBinanceText } from '../../lib/replay/convert/cryptofeed-binance-text';
import { convertCryptofeedJsonl } from '../../lib/replay/convert/cryptofeed-jsonl';
import { convertKrakenBookFixture } from '../../lib/replay/convert/kraken-book-fixture';
import { readRecording } from '../../lib/replay/recording-reader';
import { replay } from '../../lib/replay/replay';
import { COINBASE_CAPTURE, NaiveBooks, readCapture } from '../exchanges/coinbase/support/capture';
import { RECORDING as KRAKEN_FIXTURE, referenceBookAfter } from '../exchanges/kraken/kraken-replay-server';
import { describeWithSharedCapture, fixturePath } from '../support/real-data';
import { logReplay, tempDir } from './support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Resync and error events of a replay. */
const problems = (events: readonly ExchangeEvent[]): ExchangeEvent[] => events.filter((e) => e.type === 'resync' || e.type === 'error');

describeWithSharedCapture('the real Coinbase capture, converted at test time, replayed through coinbase()', COINBASE_CAPTURE, (capture) => {
  const file = temp.file('coinbase.rxrec.gz');
  const captured = readCapture();
  beforeAll(() => convertCryptofeedJsonl(capture).write(file)); // AGPL: converted into a temp dir, never committed

  it('keeps every record of the capture, and subscriptions for what it holds', () => {
    const { header, records } = readRecording(file);
    expect(header).toEqual(expect.objectContaining({ exchange: 'coinbase', timers: false, options: { wsUrl: 'wss://advanced-trade-ws.coinbase.com', restUrl: 'https://api.coinbase.com' } }));
    const capturedFrames = captured.filter((r) => r.t === 'recv').map((r) => r.data);
    expect(records.filter((r) => r.type === 'recv').map((r) => (r as { data: string }).data)).toEqual(capturedFrames);
    expect(records.filter((r) => r.type === 'subscribe').map((r) => [(r as { method: string }).method, (r as { symbols: readonly string[] }).symbols])).toEqual([
      ['book', ['BTC/USD']],
      ['book', ['ETH/USD']],
      ['trades', ['BTC/USD', 'ETH/USD']],
      ['tickers', ['BTC/USD', 'ETH/USD']],
    ]);
  });

  it('replays both books with zero gaps and ends on the capture’s own book; trades and tickers come through', async () => {
    const rp = replay(file);
    const { log, errors } = await logReplay(rp, [
      { name: 'book BTC/USD', open: (c) => c.book('BTC/USD') },
      { name: 'book ETH/USD', open: (c) => c.book('ETH/USD') },
      { name: 'trades', open: (c) => c.trades(['BTC/USD', 'ETH/USD']) },
      { name: 'tickers', open: (c) => c.tickers(['BTC/USD', 'ETH/USD']) },
    ]);
    expect(errors).toEqual([]);
    const events = log.filter(([s]) => s === 'events$').map(([, e]) => e as ExchangeEvent);
    expect(problems(events)).toEqual([]);
    const naive = new NaiveBooks();
    for (const frame of captured.filter((r) => r.t === 'recv')) naive.apply(JSON.parse(frame.data!));
    for (const [symbol, product] of [['BTC/USD', 'BTC-USD'], ['ETH/USD', 'ETH-USD']] as const) {
      const book = log.filter(([s]) => s === `book ${symbol}`).map(([, e]) => e as BookEvent);
      expect(book[0]!.type).toBe('snapshot');
      expect(book.slice(1).every((e) => e.type === 'delta')).toBe(true);
      const final = (await statesOf(book, 50)).at(-1)!;
      expect({ bids: final.bids, asks: final.asks }).toEqual(naive.image(product, 50));
    }
    const trades = log.filter(([s]) => s === 'trades').map(([, t]) => t as Trade);
    const tickers = log.filter(([s]) => s === 'tickers').map(([, t]) => t as Ticker);
    expect(trades.length).toBeGreaterThan(0);
    // candles over the replayed trades: per second, volumes add up to the trades'
    const bars = await lastValueFrom(from(trades).pipe(candles({ interval: 1_000 }), toArray()));
    for (const symbol of ['BTC/USD', 'ETH/USD']) {
      const mine = trades.filter((t) => t.symbol === symbol);
      const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
      const theirs = bars.filter((b) => b.symbol === symbol);
      expect(sum(theirs.map((b) => b.trades))).toBeLessThanOrEqual(mine.length); // trades older than an emitted bar are left out
      expect(sum(theirs.map((b) => b.buyVolume + b.sellVolume))).toBeCloseTo(sum(theirs.map((b) => b.volume)), 9);
    }
    expect(tickers.length).toBeGreaterThan(0);
    // localTimestamp is the capture's receipt time of the frame (µs)
    const receipts = new Set(captured.filter((r) => r.t === 'recv').map((r) => Math.round(r.ts! * 1e6) / 1e3));
    expect([...trades, ...tickers].every((x) => receipts.has(x.localTimestamp))).toBe(true);
  });
});

describe('the real Binance spot capture (spec/fixtures/real), converted, replayed through binance()', () => {
  const SYMBOLS: Record<string, string> = { NKNUSDT: 'NKN/USDT', BLZETH: 'BLZ/ETH', LRCBTC: 'LRC/BTC', RUNEEUR: 'RUNE/EUR' };
  const file = temp.file('binance-spot.rxrec.gz');
  beforeAll(() => convertCryptofeedBinanceText({ ws: fixturePath('binance-spot.ws.txt'), rest: fixturePath('binance-spot.rest.txt') }).write(file));

  it('syncs all four books from the recorded snapshots with zero gaps; every recorded depth event after the snapshot is one delta; 26 of 26 bookTickers equal the rebuilt best bid/ask', async () => {
    const frames = readFileSync(fixturePath('binance-spot.ws.txt'), 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => JSON.parse(l.slice(l.indexOf(': ') + 2)));
    const snapshots = new Map(
      readFileSync(fixturePath('binance-spot.rest.txt'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => [/symbol=([A-Z]+)/.exec(l)![1]!, JSON.parse(l.slice(l.indexOf(': ', l.indexOf(' -> ')) + 2)).lastUpdateId as number]),
    );
    const rp = replay(file);
    const { log, errors } = await logReplay(
      rp,
      Object.values(SYMBOLS).map((symbol) => ({ name: symbol, open: (c) => c.book(symbol, { depth: 800 }) })),
    );
    expect(errors).toEqual([]);
    expect(problems(log.filter(([s]) => s === 'events$').map(([, e]) => e as ExchangeEvent))).toEqual([]);
    let compared = 0;
    for (const [native, symbol] of Object.entries(SYMBOLS)) {
      const book = log.filter(([s]) => s === symbol).map(([, e]) => e as BookEvent);
      const deltas = frames.filter((f) => f.stream === `${native.toLowerCase()}@depth@100ms` && f.data.u > snapshots.get(native)!).map((f) => f.data);
      expect(book[0]!.type).toBe('snapshot');
      expect(book.slice(1).map((e) => [e.bids, e.asks])).toEqual(deltas.map((d) => [d.b.map(([p, q]: string[]) => [Number(p), Number(q)]), d.a.map(([p, q]: string[]) => [Number(p), Number(q)])]));
      const states = await statesOf(book, 1);
      for (const ticker of frames.filter((f) => f.stream === `${native.toLowerCase()}@bookTicker`).map((f) => f.data)) {
        const index = deltas.findIndex((d) => d.u === ticker.u);
        if (index < 0) continue;
        const state = states[index + 1]!;
        expect([state.bids[0], state.asks[0]]).toEqual([
          [Number(ticker.b), Number(ticker.B)],
          [Number(ticker.a), Number(ticker.A)],
        ]);
        compared++;
      }
    }
    expect(compared).toBe(26);
  });
});

describe('the real Kraken v2 book fixture (spec/fixtures/real), converted, replayed through kraken()', () => {
  const file = temp.file('kraken.rxrec.gz');
  beforeAll(() => convertKrakenBookFixture({ file: fixturePath('kraken-v2-book-btcusd.json'), depth: 10, pricePrecision: 1, qtyPrecision: 8 }).write(file));

  it('verifies all 510 checksums with zero resyncs and ends on the reference book', async () => {
    const rp = replay(file);
    const { log, errors } = await logReplay(rp, [{ name: 'book', open: (c) => c.book('BTC/USD', { depth: 10 }) }]);
    expect(errors).toEqual([]);
    expect(problems(log.filter(([s]) => s === 'events$').map(([, e]) => e as ExchangeEvent))).toEqual([]);
    const book = log.filter(([s]) => s === 'book').map(([, e]) => e as BookEvent);
    expect(book).toHaveLength(1 + KRAKEN_FIXTURE.updates.length);
    const final = (await statesOf(book, 10)).at(-1)!;
    expect({ bids: final.bids, asks: final.asks }).toEqual(referenceBookAfter(KRAKEN_FIXTURE.updates.length - 1));
  });
});

/** The `orderBook({ depth })` states of recorded book events. */
function statesOf(events: readonly BookEvent[], depth: number): Promise<OrderBookState[]> {
  return lastValueFrom(from(events).pipe(orderBook({ depth }), toArray()));
}
