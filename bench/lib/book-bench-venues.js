'use strict';
/**
 * The venues of the book-throughput benchmark (bench/book-throughput.js), one entry each: the built
 * module it needs (`dist/…`; the venue is skipped until `npm run build`), and the runs it measures —
 * a title, the seeded dataset, the contenders and the reference contender, and a line describing the
 * dataset. Adding a venue to the benchmark is one entry here (plus its dataset and runners modules).
 */

/**
 * @typedef {{ title: string, dataset: object, runners: object[], reference: string, describe: string }} BenchRun
 * @typedef {{ id: string, dist?: string, runs: (options: { frames: number, seed: number }) => BenchRun[] }} BenchVenue
 */

/** @type {BenchVenue[]} */
const BOOK_BENCH_VENUES = [
  {
    id: 'binance',
    runs: ({ frames, seed }) => {
      const dataset = require('./binance-dataset').binanceDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'Binance depthUpdate → book',
        dataset,
        runners: require('./binance-runners').BINANCE_RUNNERS,
        reference: 'rxmarket',
        describe: `Binance dataset: seed ${seed}, ${s.frames} depthUpdate frames (combined-stream envelope), ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
      }];
    },
  },
  {
    id: 'kraken',
    dist: 'exchanges/kraken/kraken-protocol',
    runs: ({ frames, seed }) => {
      const dataset = require('./kraken-dataset').krakenDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'Kraken v2 book → book',
        dataset,
        runners: require('./kraken-runners').KRAKEN_RUNNERS,
        reference: 'rxmarket-checksum',
        describe: `Kraken v2 dataset: seed ${seed}, ${s.frames} book update frames with checksum, ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ${s.bytesPerFrame.toFixed(0)} bytes/frame, ${s.pushedOutPerFrame.toFixed(2)} levels/frame pushed out of depth (not sent, the client truncates), snapshot ${s.levelsPerSide} levels a side (subscription depth ${s.depth}), sha256 ${s.sha256}`,
      }];
    },
  },
  {
    id: 'bybit',
    dist: 'exchanges/bybit/bybit-protocol',
    runs: ({ frames, seed }) => {
      const dataset = require('./bybit-dataset').bybitDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'Bybit v5 orderbook.50 → book',
        dataset,
        runners: require('./bybit-runners').BYBIT_RUNNERS,
        reference: 'rxmarket',
        describe: `Bybit v5 dataset: seed ${seed}, ${s.frames} orderbook.50 delta frames (linear), ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20 changes, window deletions included), ${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
      }];
    },
  },
  {
    id: 'okx',
    dist: 'exchanges/okx/okx-protocol',
    runs: ({ frames, seed }) =>
      ['crc32', 'zero'].map((checksum) => {
        const dataset = require('./okx-dataset').okxDataset({ count: frames, seed, checksum });
        const s = dataset.stats;
        return {
          title: `OKX v5 books (checksum ${checksum}) → book`,
          dataset,
          runners: require('./okx-runners').OKX_RUNNERS,
          reference: 'rxmarket',
          describe: `OKX v5 dataset (checksum ${checksum === 'crc32' ? 'CRC32 of the top 25 on every frame' : '0: OKX from June 2026, nothing to verify'}): seed ${seed}, ${s.frames} books update frames, ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
        };
      }),
  },
  {
    id: 'gateio',
    dist: 'exchanges/gateio/gateio-protocol',
    runs: ({ frames, seed }) => {
      const dataset = require('./gateio-dataset').gateioDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'Gate.io spot.order_book_update → book',
        dataset,
        runners: require('./gateio-runners').GATEIO_RUNNERS,
        reference: 'rxmarket',
        describe: `Gate.io v4 dataset: seed ${seed}, ${s.frames} spot.order_book_update frames (100ms, 100 levels), ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ${s.bytesPerFrame.toFixed(0)} bytes/frame, REST snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
      }];
    },
  },
  {
    id: 'bitfinex',
    dist: 'exchanges/bitfinex/bitfinex-protocol',
    runs: ({ frames, seed }) => {
      const dataset = require('./bitfinex-dataset').bitfinexDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'Bitfinex book channel → book',
        dataset,
        runners: require('./bitfinex-runners').BITFINEX_RUNNERS,
        reference: 'rxmarket',
        describe: `Bitfinex v2 dataset: seed ${seed}, ${s.frames} book messages (P0, len 25, conf SEQ_ALL + OB_CHECKSUM): ${s.iterations} iterations of ${s.levelsPerIteration.toFixed(2)} level messages (1..20) + one cs each, ${s.bytesPerFrame.toFixed(0)} bytes/message, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
      }];
    },
  },
  {
    id: 'deribit',
    dist: 'exchanges/deribit/deribit-protocol',
    runs: ({ frames, seed }) => {
      const dataset = require('./deribit-dataset').deribitDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'Deribit book.{instrument}.100ms → book',
        dataset,
        runners: require('./deribit-runners').DERIBIT_RUNNERS,
        reference: 'rxmarket',
        describe: `Deribit dataset: seed ${seed}, ${s.frames} book.BTC-PERPETUAL.100ms change notifications, ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20 new/change/delete), ${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
      }];
    },
  },
  {
    id: 'kucoin',
    dist: 'exchanges/kucoin/kucoin-protocol',
    runs: ({ frames, seed }) => {
      const dataset = require('./kucoin-dataset').kucoinDataset({ count: frames, seed });
      const s = dataset.stats;
      return [{
        title: 'KuCoin /market/level2 → book',
        dataset,
        runners: require('./kucoin-runners').KUCOIN_RUNNERS,
        reference: 'rxmarket',
        describe: `KuCoin dataset: seed ${seed}, ${s.frames} /market/level2 frames, ${s.levelsPerFrame.toFixed(2)} changes/frame (1..20), ${s.bytesPerFrame.toFixed(0)} bytes/frame, REST level2_100 snapshot of the whole ${s.levelsPerSide}-level book, sha256 ${s.sha256}`,
      }];
    },
  },
];

module.exports = { BOOK_BENCH_VENUES };
