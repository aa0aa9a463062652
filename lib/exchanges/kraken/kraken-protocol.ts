import type { BookLevel } from '../../model/book-event';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { decodeOrExplain } from '../common/decode';
import type { ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import { parseLevels } from '../common/parse-levels';
import {
  KrakenBookMessage,
  KrakenInstrumentMessage,
  type KrakenLevel,
  KrakenReply,
  KrakenTickerMessage,
  KrakenTradeMessage,
} from './kraken-codecs';
import type { KrakenInstrumentsPayload } from './kraken-instruments';
import { KRAKEN_INSTRUMENT_KEY, krakenGroupOf, parseKrakenKey } from './kraken-keys';
import type { KrakenRequestLog } from './kraken-request-log';
import type { KrakenRoutes } from './kraken-routes';
import { parseRfc3339 } from '../common/parse-rfc3339';
import { FrameScanner } from '../common/frame-scanner';
import { scanKrakenBook } from './kraken-book-scanner';

/**
 * A decoded `book` message of one symbol, as handed to the Kraken book listener.
 *
 * @example
 * ```ts
 * const update: KrakenBookPayload = { type: 'update', bids: [[29423, 2.54902601]], asks: [], checksum: 434883881, timestamp: 1690731001581 };
 * ```
 */
export interface KrakenBookPayload {
  readonly type: 'snapshot' | 'update';
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  /** Kraken's CRC32 of the top 10 levels after applying this message. */
  readonly checksum: number;
  /** Exchange time, epoch ms (the receipt time when the message has none, as old snapshots). */
  readonly timestamp: number;
  /**
   * The quantities' exact texts where a float64 cannot hold them (more than 15 significant digits),
   * aligned with `bids`/`asks` (`undefined` elsewhere); absent when the frame has none. The checksum
   * hashes these digits, as Kraken's guide asks (read numbers with a decimal or string decoder).
   */
  readonly exactQty?: ExactQuantities;
}

/** Exact quantity texts of a book message, aligned with its levels (see {@link KrakenBookPayload.exactQty}). */
export interface ExactQuantities {
  readonly bids: readonly (string | undefined)[];
  readonly asks: readonly (string | undefined)[];
}

/** Kraken publishes no per-connection subscription limit: a conservative choice (see docs/exchanges/kraken.md). */
const STREAMS_PER_CONNECTION = 200;
/** Kraken publishes no control-message rate either; stay well below what clients are known to use. */
const CONTROL_MESSAGES_PER_SECOND = 5;

const levelPrice = (level: KrakenLevel): number => level.price;
const levelQty = (level: KrakenLevel): number => level.qty;

/**
 * Kraken WS v2's public market-data protocol: `{"method":"subscribe","params":{"channel",…},"req_id"}`
 * requests batched per channel (and book depth), application-level `{"method":"ping"}` keepalive, and
 * a decoder that routes `book`, `ticker`, `trade` and `instrument` frames by symbol.
 *
 * @example
 * ```ts
 * const protocol = krakenProtocol('wss://ws.kraken.com/v2', new KrakenRoutes(), new KrakenRequestLog());
 * protocol.subscribeMessage(['book:BTC/USD:10'], 1); // '{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10},"req_id":1}'
 * ```
 */
export function krakenProtocol(url: string, routes: KrakenRoutes, requests: KrakenRequestLog): ExchangeProtocol {
  let pingId = 0;
  return {
    exchange: 'kraken',
    url,
    maxStreamsPerConnection: STREAMS_PER_CONNECTION,
    controlMessagesPerSecond: CONTROL_MESSAGES_PER_SECOND,
    appPing: () => `{"method":"ping","req_id":${(pingId = (pingId + 1) % 1_000_000_000)}}`,
    groupOf: krakenGroupOf,
    subscribeMessage: (keys, id) => {
      requests.record(id, keys);
      return krakenRequest('subscribe', keys, id);
    },
    unsubscribeMessage: (keys, id) => krakenRequest('unsubscribe', keys, id),
    createSession: () => createKrakenSession(routes, requests),
  };
}

/**
 * A Kraken v2 frame session. With `fastPath` (the default), single-symbol book frames in Kraken's exact
 * layout are read by a hand-written scanner without `JSON.parse`; anything else, and every frame when
 * `fastPath` is `false`, takes the validated path. Both give the same output or the same error.
 *
 * @example
 * ```ts
 * const session = createKrakenSession(routes, requests);
 * session.onFrame(text, Date.now(), sink);
 * ```
 */
export function createKrakenSession(routes: KrakenRoutes, requests: KrakenRequestLog, fastPath = true): FrameSession {
  return new KrakenSession(routes, requests, fastPath);
}

/**
 * The request text for keys of one group: `params` holds the channel, the symbol list and, for books,
 * the depth. Trades are subscribed without the 50-trade history snapshot (`snapshot: false`): a
 * resubscribe after a reconnect would otherwise replay trades already delivered.
 *
 * @example
 * ```ts
 * krakenRequest('unsubscribe', ['ticker:BTC/USD', 'ticker:ETH/USD'], 4);
 * // '{"method":"unsubscribe","params":{"channel":"ticker","symbol":["BTC/USD","ETH/USD"]},"req_id":4}'
 * ```
 */
export function krakenRequest(method: 'subscribe' | 'unsubscribe', keys: readonly string[], id: number): string {
  const first = parseKrakenKey(keys[0]!);
  if (first.channel === 'instrument') return JSON.stringify({ method, params: { channel: 'instrument' }, req_id: id });
  const symbol = keys.map((key) => parseKrakenKey(key).symbol!);
  const params =
    first.channel === 'book'
      ? { channel: 'book', symbol, depth: first.depth }
      : first.channel === 'trade' && method === 'subscribe'
        ? { channel: 'trade', symbol, snapshot: false }
        : { channel: first.channel, symbol };
  return JSON.stringify({ method, params, req_id: id });
}

/** RFC 3339 → epoch ms; `fallback` when absent, `NaN` when unreadable. */
function timeOf(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : parseRfc3339(text);
}

const SYMBOL_IN_TEXT = /"symbol"\s*:\s*"([^"]{1,64})"/;

