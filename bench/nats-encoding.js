'use strict';
/**
 * Cost per event of the rxmarket/nats payload encoding against the obvious baseline, measured in the
 * same run on the same events: `JSON.stringify(event)` / `JSON.parse` of the normalized event (what
 * a home-made relay would send) versus the positional encoding of `encodeBookRecord` /
 * `decodeBookRecord` (and the trade and ticker codecs). Bytes per event and CPU ns per encode and
 * decode (median of 7 rounds, `--single-threaded` so only the main thread's CPU is counted).
 *
 *   node --single-threaded bench/nats-encoding.js [--events=200000]
 *
 * Events: Binance-like BTC/USDT book deltas of 1..20 levels (seeded), trades, tickers.
 */
const { parseArgs } = require('node:util');
const { cpuTimeIt, median, isSingleThreaded } = require('./lib/measure');
const { machineSummary } = require('./lib/machine');
const { printTable, formatInt } = require('./lib/table');
const { fromDist } = require('./lib/dist');

const codec = fromDist('nats/nats-codec');
const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' } } });
const count = Number(values.events);

let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const price = () => Math.round((65000 + (random() - 0.5) * 100) * 100) / 100;
const qty = () => (random() < 0.3 ? 0 : Math.round(random() * 1e5) / 1e5);
const now = 1_700_000_000_000;

const kinds = {
  'book delta (1..20 levels)': {
    events: Array.from({ length: count }, (_, i) => {
      const n = 1 + Math.floor(random() * 20);
      const bids = [];
      const asks = [];
      for (let j = 0; j < n; j++) (random() < 0.5 ? bids : asks).push([price(), qty()]);
      return { epoch: 'mx60tnoloobc', seq: i, event: { type: 'delta', exchange: 'binance', symbol: 'BTC/USDT', bids, asks, timestamp: now + i, localTimestamp: now + i + 0.8123 } };
    }),
    plain: (r) => r.event,
    encode: codec.encodeBookRecord,
    decode: (bytes) => codec.decodeBookRecord(bytes, 'binance', 'BTC/USDT'),
  },
  trade: {
    events: Array.from({ length: count }, (_, i) => ({ type: 'trade', exchange: 'binance', symbol: 'BTC/USDT', id: String(3_000_000_000 + i), price: price(), amount: qty() || 0.001, side: random() < 0.5 ? 'buy' : 'sell', timestamp: now + i, localTimestamp: now + i + 0.5123 })),
    plain: (t) => t,
    encode: codec.encodeTrade,
    decode: (bytes) => codec.decodeTrade(bytes, 'binance', 'BTC/USDT'),
  },
  ticker: {
    events: Array.from({ length: count }, (_, i) => ({ type: 'ticker', exchange: 'binance', symbol: 'BTC/USDT', price: price(), bid: price(), bidSize: qty(), ask: price(), askSize: qty(), high24h: 66000, low24h: 64000.5, volume24h: 12345.678, change24h: 1.234, timestamp: now + i, localTimestamp: now + i + 0.25 })),
    plain: (t) => t,
    encode: codec.encodeTicker,
    decode: (bytes) => codec.decodeTicker(bytes, 'binance', 'BTC/USDT'),
  },
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ROUNDS = 7;

function measure(events, encode, decode) {
  let encoded = [];
  const encodeMs = [];
  const decodeMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    encodeMs.push(cpuTimeIt(() => (encoded = events.map(encode))));
    decodeMs.push(cpuTimeIt(() => encoded.forEach(decode)));
  }
  const bytes = encoded.reduce((sum, b) => sum + b.length, 0) / events.length;
  return { bytes, encodeNs: (median(encodeMs) * 1e6) / events.length, decodeNs: (median(decodeMs) * 1e6) / events.length };
}

console.log(`# NATS payload encoding — ${machineSummary()}${isSingleThreaded() ? '' : ' (run with --single-threaded for main-thread CPU only)'}`);
const rows = [];
for (const [name, kind] of Object.entries(kinds)) {
  const plainEvents = kind.events.map(kind.plain);
  const base = measure(plainEvents, (e) => encoder.encode(JSON.stringify(e)), (b) => JSON.parse(decoder.decode(b)));
  const mine = measure(kind.events, kind.encode, kind.decode);
  rows.push([name, 'JSON.stringify(event) (baseline)', base.bytes.toFixed(0), base.encodeNs.toFixed(0), base.decodeNs.toFixed(0), '—']);
  rows.push([name, 'rxmarket/nats positional JSON', mine.bytes.toFixed(0), mine.encodeNs.toFixed(0), mine.decodeNs.toFixed(0), `${(mine.bytes / base.bytes).toFixed(2)}× / ${(mine.encodeNs / base.encodeNs).toFixed(2)}× / ${(mine.decodeNs / base.decodeNs).toFixed(2)}×`]);
}
printTable(['event', 'encoding', 'bytes/event', 'encode ns/event', 'decode + validate ns/event', 'ratio bytes / encode / decode'], rows, {
  title: `${formatInt(count)} events per kind, CPU time, median of ${ROUNDS} rounds`,
  alignLeft: 2,
});
