import type { Trade } from '../../model/trade';
import { decodeOrExplain } from '../common/decode';
import type { ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import { parseDecimal } from '../common/parse-decimal';
import { type BybitBookPayload, decodeBybitBook } from './bybit-book-decode';
import { scanBybitBook } from './bybit-book-scanner';
import { FrameScanner } from '../common/frame-scanner';
import { BybitReply, BybitTickerMessage, BybitTradeMessage } from './bybit-codecs';
import { type BybitCategory, type BybitRoute, type BybitRoutes, parseBybitKey } from './bybit-routes';
import { BybitTickerMerge, linearTickerPayload, spotTickerPayload } from './bybit-tickers';

/**
 * The path of each category's public endpoint, appended to the client's `wsUrl`.
 *
 * @example
 * ```ts
 * `wss://stream.bybit.com${BYBIT_PUBLIC_PATHS.linear}`; // 'wss://stream.bybit.com/v5/public/linear'
 * ```
 */
export const BYBIT_PUBLIC_PATHS: Readonly<Record<BybitCategory, string>> = { spot: '/v5/public/spot', linear: '/v5/public/linear' };

/**
 * Bybit's public "args" limits: spot takes at most 10 topics per subscribe request; every category
 * at most 21 000 characters of args per connection (500 topics of ≤ 40 characters stay below it).
 */
const ARGS_PER_REQUEST = 10;
const TOPICS_PER_CONNECTION = 500;
/** Bybit publishes no subscribe rate for public streams; a conservative pace (10 topics each: 100 topics/s). */
const CONTROL_MESSAGES_PER_SECOND = 10;
/** Bybit's keepalive: `{"op":"ping"}` (the docs recommend one every 20 s). */
const PING = '{"op":"ping"}';

const TOPIC_IN_TEXT = /"topic"\s*:\s*"([^"]{1,100})"/;
const TOPIC_IN_ERROR = /topic:([^,\s]+)/g;

/**
 * Bybit v5's public market-data protocol over one endpoint per category: keys are
 * `<category>:<topic>` and `urlOf` sends each to its category's socket; `{"req_id","op":"subscribe",
 * "args":[topics]}` requests of at most 10 topics (spot's limit, kept on linear too), 500 topics per
 * socket, `{"op":"ping"}` keepalive, and a decoder that routes `orderbook`, `tickers` and
 * `publicTrade` frames by topic.
 *
 * @example
 * ```ts
 * const protocol = bybitProtocol('wss://stream.bybit.com', new BybitRoutes());
 * protocol.urlOf?.('linear:tickers.BTCUSDT');                // 'wss://stream.bybit.com/v5/public/linear'
 * protocol.subscribeMessage(['spot:publicTrade.BTCUSDT'], 3); // '{"req_id":"3","op":"subscribe","args":["publicTrade.BTCUSDT"]}'
 * ```
 */
export function bybitProtocol(wsUrl: string, routes: BybitRoutes): ExchangeProtocol {
  const base = wsUrl.replace(/\/+$/, '');
  const urls: Record<BybitCategory, string> = { spot: `${base}${BYBIT_PUBLIC_PATHS.spot}`, linear: `${base}${BYBIT_PUBLIC_PATHS.linear}` };
  const request = (op: 'subscribe' | 'unsubscribe', keys: readonly string[], id: number): string =>
    JSON.stringify({ req_id: String(id), op, args: keys.map((key) => parseBybitKey(key).topic) });
  return {
    exchange: 'bybit',
    url: urls.spot,
    urlOf: (key) => urls[parseBybitKey(key).category],
    maxStreamsPerConnection: TOPICS_PER_CONNECTION,
    maxKeysPerMessage: ARGS_PER_REQUEST,
    controlMessagesPerSecond: CONTROL_MESSAGES_PER_SECOND,
    appPing: () => PING,
    groupOf: () => 'topics',
    subscribeMessage: (keys, id) => request('subscribe', keys, id),
    unsubscribeMessage: (keys, id) => request('unsubscribe', keys, id),
    createSession: (url) => new BybitSession(url === urls.linear ? 'linear' : 'spot', routes),
  };
}

/**
 * The decoder of one Bybit socket (one category). With `fastPath` (the default), book frames in
 * Bybit's exact layout are read by a hand-written scanner without `JSON.parse` (`scanBybitBook`);
 * anything else, and every frame when `fastPath` is `false`, is parsed and books take the inline
 * hot path (`decodeBybitBook`); both give the same output or the same error. Tickers are merged per topic (snapshot + deltas) and normalized, trades are
 * emitted one by one; replies are acks, pongs or refusals (a refused topic errors its own stream).
 *
 * @example
 * ```ts
 * const session = new BybitSession('linear', routes);
 * session.onFrame(text, receivedAt, sink);
 * new BybitSession('linear', routes, false); // every frame through JSON.parse and the validated path
 * ```
 */
