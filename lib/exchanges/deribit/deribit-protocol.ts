import * as t from 'io-ts';
import type { Trade } from '../../model/trade';
import type { ControlRequest } from '../common/control-queue';
import { decodeOrExplain } from '../common/decode';
import type { ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import { decodeDeribitBook } from './deribit-book-decode';
import { DeribitReply, type DeribitRpcError, DeribitTickerData, DeribitTrade } from './deribit-codecs';
import type { DeribitRoute, DeribitRoutes } from './deribit-routes';
import { deribitTickerPayload } from './deribit-tickers';
import { FrameScanner } from '../common/frame-scanner';
import { scanDeribitBook } from './deribit-book-scanner';

/**
 * Deribit's public limits as rxmarket keeps them: subscribe requests cost 3 000 credits of a 30 000
 * pool refilled at about 3.3 requests a second (3 a second, per client: the credits are per account
 * or IP, not per socket); one request must stay under 32 KB (100 channels); Deribit documents no
 * channel limit per connection (500 is a conservative choice).
 */
const SUBSCRIBES_PER_SECOND = 3;
const CHANNELS_PER_REQUEST = 100;
const CHANNELS_PER_CONNECTION = 500;
/** Ids of the session's own requests (`public/set_heartbeat`, `public/test`), far above the control queue's. */
const SESSION_REQUEST_IDS = 1_000_000_000;
const REQUEST_MEMORY = 256;
/** `too_many_requests`: credits exhausted; Deribit closes the session (not a refusal of the channels). */
const TOO_MANY_REQUESTS = 10028;

const CHANNEL_IN_TEXT = /"channel"\s*:\s*"([^"]{1,200})"/;
const Trades = t.array(DeribitTrade, 'DeribitTrades');

/**
 * A JSON-RPC 2.0 request as Deribit reads it.
 *
 * @example
 * ```ts
 * deribitRequest(3, 'public/subscribe', { channels: ['book.BTC-PERPETUAL.100ms'] });
 * // '{"jsonrpc":"2.0","id":3,"method":"public/subscribe","params":{"channels":["book.BTC-PERPETUAL.100ms"]}}'
 * ```
 */
export function deribitRequest(id: number, method: string, params: object): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

/**
 * Deribit's JSON-RPC market-data protocol over `wss://www.deribit.com/ws/api/v2`: keys are the
 * channels themselves (`book.BTC-PERPETUAL.100ms`), `public/subscribe` / `public/unsubscribe`
 * requests of at most 100 channels, 3 subscribe requests a second per client, 500 channels a socket,
 * WebSocket ping frames for the client's own keepalive, and a session per socket that turns on
 * Deribit's heartbeats (`public/set_heartbeat`) and answers each `test_request`.
 *
 * @example
 * ```ts
 * const protocol = deribitProtocol('wss://www.deribit.com/ws/api/v2', new DeribitRoutes(), 10);
 * protocol.subscribeMessage(['ticker.BTC-PERPETUAL.100ms'], 1); // '{"jsonrpc":"2.0","id":1,"method":"public/subscribe","params":{"channels":["ticker.BTC-PERPETUAL.100ms"]}}'
 * ```
 */
export function deribitProtocol(url: string, routes: DeribitRoutes, heartbeatIntervalSeconds: number): ExchangeProtocol {
  return {
    exchange: 'deribit',
    url,
    maxStreamsPerConnection: CHANNELS_PER_CONNECTION,
    maxKeysPerMessage: CHANNELS_PER_REQUEST,
    controlMessagesPerSecond: SUBSCRIBES_PER_SECOND,
    controlRateScope: 'client',
    groupOf: () => 'channels',
    subscribeMessage: (keys, id) => deribitRequest(id, 'public/subscribe', { channels: keys }),
    unsubscribeMessage: (keys, id) => deribitRequest(id, 'public/unsubscribe', { channels: keys }),
    createSession: () => new DeribitSession(routes, heartbeatIntervalSeconds),
  };
}

