import { readFileSync } from 'node:fs';
import { parseRfc3339 } from '../../exchanges/common/parse-rfc3339';
import { RecordingBuilder } from './recording-builder';

/**
 * Options of {@link convertKrakenBookFixture}: the pair's instrument (the fixture lacks the
 * `instrument` channel the client needs for checksums; Kraken lists BTC/USD with price precision 1
 * and quantity precision 8).
 *
 * @example
 * ```ts
 * const options: KrakenBookFixture = { file: 'kraken-v2-book-btcusd.json', depth: 10, pricePrecision: 1, qtyPrecision: 8 };
 * ```
 */
export interface KrakenBookFixture {
  readonly file: string;
  readonly depth: number;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
}

interface BookMessage {
  readonly channel: 'book';
  readonly type: 'snapshot' | 'update';
  readonly data: readonly { readonly symbol: string; readonly timestamp?: string }[];
}

/**
 * Converts a Kraken WS v2 book fixture (`{ init: <snapshot message>, updates: [<update message>…] }`,
 * the shape of python-kraken-sdk's `orderbook-v2.json` in `spec/fixtures/real/`) into a recording
 * `kraken()` replays: one connection to `wss://ws.kraken.com/v2`, the session Kraken opens with
 * (`status`), acks and the `instrument` snapshot made up from `options` (the fixture has no such
 * frames; they are marked in the header's `source`), then the snapshot and every update verbatim
 * (as re-serialized by the fixture), each received at its own `timestamp` (the snapshot just before
 * the first update). One `subscribe` record: `book(symbol, { depth })`.
 *
 * @example
 * ```ts
 * convertKrakenBookFixture({ file: 'kraken-v2-book-btcusd.json', depth: 10, pricePrecision: 1, qtyPrecision: 8 }).write('kraken.rxrec.gz');
 * ```
 */
export function convertKrakenBookFixture(options: KrakenBookFixture): RecordingBuilder {
  const fixture = JSON.parse(readFileSync(options.file, 'utf8')) as { init: BookMessage; updates: readonly BookMessage[] };
  const symbol = fixture.init.data[0]?.symbol;
  if (!symbol) throw new TypeError(`${options.file}: the init message names no symbol`);
  const times = fixture.updates.map((update) => parseRfc3339(update.data[0]?.timestamp ?? ''));
  if (times.some((t) => Number.isNaN(t))) throw new TypeError(`${options.file}: every update needs an RFC 3339 timestamp`);
  const start = (fixture.init.data[0]?.timestamp ? parseRfc3339(fixture.init.data[0].timestamp) : times[0]! - 1) - 1;
  const [base, quote] = symbol.split('/');
  const builder = new RecordingBuilder({
    exchange: 'kraken',
    options: { wsUrl: 'wss://ws.kraken.com/v2' },
    source: `Kraken book fixture ${options.file.split('/').pop()} (status, acks and the instrument snapshot made up: the fixture holds the book messages only)`,
  });
  const conn = builder.conn('ws');
  const at = (offset: number): number => start + offset / 1000; // µs steps before the book
  builder.add({ type: 'subscribe', sub: 1, method: 'book', symbols: [symbol], options: { depth: options.depth }, ts: at(0) });
  builder.add({ type: 'connect', conn, url: 'wss://ws.kraken.com/v2', ts: at(1) });
  builder.add({ type: 'open', conn, ts: at(2) });
  const recv = (data: unknown, ts: number): void => builder.add({ type: 'recv', conn, data: JSON.stringify(data), ts });
  recv({ channel: 'status', type: 'update', data: [{ api_version: 'v2', connection_id: 1, system: 'online', version: '2.0.0' }] }, at(3));
  recv({ method: 'subscribe', result: { channel: 'instrument', snapshot: true }, success: true }, at(4));
  const increment = (decimals: number): number => Number((10 ** -decimals).toFixed(decimals));
  const pair = {
    symbol,
    base,
    quote,
    status: 'online',
    qty_precision: options.qtyPrecision,
    qty_increment: increment(options.qtyPrecision),
    price_precision: options.pricePrecision,
    price_increment: increment(options.pricePrecision),
    cost_precision: 5,
    marginable: true,
    has_index: true,
    cost_min: 0.5,
    tick_size: increment(options.pricePrecision),
    qty_min: 0.0001,
  };
  recv({ channel: 'instrument', type: 'snapshot', data: { assets: [], pairs: [pair] } }, at(5));
  recv({ method: 'subscribe', result: { channel: 'book', depth: options.depth, snapshot: true, symbol }, success: true }, at(6));
  recv(fixture.init, at(7));
  fixture.updates.forEach((update, i) => recv(update, Math.max(times[i]!, at(8))));
  return builder;
}