export class BybitSession implements FrameSession {
  private readonly tickers = new BybitTickerMerge();
  private readonly scanner = new FrameScanner();

  constructor(
    readonly category: BybitCategory,
    private readonly routes: BybitRoutes,
    private readonly fastPath = true,
  ) {}

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanBybitBook(this.scanner, text);
      const route = scanned && this.routes.get(this.category, scanned.topic);
      if (scanned !== undefined && route !== undefined && route.kind === 'book') {
        const payload: BybitBookPayload = { type: scanned.type, bids: scanned.bids, asks: scanned.asks, updateId: scanned.u, sequence: scanned.seq, timestamp: scanned.ts };
        return sink.data(route.key, payload);
      }
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('bybit: frame is not valid JSON', text, this.keyInText(text));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('bybit: frame is not a JSON object', text);
      return;
    }
    const topic = (message as { topic?: unknown }).topic;
    if (typeof topic !== 'string') {
      this.onReply(message, text, sink);
      return;
    }
    const route = this.routes.get(this.category, topic);
    if (route === undefined) return; // a topic this client never asked for on this socket
    switch (route.kind) {
      case 'book': {
        const result = decodeBybitBook(message as Record<string, unknown>);
        if (typeof result === 'string') sink.invalid(result, text, route.key);
        else sink.data(route.key, result);
        return;
      }
      case 'ticker':
        return this.onTicker(route, message, text, receivedAt, sink);
      case 'trade':
        return this.onTrades(route, message, text, receivedAt, sink);
    }
  }

  private onTicker(route: BybitRoute, message: object, text: string, receivedAt: number, sink: FrameSink): void {
    const decoded = decodeOrExplain(BybitTickerMessage, message);
    if (typeof decoded === 'string') {
      this.tickers.forget(route.topic);
      sink.invalid(decoded, text, route.key);
      return;
    }
    const fields = this.tickers.apply(route.topic, decoded.type, decoded.data);
    if (fields === undefined) return; // a delta before the topic's snapshot
    const payload =
      this.category === 'linear' ? linearTickerPayload(route.symbol, fields, decoded.ts, receivedAt) : spotTickerPayload(fields, decoded.ts, receivedAt);
    if (typeof payload === 'string') {
      this.tickers.forget(route.topic);
      sink.invalid(payload, text, route.key);
      return;
    }
    sink.data(route.key, payload);
  }

  private onTrades(route: BybitRoute, message: object, text: string, receivedAt: number, sink: FrameSink): void {
    const decoded = decodeOrExplain(BybitTradeMessage, message);
    if (typeof decoded === 'string') {
      sink.invalid(decoded, text, route.key);
      return;
    }
    for (const item of decoded.data) {
      const price = parseDecimal(item.p);
      const amount = parseDecimal(item.v);
      if (!(price > 0 && price < Infinity) || !(amount >= 0 && amount < Infinity)) {
        sink.invalid('bybit: trade price or size is not a valid number', text, route.key);
        continue;
      }
      const trade: Trade = {
        type: 'trade',
        exchange: 'bybit',
        symbol: route.symbol,
        id: item.i,
        price,
        amount,
        side: item.S === 'Buy' ? 'buy' : 'sell',
        timestamp: item.T,
        localTimestamp: receivedAt,
      };
      sink.data(route.key, trade);
    }
  }

  private onReply(message: object, text: string, sink: FrameSink): void {
    if (!BybitReply.is(message)) {
      sink.invalid('bybit: unexpected frame (neither a topic message nor a reply)', text);
      return;
    }
    const { op, success, ret_msg: retMsg } = message;
    if (op === 'pong' || retMsg === 'pong' || success !== false) return; // keepalive answer or ack
    const error = retMsg ?? 'request failed';
    const description = `bybit ${op} failed: ${error}`;
    if (op !== 'subscribe' || /already subscribed/i.test(error)) {
      sink.exchangeError(description, text);
      return;
    }
    // A refusal names its topics ("error:handler not found,topic:orderbook.30.BTCUSDT"); otherwise
    // (e.g. "args size >10") the whole request was refused.
    const keys: string[] = [];
    for (const match of error.matchAll(TOPIC_IN_ERROR)) {
      const route = this.routes.get(this.category, match[1]!);
      if (route) keys.push(route.key);
    }
    const requestId = message.req_id === undefined || message.req_id === '' ? NaN : Number(message.req_id);
    if (keys.length > 0) sink.rejected(undefined, keys, description);
    else if (Number.isSafeInteger(requestId)) sink.rejected(requestId, undefined, description);
    else sink.exchangeError(description, text);
  }

  /** Error path only: the stream a broken frame was meant for, if its text names a routed topic. */
  private keyInText(text: string): string | undefined {
    const topic = TOPIC_IN_TEXT.exec(text)?.[1];
    return topic === undefined ? undefined : this.routes.get(this.category, topic)?.key;
  }
}