class KrakenSession implements FrameSession {
  private readonly scanner = new FrameScanner();

  constructor(
    private readonly routes: KrakenRoutes,
    private readonly requests: KrakenRequestLog,
    private readonly fastPath: boolean,
  ) {}

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanKrakenBook(this.scanner, text);
      const key = scanned && this.routes.bookKey(scanned.symbol);
      if (scanned !== undefined && key !== undefined) {
        const timestamp = parseRfc3339(scanned.timestamp);
        if (!Number.isNaN(timestamp)) {
          const payload: KrakenBookPayload = { type: scanned.type, bids: scanned.bids, asks: scanned.asks, checksum: scanned.checksum, timestamp };
          return sink.data(key, payload);
        }
      }
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('kraken: frame is not valid JSON', text, this.bookKeyInText(text));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('kraken: frame is not a JSON object', text);
      return;
    }
    const channel = (message as { channel?: unknown }).channel;
    switch (channel) {
      case 'book':
        return this.onBook(message, text, receivedAt, sink);
      case 'ticker':
        return this.onTicker(message, text, receivedAt, sink);
      case 'trade':
        return this.onTrade(message, text, receivedAt, sink);
      case 'instrument':
        return this.onInstrument(message, text, sink);
      case 'heartbeat':
      case 'status':
        return; // signs of life (any frame resets the ping timeout); status changes need no action here
      case undefined:
        return this.onReply(message, text, sink);
      default:
        return; // a channel this client never subscribes to
    }
  }

  private onBook(message: object, text: string, receivedAt: number, sink: FrameSink): void {
    if (!KrakenBookMessage.is(message)) {
      const data = (message as { data?: unknown }).data;
      const symbol = Array.isArray(data) ? (data[0] as { symbol?: unknown } | undefined)?.symbol : undefined;
      sink.invalid(decodeOrExplain(KrakenBookMessage, message) as string, text, typeof symbol === 'string' ? this.routes.bookKey(symbol) : undefined);
      return;
    }
    // numbers longer than a float64 holds: their texts, for the checksum (rare: the fast path never takes them)
    const exact = LONG_NUMBER.test(text) ? exactQuantities(text, message.data) : undefined;
    for (let index = 0; index < message.data.length; index++) {
      const item = message.data[index]!;
      const key = this.routes.bookKey(item.symbol);
      if (key === undefined) continue; // not (or no longer) subscribed
      const bids = parseLevels(item.bids, levelPrice, levelQty);
      const asks = parseLevels(item.asks, levelPrice, levelQty);
      const timestamp = timeOf(item.timestamp, receivedAt);
      if (!bids || !asks || Number.isNaN(timestamp)) {
        sink.invalid('kraken: book level or timestamp is not valid', text, key);
        continue;
      }
      const exactQty = exact?.[index];
      const payload: KrakenBookPayload = exactQty ? { type: message.type, bids, asks, checksum: item.checksum, timestamp, exactQty } : { type: message.type, bids, asks, checksum: item.checksum, timestamp };
      sink.data(key, payload);
    }
  }

  private onTicker(message: object, text: string, receivedAt: number, sink: FrameSink): void {
    const decoded = decodeOrExplain(KrakenTickerMessage, message);
    if (typeof decoded === 'string') return sink.invalid(decoded, text);
    for (const item of decoded.data) {
      const key = this.routes.tickerKey(item.symbol);
      const timestamp = timeOf(item.timestamp, receivedAt);
      if (Number.isNaN(timestamp)) {
        sink.invalid('kraken: ticker timestamp is not RFC 3339', text, key);
        continue;
      }
      const ticker: Ticker = {
        type: 'ticker',
        exchange: 'kraken',
        symbol: item.symbol,
        price: item.last,
        bid: item.bid,
        bidSize: item.bid_qty,
        ask: item.ask,
        askSize: item.ask_qty,
        high24h: item.high,
        low24h: item.low,
        volume24h: item.volume,
        change24h: item.change_pct,
        timestamp,
        localTimestamp: receivedAt,
      };
      sink.data(key, ticker);
    }
  }

  private onTrade(message: object, text: string, receivedAt: number, sink: FrameSink): void {
    const decoded = decodeOrExplain(KrakenTradeMessage, message);
    if (typeof decoded === 'string') return sink.invalid(decoded, text);
    for (const item of decoded.data) {
      const key = this.routes.tradeKey(item.symbol);
      const timestamp = parseRfc3339(item.timestamp);
      if (!(item.price > 0) || !(item.qty >= 0) || Number.isNaN(timestamp)) {
        sink.invalid('kraken: trade price, quantity or timestamp is not valid', text, key);
        continue;
      }
      const trade: Trade = {
        type: 'trade',
        exchange: 'kraken',
        symbol: item.symbol,
        id: String(item.trade_id),
        price: item.price,
        amount: item.qty,
        side: item.side,
        timestamp,
        localTimestamp: receivedAt,
      };
      sink.data(key, trade);
    }
  }

  private onInstrument(message: object, text: string, sink: FrameSink): void {
    const decoded = decodeOrExplain(KrakenInstrumentMessage, message);
    if (typeof decoded === 'string') return sink.invalid(decoded, text, KRAKEN_INSTRUMENT_KEY);
    const payload: KrakenInstrumentsPayload = { snapshot: decoded.type === 'snapshot', pairs: decoded.data.pairs };
    sink.data(KRAKEN_INSTRUMENT_KEY, payload);
  }

  private onReply(message: object, text: string, sink: FrameSink): void {
    if (!KrakenReply.is(message)) {
      sink.invalid('kraken: unexpected frame (neither a channel message nor a reply)', text);
      return;
    }
    if (message.success !== false && message.error === undefined) return; // ack or pong
    const error = message.error ?? 'request failed';
    // Unsubscribing what the server does not hold (e.g. a stream it refused) already has the wanted effect.
    if (message.method === 'unsubscribe' && /subscription not found/i.test(error)) return;
    if (message.method !== 'subscribe' || /already subscribed/i.test(error)) {
      sink.exchangeError(`kraken ${message.method} failed: ${error}`, text);
      return;
    }
    const description = `kraken subscribe${message.symbol === undefined ? '' : ` ${message.symbol}`} failed: ${error}`;
    const keys = message.req_id === undefined ? [] : this.requests.keysFor(message.req_id, message.symbol);
    if (keys.length > 0) sink.rejected(message.req_id, keys, description);
    else sink.exchangeError(description, text);
  }

  /** Error path only: the book stream a broken frame was meant for, if its text names a routed symbol. */
  private bookKeyInText(text: string): string | undefined {
    if (!text.includes('"book"')) return undefined;
    const symbol = SYMBOL_IN_TEXT.exec(text)?.[1];
    return symbol === undefined ? undefined : this.routes.bookKey(symbol);
  }
}

