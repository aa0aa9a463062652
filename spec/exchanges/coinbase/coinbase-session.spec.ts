import { CoinbaseSession } from '../../../lib/exchanges/coinbase/coinbase-session';
import type { CoinbaseBookUpdate, CoinbaseTradeBatch } from '../../../lib/exchanges/coinbase/coinbase-payloads';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { COINBASE_CAPTURE, NaiveBooks, receivedFrames } from './support/capture';
import { describeWithSharedCapture } from '../../support/real-data';
import { RecordingSink } from './support/recording-sink';

describeWithSharedCapture('CoinbaseSession', COINBASE_CAPTURE, () => {
  const frames = receivedFrames();
  const parsed = frames.map((text) => JSON.parse(text));


  function decodeAll(texts: readonly string[]): RecordingSink {
    const session = new CoinbaseSession();
    const sink = new RecordingSink();
    texts.forEach((text, i) => session.onFrame(text, 1_000 + i, sink));
    return sink;
  }

  /** A frame in the capture's exact envelope. */
  const envelope = (channel: string, sequence: number, events: unknown[]): string =>
    JSON.stringify({ channel, timestamp: '2026-08-09T21:05:48.229198328Z', sequence_num: sequence, events });

  describe('CoinbaseSession on the real capture', () => {
    const sink = decodeAll(frames);

    it('decodes all 1030 frames: no decode error, no exchange error, no sequence gap', () => {
      expect(frames).toHaveLength(1030);
      expect(sink.invalids).toEqual([]);
      expect(sink.exchangeErrors).toEqual([]);
      expect(sink.gaps).toEqual([]);
    });

    it('routes every l2_data event to its product: 2 snapshots then 773 updates', () => {
      const btc: CoinbaseBookUpdate[] = sink.of('level2:BTC-USD');
      const eth: CoinbaseBookUpdate[] = sink.of('level2:ETH-USD');
      expect(btc.length + eth.length).toBe(775);
      expect(btc[0]!.kind).toBe('snapshot');
      expect(eth[0]!.kind).toBe('snapshot');
      expect([...btc.slice(1), ...eth.slice(1)].every((u) => u.kind === 'update')).toBe(true);
    });

    it('normalizes a snapshot best first on both sides, offer = ask, timestamp = the levels event_time', () => {
      const snapshot: CoinbaseBookUpdate = sink.of('level2:BTC-USD')[0];
      expect(snapshot.bids).toHaveLength(18764);
      expect(snapshot.asks).toHaveLength(46000 - 18764);
      expect(snapshot.bids[0]).toEqual([65083.66, 0.20371215]);
      expect(snapshot.asks[0]).toEqual([65083.67, 0.23256041]);
      expect(snapshot.bids.every((level, i) => i === 0 || level[0] < snapshot.bids[i - 1]![0])).toBe(true);
      expect(snapshot.asks.every((level, i) => i === 0 || level[0] > snapshot.asks[i - 1]![0])).toBe(true);
      expect(snapshot.timestamp).toBeCloseTo(Date.parse('2026-08-09T21:05:48.170Z') + 0.326, 3);
    });

    it('keeps absolute quantities and "0" removals in updates', () => {
      const update: CoinbaseBookUpdate = sink.of('level2:BTC-USD')[1];
      expect(update.kind).toBe('update');
      expect(update.bids.slice(0, 2)).toEqual([
        [65062.5, 0.00583],
        [65061.91, 0],
      ]);
      expect(update.timestamp).toBeCloseTo(Date.parse('2026-08-09T21:05:48.210Z') + 0.883, 3);
    });

    it('rebuilds both books exactly like a naive replay of the raw frames', () => {
      const naive = new NaiveBooks();
      parsed.forEach((frame) => naive.apply(frame));
      for (const product of ['BTC-USD', 'ETH-USD']) {
        const bids = new Map<number, number>();
        const asks = new Map<number, number>();
        for (const u of sink.of(`level2:${product}`) as CoinbaseBookUpdate[]) {
          if (u.kind === 'snapshot') {
            bids.clear();
            asks.clear();
          }
          for (const [p, q] of u.bids) q === 0 ? bids.delete(p) : bids.set(p, q);
          for (const [p, q] of u.asks) q === 0 ? asks.delete(p) : asks.set(p, q);
        }
        const image = naive.image(product);
        expect(bids.size).toBe(image.bids.length);
        expect(asks.size).toBe(image.asks.length);
        expect(JSON.stringify([...bids.entries()].sort((a, b) => b[0] - a[0])) === JSON.stringify(image.bids)).toBe(true);
        expect(JSON.stringify([...asks.entries()].sort((a, b) => a[0] - b[0])) === JSON.stringify(image.asks)).toBe(true);
        expect(image.bids[0]![0]).toBeLessThan(image.asks[0]![0]);
      }
    });

    it('normalizes every ticker (160) with finite numbers, change24h in percent, the message timestamp', () => {
      const tickers: Ticker[] = [...sink.of('ticker:BTC-USD'), ...sink.of('ticker:ETH-USD')];
      expect(tickers).toHaveLength(160);
      for (const t of tickers) {
        for (const value of [t.price, t.bid, t.bidSize, t.ask, t.askSize, t.high24h, t.low24h, t.volume24h, t.change24h, t.timestamp]) expect(Number.isFinite(value)).toBe(true);
      }
      expect(sink.of('ticker:BTC-USD')[0]).toEqual({
        type: 'ticker',
        exchange: 'coinbase',
        symbol: 'BTC/USD',
        price: 65086.18,
        bid: 65083.66,
        bidSize: 0.20371215,
        ask: 65083.67,
        askSize: 0.24290402,
        high24h: 65252.99,
        low24h: 64675.22,
        volume24h: 2867.54532609,
        change24h: 0.09601107287722,
        timestamp: expect.closeTo(Date.parse('2026-08-09T21:05:48.229Z') + 0.198, 3),
        localTimestamp: 1006,
      });
    });

    it('normalizes every trade (200 in the two snapshots, 79 live), oldest first, with the TAKER side', () => {
      const batches: CoinbaseTradeBatch[] = [...sink.of('market_trades:BTC-USD'), ...sink.of('market_trades:ETH-USD')];
      expect(batches).toHaveLength(59);
      const snapshotTrades = batches.filter((b) => b.snapshot).flatMap((b) => b.trades);
      const liveTrades = batches.filter((b) => !b.snapshot).flatMap((b) => b.trades);
      expect(snapshotTrades).toHaveLength(200);
      expect(liveTrades).toHaveLength(79);
      for (const batch of batches) {
        for (let i = 1; i < batch.trades.length; i++) expect(Number(batch.trades[i]!.id)).toBeGreaterThan(Number(batch.trades[i - 1]!.id));
      }
      // the wire says SELL for the first live trade, printed at the best ask (65083.67): the taker BOUGHT
      expect(sink.of('market_trades:BTC-USD')[1]).toEqual({
        snapshot: false,
        trades: [
          {
            type: 'trade',
            exchange: 'coinbase',
            symbol: 'BTC/USD',
            id: '1068572091',
            price: 65083.67,
            amount: 0.01034361,
            side: 'buy',
            timestamp: expect.closeTo(Date.parse('2026-08-09T21:05:48.167Z') + 0.634, 3),
            localTimestamp: expect.any(Number),
          },
        ],
      });
      for (const t of [...snapshotTrades, ...liveTrades]) {
        expect(['buy', 'sell']).toContain(t.side);
        expect(t.price > 0 && t.amount > 0 && Number.isFinite(t.timestamp)).toBe(true);
      }
    });

    it('pins the maker/taker mapping against the rebuilt book: taker buys never print at the bid, taker sells never at the ask', () => {
      const naive = new NaiveBooks();
      const session = new CoinbaseSession();
      const sink2 = new RecordingSink();
      let atAsk = 0;
      let atBid = 0;
      frames.forEach((text, i) => {
        const before = sink2.delivered.length;
        session.onFrame(text, i, sink2);
        for (const { key, payload } of sink2.delivered.slice(before)) {
          if (!key.startsWith('market_trades:') || payload.snapshot) continue;
          const product = key.slice('market_trades:'.length);
          if (!naive.books.has(product)) continue;
          const { bid, ask } = naive.best(product);
          for (const trade of payload.trades as Trade[]) {
            if (trade.side === 'buy') expect(trade.price).toBeGreaterThan(bid);
            else expect(trade.price).toBeLessThan(ask);
            if (trade.price >= ask) atAsk++;
            if (trade.price <= bid) atBid++;
          }
        }
        naive.apply(parsed[i]);
      });
      expect(atAsk).toBe(48);
      expect(atBid).toBe(23);
    });
  });

  describe('CoinbaseSession sequence_num and bad input', () => {
    const heartbeat = (sequence: number): string =>
      envelope('heartbeats', sequence, [{ current_time: '2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260485341', heartbeat_counter: sequence }]);

    it('reports a jump in sequence_num as a gap, once, and keeps decoding', () => {
      const without = [...frames.slice(0, 100), ...frames.slice(101, 200)];
      const sink = decodeAll(without);
      expect(sink.gaps).toEqual(['coinbase: sequence_num jumped from 99 to 101 (1 message lost)']);
      expect(sink.invalids).toEqual([]);
    });

    it('ignores a late or repeated sequence_num (delivers nothing for it)', () => {
      const l2 = frames.find((f) => JSON.parse(f).sequence_num === 14)!;
      const sink = decodeAll([...frames.slice(0, 20), l2]);
      expect(sink.gaps).toEqual([]);
      expect(sink.of('level2:BTC-USD').filter((u) => u.kind === 'update')).toHaveLength(
        decodeAll(frames.slice(0, 20)).of('level2:BTC-USD').filter((u) => u.kind === 'update').length,
      );
    });

    it('ignores a channel it does not know, but counts it for the sequence', () => {
      const sink = decodeAll([heartbeat(0), envelope('status', 1, [{ anything: true }]), heartbeat(2)]);
      expect(sink.gaps).toEqual([]);
      expect(sink.invalids).toEqual([]);
      expect(sink.delivered).toEqual([]);
    });

    it('turns every kind of bad frame into a typed report, never a throw', () => {
      const session = new CoinbaseSession();
      const sink = new RecordingSink();
      const badLevel = envelope('l2_data', 1, [{ type: 'update', product_id: 'BTC-USD', updates: [{ side: 'offer', event_time: '2026-08-09T21:05:48.264069Z', price_level: 'abc', new_quantity: '1' }] }]);
      const badSide = envelope('l2_data', 2, [{ type: 'update', product_id: 'ETH-USD', updates: [{ side: 'ask', event_time: 'x', price_level: '1', new_quantity: '1' }] }]);
      const badTicker = envelope('ticker', 3, [{ type: 'update', tickers: [{ product_id: 'BTC-USD', price: 1 }] }]);
      const badCandles = envelope('candles', 4, [{ type: 'update', candles: [{ start: 1 }] }]);
      const inputs = ['{"channel":"l2_data","timest', '[1,2]', '{"channel":"ticker"}', heartbeat(0), badLevel, badSide, badTicker, badCandles, '{"type":"error","message":"failure to subscribe"}', '{"type":"error"}'];
      for (const text of inputs) expect(() => session.onFrame(text, 1, sink)).not.toThrow();
      expect(sink.invalids.map((i) => [i.message.slice(0, 40), i.key])).toEqual([
        ['coinbase: frame is not valid JSON', undefined],
        ['coinbase: frame is not a JSON object', undefined],
        [expect.stringContaining('CoinbaseEnvelope'), undefined],
        [expect.stringContaining('"abc"'), 'level2:BTC-USD'],
        [expect.stringContaining('CoinbaseLevel2Event'), 'level2:ETH-USD'],
        [expect.stringContaining('CoinbaseTickerEvent'), undefined],
        [expect.stringContaining('CoinbaseCandlesEvent'), undefined],
        [expect.stringContaining('CoinbaseErrorMessage'), undefined],
      ]);
      expect(sink.invalids.every((i) => inputs.includes(i.frame))).toBe(true);
      expect(sink.exchangeErrors).toEqual([{ message: 'coinbase error: failure to subscribe', frame: '{"type":"error","message":"failure to subscribe"}' }]);
      expect(sink.delivered).toEqual([]);
      expect(sink.gaps).toEqual([]);
    });
  });
});
