import type { SchedulerLike } from 'rxjs';
import type { Trade } from '../../model/trade';
import { decodeOrExplain, toNumber } from '../common/decode';
import type { ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import { parseDecimal } from '../common/parse-decimal';
import { GateioBookTickerResult, GateioError, GateioOrderBookUpdateResult, GateioTickerResult, GateioTradeResult, GateioUpdateFrame } from './gateio-codecs';
import { type GateioBestQuote, type GateioBookUpdate, type GateioTickerStats, parseGateioLevels } from './gateio-payloads';
import type { GateioRoutes } from './gateio-routes';
import { FrameScanner } from '../common/frame-scanner';
import { scanGateioBook } from './gateio-book-scanner';

/**
 * Streams one socket carries before the client opens another. Gate.io documents no limit for public
 * subscriptions (only ≤ 300 connections per IP); this is rxmarket's choice, to spread the traffic.
 *
 * @example
 * ```ts
 * GATEIO_STREAMS_PER_CONNECTION; // 100
 * ```
 */
export const GATEIO_STREAMS_PER_CONNECTION = 100;

/**
 * Subscribe/unsubscribe requests sent per second and socket. Gate.io limits only order requests on
 * its WebSocket ("others: no limit"); this is rxmarket's own budget.
 *
 * @example
 * ```ts
 * GATEIO_CONTROL_MESSAGES_PER_SECOND; // 20
 * ```
 */
export const GATEIO_CONTROL_MESSAGES_PER_SECOND = 20;

/**
 * A Gate.io request: `{"time":<s>,"id":…,"channel":…,"event":…,"payload":[…]}` (`time` in seconds;
 * the server refuses requests more than 60 s away from its clock).
 *
 * @example
 * ```ts
 * gateioRequest(1_700_000_000_000, 'spot.trades', 'subscribe', ['BTC_USDT'], 1);
 * // '{"time":1700000000,"id":1,"channel":"spot.trades","event":"subscribe","payload":["BTC_USDT"]}'
 * ```
 */
export function gateioRequest(nowMs: number, channel: string, event: string, payload: readonly string[], id: number): string {
  return JSON.stringify({ time: Math.floor(nowMs / 1000), id, channel, event, payload });
}

/**
 * Gate.io's application ping `{"time":<s>,"channel":"spot.ping"}` (answered with `spot.pong`; it
 * also resets the server's timeout of the connection).
 *
 * @example
 * ```ts
 * gateioPing(1_700_000_000_000); // '{"time":1700000000,"channel":"spot.ping"}'
 * ```
 */
export function gateioPing(nowMs: number): string {
  return JSON.stringify({ time: Math.floor(nowMs / 1000), channel: 'spot.ping' });
}

/**
 * Gate.io spot WebSocket v4 as an {@link ExchangeProtocol}: one request per stream (a refused
 * request fails as a whole, so each stream gets its own and a refusal errors only that stream),
 * `time` in every request and in the `spot.ping` keepalive, taken from the client's `scheduler`.
 *
 * @example
 * ```ts
 * const protocol = gateioProtocol('wss://api.gateio.ws/ws/v4/', new GateioRoutes(), hiResScheduler);
 * ```
 */
export function gateioProtocol(wsUrl: string, routes: GateioRoutes, scheduler: SchedulerLike): ExchangeProtocol {
  const request = (keys: readonly string[], event: 'subscribe' | 'unsubscribe', id: number): string => {
    const route = routes.route(keys[0]!)!;
    return gateioRequest(scheduler.now(), route.channel, event, route.payload, id);
  };
  return {
    exchange: 'gateio',
    url: wsUrl,
    maxStreamsPerConnection: GATEIO_STREAMS_PER_CONNECTION,
    controlMessagesPerSecond: GATEIO_CONTROL_MESSAGES_PER_SECOND,
    appPing: () => gateioPing(scheduler.now()),
    groupOf: (key) => key,
    subscribeMessage: (keys, id) => request(keys, 'subscribe', id),
    unsubscribeMessage: (keys, id) => request(keys, 'unsubscribe', id),
    createSession: () => createGateioSession(routes),
  };
}

/**
 * A Gate.io v4 frame session. With `fastPath` (the default), `spot.order_book_update` notifications in
 * Gate.io's exact layout are read by a hand-written scanner without `JSON.parse` (`scanGateioBook`);
 * anything else, and every frame when `fastPath` is `false`, takes the validated path. Both give the
 * same output or the same error.
 *
 * @example
 * ```ts
 * const session = createGateioSession(routes);
 * session.onFrame(text, Date.now(), sink);
 * createGateioSession(routes, false); // every frame through JSON.parse and the validated path
 * ```
 */
export function createGateioSession(routes: GateioRoutes, fastPath = true): FrameSession {
  return new GateioSession(routes, fastPath);
}

/** Why an order book payload was refused: the codec's report, or the level that is not a number pair. */
function explainBook(result: unknown): string {
  const report = decodeOrExplain(GateioOrderBookUpdateResult, result);
  return typeof report === 'string' ? report : 'gateio: order book level is not a valid number pair, or U > u';
}

/** The codec's report on a result that names no pair (only called when it does not decode). */
const explainTicker = (result: unknown): string => decodeOrExplain(GateioTickerResult, result) as string;
const explainBookTicker = (result: unknown): string => decodeOrExplain(GateioBookTickerResult, result) as string;
const explainTrade = (result: unknown): string => decodeOrExplain(GateioTradeResult, result) as string;

class GateioSession implements FrameSession {
  private readonly scanner = new FrameScanner();

  constructor(
    private readonly routes: GateioRoutes,
    private readonly fastPath: boolean,
  ) {}

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanGateioBook(this.scanner, text);
      const key = scanned && this.routes.keyOf('spot.order_book_update', scanned.pair);
      if (scanned !== undefined && key !== undefined) return sink.data(key, scanned.update);
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('gateio: frame is not valid JSON', text);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('gateio: frame is not a JSON object', text);
      return;
    }
    const frame = message as Record<string, unknown>;
    const channel = frame['channel'];
    const event = frame['event'];
    if (typeof channel === 'string') {
      if (event === 'update') return this.onUpdate(channel, frame, text, receivedAt, sink);
      if (event === 'subscribe' || event === 'unsubscribe') return this.onReply(channel, event, frame, text, sink);
      if (channel === 'spot.pong') return;
    } else if (frame['type'] === 'upgrade') {
      // The documented service-upgrade notice: the server closes the connection soon (the hub reconnects).
      sink.exchangeError(`gateio: ${typeof frame['msg'] === 'string' ? frame['msg'] : 'service upgrade notice'}`, text);
      return;
    }
    sink.invalid('gateio: unexpected frame (neither a notification nor a reply)', text);
  }

  private onReply(channel: string, event: 'subscribe' | 'unsubscribe', frame: Record<string, unknown>, text: string, sink: FrameSink): void {
    const error = frame['error'];
    if (error === undefined || error === null) return; // {"result":{"status":"success"}}
    const description = GateioError.is(error) ? `gateio error ${error.code}: ${error.message}` : `gateio error: ${JSON.stringify(error)}`;
    if (event === 'unsubscribe') return sink.exchangeError(description, text); // nothing left to fail
    if (typeof frame['id'] === 'number') return sink.rejected(frame['id'], undefined, description);
    // No request id echoed: the streams named by the echoed payload, if any.
    const payload = frame['payload'];
    const pair = Array.isArray(payload) && typeof payload[0] === 'string' ? payload[0] : undefined;
    const key = pair === undefined ? undefined : this.routes.keyOf(channel, pair);
    if (key === undefined) return sink.exchangeError(description, text);
    sink.rejected(undefined, [key], description);
  }

  private onUpdate(channel: string, frame: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const result = frame['result'];
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      sink.invalid(decodeOrExplain(GateioUpdateFrame, frame) as string, text);
      return;
    }
    const fields = result as Record<string, unknown>;
    switch (channel) {
      case 'spot.order_book_update':
        return this.onBook(fields, text, sink);
      case 'spot.tickers':
        return this.onTicker(fields, frame, text, receivedAt, sink);
      case 'spot.book_ticker':
        return this.onBookTicker(fields, text, receivedAt, sink);
      case 'spot.trades':
        return this.onTrade(fields, text, receivedAt, sink);
      default:
        return; // a channel this client never subscribes
    }
  }

  private keyFor(channel: string, pair: unknown, result: Record<string, unknown>, explain: (value: unknown) => string, text: string, sink: FrameSink): string | undefined {
    if (typeof pair !== 'string') {
      sink.invalid(explain(result), text);
      return undefined;
    }
    return this.routes.keyOf(channel, pair); // undefined: a pair this client never asked for
  }

  private onBook(result: Record<string, unknown>, text: string, sink: FrameSink): void {
    const key = this.keyFor('spot.order_book_update', result['s'], result, explainBook, text, sink);
    if (key === undefined) return;
    // Hot path: field types checked inline, levels parsed and validated in one pass; the codec
    // explains what is wrong only when something is.
    const t = result['t'];
    const U = result['U'];
    const u = result['u'];
    const full = result['full'];
    const valid =
      typeof t === 'number' && Number.isFinite(t) && Number.isSafeInteger(U) && Number.isSafeInteger(u) && (U as number) <= (u as number) && (full === undefined || typeof full === 'boolean');
    const bids = valid ? parseGateioLevels(result['b']) : undefined;
    const asks = bids && parseGateioLevels(result['a']);
    if (!asks) return sink.invalid(explainBook(result), text, key);
    const update: GateioBookUpdate = { first: U as number, last: u as number, full: full === true, timestamp: t as number, bids: bids!, asks };
    sink.data(key, update);
  }

  private onTicker(result: Record<string, unknown>, frame: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const key = this.keyFor('spot.tickers', result['currency_pair'], result, explainTicker, text, sink);
    if (key === undefined) return;
    const ticker = decodeOrExplain(GateioTickerResult, result);
    if (typeof ticker === 'string') return sink.invalid(ticker, text, key);
    const stats: GateioTickerStats = {
      price: toNumber(ticker.last),
      high24h: toNumber(ticker.high_24h),
      low24h: toNumber(ticker.low_24h),
      volume24h: toNumber(ticker.base_volume),
      change24h: toNumber(ticker.change_percentage),
      timestamp: frameTime(frame, receivedAt),
      localTimestamp: receivedAt,
    };
    const { price, high24h, low24h, volume24h, change24h } = stats;
    if (!(price > 0 && high24h >= 0 && low24h >= 0 && volume24h >= 0 && change24h === change24h)) {
      return sink.invalid('gateio: a ticker field is not a valid number (last > 0, 24 h figures ≥ 0)', text, key);
    }
    sink.data(key, stats);
  }

  private onBookTicker(result: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const key = this.keyFor('spot.book_ticker', result['s'], result, explainBookTicker, text, sink);
    if (key === undefined) return;
    const top = decodeOrExplain(GateioBookTickerResult, result);
    if (typeof top === 'string') return sink.invalid(top, text, key);
    const quote: GateioBestQuote = { bid: toNumber(top.b), bidSize: toNumber(top.B), ask: toNumber(top.a), askSize: toNumber(top.A), timestamp: top.t, localTimestamp: receivedAt };
    if (!(quote.bid >= 0 && quote.bidSize >= 0 && quote.ask >= 0 && quote.askSize >= 0 && Number.isFinite(top.t))) {
      return sink.invalid('gateio: a book ticker field is not a valid number (≥ 0)', text, key);
    }
    sink.data(key, quote);
  }

  private onTrade(result: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const key = this.keyFor('spot.trades', result['currency_pair'], result, explainTrade, text, sink);
    if (key === undefined) return;
    const trade = decodeOrExplain(GateioTradeResult, result);
    if (typeof trade === 'string') return sink.invalid(trade, text, key);
    const price = toNumber(trade.price);
    const amount = toNumber(trade.amount);
    const timestamp = parseDecimal(trade.create_time_ms);
    if (!(price > 0) || !(amount >= 0) || !Number.isFinite(timestamp) || !Number.isSafeInteger(trade.id)) {
      return sink.invalid('gateio: trade price/amount/time is not a valid number', text, key);
    }
    const normalized: Trade = {
      type: 'trade',
      exchange: 'gateio',
      symbol: this.routes.route(key)!.symbol,
      id: String(trade.id),
      price,
      amount,
      side: trade.side,
      timestamp,
      localTimestamp: receivedAt,
    };
    sink.data(key, normalized);
  }
}

/** The server time of a frame in ms: `time_ms`, else `time` (seconds), else the receipt time. */
function frameTime(frame: Record<string, unknown>, receivedAt: number): number {
  const ms = frame['time_ms'];
  if (typeof ms === 'number' && Number.isFinite(ms)) return ms;
  const seconds = frame['time'];
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : receivedAt;
}