/** A number in a frame with more than 15 significant digits (or a long run of digits and points). */
const LONG_NUMBER = /\d[\d.]{15,}/;
const QTY_TEXT = /"qty"\s*:\s*(-?[0-9][0-9.eE+-]*)/g;

/** Whether a decimal text has more significant digits than a float64 holds exactly (15). */
function beyondFloat64(text: string): boolean {
  let significant = 0;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue; // '.', '-'
    if (leading && code === 48) continue;
    leading = false;
    significant++;
  }
  return significant > 15;
}

/**
 * The exact texts of the quantities of every item's `bids` and `asks`, read from the frame in text
 * order (the order `JSON.parse` keeps: items in order, their keys as written); `undefined` for an item
 * without a long quantity, and for every item when the texts do not line up with the parsed levels.
 */
function exactQuantities(text: string, items: readonly { readonly bids: readonly unknown[]; readonly asks: readonly unknown[] }[]): (ExactQuantities | undefined)[] | undefined {
  const texts = Array.from(text.matchAll(QTY_TEXT), (match) => match[1]!);
  const total = items.reduce((sum, item) => sum + item.bids.length + item.asks.length, 0);
  if (texts.length !== total) return undefined;
  let next = 0;
  return items.map((item) => {
    const sides: Record<'bids' | 'asks', (string | undefined)[]> = { bids: [], asks: [] };
    let any = false;
    for (const side of Object.keys(item)) {
      if (side !== 'bids' && side !== 'asks') continue;
      for (let i = 0; i < item[side].length; i++) {
        const qty = texts[next++]!;
        const long = beyondFloat64(qty) && !/[eE]/.test(qty);
        sides[side].push(long ? qty : undefined);
        any ||= long;
      }
    }
    return any ? sides : undefined;
  });
}
