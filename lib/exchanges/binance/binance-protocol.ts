import type { BookLevel } from '../../model/book-event';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { decodeOrExplain, toNumber } from '../common/decode';
import type { ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import { isValidLevel } from '../../book/price-levels';
import { parseDecimal } from '../common/parse-decimal';
import { BinanceDepthUpdate, BinanceErrorBody, BinanceServerShutdown, BinanceStreamFrame, BinanceTicker, BinanceTrade } from './binance-codecs';
import type { BinanceRoutes } from './binance-routes';
import { FrameScanner } from '../common/frame-scanner';
import { scanBinanceDepth } from './binance-depth-scanner';

/**
 * A decoded depth update, as handed to the Binance book synchroniser.
 *
 * @example
 * ```ts
 * const diff: BinanceDepthDiff = { firstUpdateId: 157, lastUpdateId: 160, timestamp: 1, bids: [[100, 1]], asks: [] };
 * ```
 */
export interface BinanceDepthDiff {
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
  readonly timestamp: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/** Binance's limit of incoming messages per second and connection: control messages, pings and pongs. */
const MESSAGES_PER_SECOND = 5;
const STREAMS_PER_CONNECTION = 1024;

/**
 * Parses Binance wire levels (`[["price","qty"], …]`) in one validating pass: `undefined` unless
 * `levels` is an array of string pairs that are valid numbers (price > 0, quantity ≥ 0, finite).
 *
 * @example
 * ```ts
 * parseBinanceLevels([['0.3513', '6195']]); // [[0.3513, 6195]]
 * parseBinanceLevels([['x', '1']]);        // undefined
 * ```
 */
export function parseBinanceLevels(levels: unknown): BookLevel[] | undefined {
  if (!Array.isArray(levels)) return undefined;
  const out = new Array<BookLevel>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length !== 2) return undefined;
    const price: unknown = level[0];
    const quantity: unknown = level[1];
    if (typeof price !== 'string' || typeof quantity !== 'string') return undefined;
    const p = parseDecimal(price);
    const q = parseDecimal(quantity);
    if (!isValidLevel(p, q)) return undefined;
    out[i] = [p, q];
  }
  return out;
}

/** Why a depth payload was refused: the codec's report, or the level that is not a number pair. */
function explainDepth(data: unknown): string {
  const report = decodeOrExplain(BinanceDepthUpdate, data);
  return typeof report === 'string' ? report : 'binance: depth level is not a valid number pair';
}

/**
 * Binance spot's combined-stream protocol: `SUBSCRIBE`/`UNSUBSCRIBE` with ids, 1024 streams per
 * socket, at most 5 incoming messages per second counting ping and pong frames, WebSocket ping
 * frames for keepalive.
 *
 * @example
 * ```ts
 * const protocol = binanceProtocol('wss://stream.binance.com:9443', new BinanceRoutes());
 * ```
 */
export function binanceProtocol(wsUrl: string, routes: BinanceRoutes): ExchangeProtocol {
  return {
    exchange: 'binance',
    url: `${wsUrl.replace(/\/+$/, '')}/stream`,
    maxStreamsPerConnection: STREAMS_PER_CONNECTION,
    controlMessagesPerSecond: MESSAGES_PER_SECOND,
    keepaliveCountsAsControl: true,
    groupOf: () => 'streams',
    subscribeMessage: (keys, id) => JSON.stringify({ method: 'SUBSCRIBE', params: keys, id }),
    unsubscribeMessage: (keys, id) => JSON.stringify({ method: 'UNSUBSCRIBE', params: keys, id }),
    createSession: () => createBinanceSession(routes),
  };
}

/**
 * A Binance spot frame session. With `fastPath` (the default), depth frames in Binance's exact layout
 * are read by a hand-written scanner without `JSON.parse`; anything else, and every frame when
 * `fastPath` is `false`, takes the validated path. Both give the same output or the same error.
 *
 * @example
 * ```ts
 * const session = createBinanceSession(new BinanceRoutes());
 * session.onFrame(text, Date.now(), sink);
 * ```
 */
export function createBinanceSession(routes: BinanceRoutes, fastPath = true): FrameSession {
  return new BinanceSession(routes, fastPath);
}

const SHUTDOWN_REASON = 'binance serverShutdown notice: moving to a new socket';

/**
 * Binance's notice that the server is about to shut down (`{"e":"serverShutdown","E":…}`; the docs'
 * example wraps it as `{"event":{…}}`, and on a combined stream it may come as a stream's `data`).
 *
 * @example
 * ```ts
 * isServerShutdown({ e: 'serverShutdown', E: 1770123456789 }); // true
 * ```
 */
export function isServerShutdown(value: unknown): boolean {
  return BinanceServerShutdown.is(value);
}

class BinanceSession implements FrameSession {
  private readonly scanner = new FrameScanner();