/** `"code message (data)"` of a JSON-RPC error. */
function describe(error: DeribitRpcError): string {
  return `${error.code} ${error.message}${error.data === undefined ? '' : ` ${JSON.stringify(error.data)}`}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The decoder of one Deribit socket. On open it asks for heartbeats (`public/set_heartbeat` with the
 * interval in seconds) and answers every `{"method":"heartbeat","params":{"type":"test_request"}}`
 * with `public/test` at once (otherwise Deribit closes the connection). Notifications are routed by
 * channel: books take the inline hot path (`decodeDeribitBook`), tickers give the `Ticker` and
 * the derivative ticker, trades are emitted one by one. Replies are paired with their request by id:
 * channels a subscribe reply does not list were refused (Deribit answers an unknown channel that
 * way) and error their own stream; an error reply refuses the whole request, except
 * `too_many_requests` (10028), after which Deribit closes the session and the reconnect
 * resubscribes.
 *
 * @example
 * ```ts
 * const session = new DeribitSession(routes, 10);
 * session.onOpen(sink);               // sends public/set_heartbeat
 * session.onFrame(text, receivedAt, sink);
 * ```
 */
export class DeribitSession implements FrameSession {
  private readonly pending = new Map<number, ControlRequest>();
  private nextOwnId = SESSION_REQUEST_IDS;

  private readonly scanner = new FrameScanner();

  /**
   * `fastPath` (default `true`): book notifications in Deribit's exact layout are read by a
   * hand-written scanner without `JSON.parse`; anything else, and every frame when `false`, takes the
   * validated path. Both give the same output or the same error.
   */
  constructor(
    private readonly routes: DeribitRoutes,
    private readonly heartbeatIntervalSeconds: number,
    private readonly fastPath = true,
  ) {}

  onOpen(sink: FrameSink): void {
    sink.send?.(deribitRequest(this.nextOwnId++, 'public/set_heartbeat', { interval: this.heartbeatIntervalSeconds }));
  }

  onControlSent(request: ControlRequest): void {
    this.pending.set(request.id, request);
    if (this.pending.size > REQUEST_MEMORY) this.pending.delete(this.pending.keys().next().value as number);
  }

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanDeribitBook(this.scanner, text);
      const route = scanned && this.routes.get(scanned.channel);
      if (route?.kind === 'book') return sink.data(route.key, scanned!.payload);
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('deribit: frame is not valid JSON', text, this.keyInText(text));
      return;
    }
    if (!isRecord(message)) {
      sink.invalid('deribit: frame is not a JSON object', text);
      return;
    }
    const method = message['method'];
    const params = message['params'];
    if (method === 'subscription') {
      const channel = isRecord(params) ? params['channel'] : undefined;
      if (typeof channel !== 'string') {
        sink.invalid('deribit: notification without a channel', text);
        return;
      }
      const route = this.routes.get(channel);
      if (route === undefined) return; // a channel this client never asked for
      this.onNotification(route, (params as Record<string, unknown>)['data'], text, receivedAt, sink);
      return;
    }
    if (method === 'heartbeat') {
      const type = isRecord(params) ? params['type'] : undefined;
      if (type === 'test_request') sink.send?.(deribitRequest(this.nextOwnId++, 'public/test', {}));
      else if (type !== 'heartbeat') sink.invalid(`deribit: heartbeat of unknown type ${JSON.stringify(type)}`, text);
      return;
    }
    if (method === undefined && ('id' in message || 'result' in message || 'error' in message)) {
      this.onReply(message, text, sink);
      return;
    }
    sink.invalid('deribit: unexpected frame (neither a notification, a heartbeat nor a reply)', text);
  }

  private onNotification(route: DeribitRoute, data: unknown, text: string, receivedAt: number, sink: FrameSink): void {
    switch (route.kind) {
      case 'book': {
        const result = decodeDeribitBook(data);
        if (typeof result === 'string') sink.invalid(result, text, route.key);
        else sink.data(route.key, result);
        return;
      }
      case 'ticker': {
        const decoded = decodeOrExplain(DeribitTickerData, data);
        const payload = typeof decoded === 'string' ? decoded : deribitTickerPayload(route.symbol, decoded, receivedAt);
        if (typeof payload === 'string') sink.invalid(payload, text, route.key);
        else sink.data(route.key, payload);
        return;
      }
      case 'trade':
        return this.onTrades(route, data, text, receivedAt, sink);
    }
  }

  private onTrades(route: DeribitRoute, data: unknown, text: string, receivedAt: number, sink: FrameSink): void {
    const decoded = decodeOrExplain(Trades, data);
    if (typeof decoded === 'string') {
      sink.invalid(decoded, text, route.key);
      return;
    }
    for (const item of decoded) {
      const { price, amount, timestamp } = item;
      if (!(price > 0 && price < Infinity) || !(amount >= 0 && amount < Infinity) || !Number.isFinite(timestamp)) {
        sink.invalid('deribit: trade price, amount or timestamp is not a valid number', text, route.key);
        continue;
      }
      const trade: Trade = { type: 'trade', exchange: 'deribit', symbol: route.symbol, id: item.trade_id, price, amount, side: item.direction, timestamp, localTimestamp: receivedAt };
      sink.data(route.key, trade);
    }
  }

  private onReply(message: Record<string, unknown>, text: string, sink: FrameSink): void {
    if (!DeribitReply.is(message)) {
      sink.invalid(decodeOrExplain(DeribitReply, message) as string, text);
      return;
    }
    const { id, result, error } = message;
    const request = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (request === undefined) {
      // the session's own requests (set_heartbeat, test) or an error Deribit could not tie to a request
      if (error !== undefined) sink.exchangeError(`deribit request ${id ?? '(no id)'} failed: ${describe(error)}`, text);
      return;
    }
    this.pending.delete(request.id);
    const method = request.subscribe ? 'public/subscribe' : 'public/unsubscribe';
    if (error !== undefined) {
      const description = `deribit ${method} failed: ${describe(error)}`;
      if (request.subscribe && error.code !== TOO_MANY_REQUESTS) sink.rejected(request.id, request.keys, description);
      else sink.exchangeError(description, text);
      return;
    }
    if (!request.subscribe) return;
    if (!Array.isArray(result)) {
      sink.invalid('deribit: a public/subscribe reply whose result is not a list of channels', text);
      return;
    }
    const subscribed = new Set(result);
    const refused = request.keys.filter((key) => !subscribed.has(key));
    if (refused.length > 0) sink.rejected(undefined, refused, `deribit did not subscribe ${refused.join(', ')} (not in the reply's channels: an unknown instrument or channel)`);
  }

  /** Error path only: the stream a broken frame was meant for, if its text names a routed channel. */
  private keyInText(text: string): string | undefined {
    const channel = CHANNEL_IN_TEXT.exec(text)?.[1];
    return channel === undefined ? undefined : this.routes.get(channel)?.key;
  }
}