  constructor(
    private readonly routes: BinanceRoutes,
    private readonly fastPath: boolean,
  ) {}

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanBinanceDepth(this.scanner, text, false);
      if (scanned !== undefined && this.routes.get(scanned.stream)?.kind === 'depth') {
        const diff: BinanceDepthDiff = { firstUpdateId: scanned.U, lastUpdateId: scanned.u, timestamp: scanned.E, bids: scanned.bids, asks: scanned.asks };
        return sink.data(scanned.stream, diff);
      }
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('binance: frame is not valid JSON', text);
      return;
    }
    if (typeof message !== 'object' || message === null) {
      sink.invalid('binance: frame is not a JSON object', text);
      return;
    }
    const stream = (message as { stream?: unknown }).stream;
    if (typeof stream === 'string') this.onStreamFrame(stream, message, text, receivedAt, sink);
    else this.onControlFrame(message as Record<string, unknown>, text, sink);
  }

  private onStreamFrame(key: string, message: object, text: string, receivedAt: number, sink: FrameSink): void {
    const route = this.routes.get(key);
    if (!route) {
      // a stream this client never asked for, or a late frame after unsubscribing — or a wrapped notice
      if (isServerShutdown((message as { data?: unknown }).data)) sink.reconnect?.(SHUTDOWN_REASON);
      return;
    }
    const data = (message as { data?: unknown }).data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      sink.invalid(decodeOrExplain(BinanceStreamFrame, message) as string, text, key);
      return;
    }
    switch (route.kind) {
      case 'depth': {
        // Hot path: the tag and field types checked inline, levels parsed and validated in one pass;
        // the io-ts codec explains what is wrong only when something is.
        const update = data as Record<string, unknown>;
        const E = update['E'];
        const U = update['U'];
        const u = update['u'];
        const valid =
          update['e'] === 'depthUpdate' && typeof E === 'number' && Number.isSafeInteger(U) && Number.isSafeInteger(u) && typeof update['s'] === 'string';
        const bids = valid ? parseBinanceLevels(update['b']) : undefined;
        const asks = bids && parseBinanceLevels(update['a']);
        if (!asks) return sink.invalid(explainDepth(data), text, key);
        const diff: BinanceDepthDiff = { firstUpdateId: U as number, lastUpdateId: u as number, timestamp: E as number, bids: bids!, asks };
        return sink.data(key, diff);
      }
      case 'ticker': {
        const ticker = decodeOrExplain(BinanceTicker, data);
        if (typeof ticker === 'string') return sink.invalid(ticker, text, key);
        const normalized: Ticker = {
          type: 'ticker',
          exchange: 'binance',
          symbol: route.symbol,
          price: toNumber(ticker.c),
          bid: toNumber(ticker.b),
          bidSize: toNumber(ticker.B),
          ask: toNumber(ticker.a),
          askSize: toNumber(ticker.A),
          high24h: toNumber(ticker.h),
          low24h: toNumber(ticker.l),
          volume24h: toNumber(ticker.v),
          change24h: toNumber(ticker.P),
          timestamp: ticker.E,
          localTimestamp: receivedAt,
        };
        const { price, bid, bidSize, ask, askSize, high24h, low24h, volume24h, change24h } = normalized;
        const valid = price > 0 && bid >= 0 && bidSize >= 0 && ask >= 0 && askSize >= 0 && high24h >= 0 && low24h >= 0 && volume24h >= 0 && change24h === change24h;
        if (!valid) {
          return sink.invalid('binance: a ticker field is not a valid number (price > 0, the rest ≥ 0)', text, key);
        }
        return sink.data(key, normalized);
      }
      case 'trade': {
        const trade = decodeOrExplain(BinanceTrade, data);
        if (typeof trade === 'string') return sink.invalid(trade, text, key);
        const price = toNumber(trade.p);
        const amount = toNumber(trade.q);
        if (!(price > 0) || !(amount >= 0)) return sink.invalid('binance: trade price/quantity is not a valid number', text, key);
        const normalized: Trade = {
          type: 'trade',
          exchange: 'binance',
          symbol: route.symbol,
          id: String(trade.t),
          price,
          amount,
          side: trade.m ? 'sell' : 'buy',
          timestamp: trade.T,
          localTimestamp: receivedAt,
        };
        return sink.data(key, normalized);
      }
    }
  }

  private onControlFrame(message: Record<string, unknown>, text: string, sink: FrameSink): void {
    if (isServerShutdown(message['event']) || isServerShutdown(message)) {
      sink.reconnect?.(SHUTDOWN_REASON);
      return;
    }
    const id = typeof message['id'] === 'number' ? message['id'] : undefined;
    if ('result' in message && id !== undefined) return; // {"result":null,"id":1}: request accepted
    const error = BinanceErrorBody.is(message['error']) ? message['error'] : BinanceErrorBody.is(message) ? message : undefined;
    if (error) {
      const description = `binance error ${error.code}: ${error.msg}`;
      if (id !== undefined) sink.rejected(id, undefined, description);
      else sink.exchangeError(description, text);
      return;
    }
    sink.invalid('binance: unexpected frame (neither a stream frame nor a reply)', text);
  }
}
