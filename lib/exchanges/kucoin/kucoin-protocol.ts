import type { Observable } from 'rxjs';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import type { ControlRequest } from '../common/control-queue';
import { decodeOrExplain } from '../common/decode';
import type { ConnectionEndpoint, ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import { parseDecimal } from '../common/parse-decimal';
import { KucoinErrorMessage, KucoinLevel2Data, KucoinMatchData, KucoinMessage, KucoinSnapshotData } from './kucoin-codecs';
import { type KucoinBookUpdate, parseKucoinChanges } from './kucoin-payloads';
import { KucoinRequests, type KucoinBatchGroups } from './kucoin-requests';
import { kucoinChannelOf, type KucoinRoutes, kucoinSymbolsOf } from './kucoin-routes';
import { FrameScanner } from '../common/frame-scanner';
import { scanKucoinBook } from './kucoin-book-scanner';

/**
 * Topics one socket carries before the client opens another: KuCoin's documented limit of 100
 * topics per connection (a topic of one symbol counts as one).
 *
 * @example
 * ```ts
 * KUCOIN_TOPICS_PER_CONNECTION; // 100
 * ```
 */
export const KUCOIN_TOPICS_PER_CONNECTION = 100;

/**
 * Messages the client sends per second and socket, pings included. KuCoin allows 100 uplink messages
 * per 10 s per connection (then `509 exceed max permits per 10 seconds` and a closed socket); 9 per
 * 1.1 s stays below it however they fall.
 *
 * @example
 * ```ts
 * KUCOIN_CONTROL_MESSAGES_PER_SECOND; // 9
 * ```
 */
export const KUCOIN_CONTROL_MESSAGES_PER_SECOND = 9;

/**
 * Symbols one subscribe request may name in its topic (`/market/level2:A,B,…`): KuCoin's "a topic
 * supports up to 100 symbols". A socket never carries more than 100 topics, so a request never exceeds it.
 *
 * @example
 * ```ts
 * KUCOIN_SYMBOLS_PER_TOPIC; // 100
 * ```
 */
export const KUCOIN_SYMBOLS_PER_TOPIC = 100;

/**
 * Socket openings per minute a client makes at most, reconnections included: KuCoin's documented
 * limit of 30 connections per minute.
 *
 * @example
 * ```ts
 * KUCOIN_CONNECTIONS_PER_MINUTE; // 30
 * ```
 */
export const KUCOIN_CONNECTIONS_PER_MINUTE = 30;

/**
 * A KuCoin (un)subscribe request: `{"id":"<n>","type":"subscribe","topic":"<channel>:<symbols joined by ,>","privateChannel":false,"response":true}`
 * (`response: true` asks for the `ack`).
 *
 * @example
 * ```ts
 * kucoinRequest('subscribe', ['/market/match:BTC-USDT', '/market/match:ETH-USDT'], 3);
 * // '{"id":"3","type":"subscribe","topic":"/market/match:BTC-USDT,ETH-USDT","privateChannel":false,"response":true}'
 * ```
 */
export function kucoinRequest(type: 'subscribe' | 'unsubscribe', keys: readonly string[], id: number): string {
  const topic = `${kucoinChannelOf(keys[0] ?? '')}:${keys.map(kucoinSymbolsOf).join(',')}`;
  return JSON.stringify({ id: String(id), type, topic, privateChannel: false, response: true });
}

/**
 * KuCoin's application ping `{"id":"…","type":"ping"}` (answered by `{"id":"…","type":"pong"}`).
 *
 * @example
 * ```ts
 * kucoinPing('1545910590801'); // '{"id":"1545910590801","type":"ping"}'
 * ```
 */
export function kucoinPing(id: string): string {
  return JSON.stringify({ id, type: 'ping' });
}

/**
 * What {@link kucoinProtocol} needs: the address shown in messages, the client's routes and batch
 * groups, and the per-attempt endpoint (a fresh token each time).
 *
 * @example
 * ```ts
 * const settings: KucoinProtocolSettings = { url: KUCOIN_WS_URL, routes, groups, resolveEndpoint: () => fetchKucoinEndpoint(http, restUrl, undefined, nextId) };
 * ```
 */
export interface KucoinProtocolSettings {
  readonly url: string;
  readonly routes: KucoinRoutes;
  readonly groups: KucoinBatchGroups;
  readonly resolveEndpoint: () => Observable<ConnectionEndpoint>;
  /** Socket openings per minute (default {@link KUCOIN_CONNECTIONS_PER_MINUTE}). */
  readonly connectionsPerMinute?: number;
}

/**
 * KuCoin spot WebSocket as an {@link ExchangeProtocol}: every (re)connect first fetches a token
 * (`resolveEndpoint`), the socket is usable once the server's `welcome` arrives (`awaitsReady`),
 * the symbols of one channel are joined in one request (`groupOf`), `{"type":"ping"}` keeps the
 * socket alive, pings count against the uplink budget, and at most 30 sockets open per minute.
 *
 * @example
 * ```ts
 * const protocol = kucoinProtocol({ url: KUCOIN_WS_URL, routes, groups, resolveEndpoint });
 * ```
 */
export function kucoinProtocol(settings: KucoinProtocolSettings): ExchangeProtocol {
  const { routes, groups } = settings;
  let pings = 0;
  return {
    exchange: 'kucoin',
    url: settings.url,
    maxStreamsPerConnection: KUCOIN_TOPICS_PER_CONNECTION,
    controlMessagesPerSecond: KUCOIN_CONTROL_MESSAGES_PER_SECOND,
    keepaliveCountsAsControl: true,
    connectionsPerMinute: settings.connectionsPerMinute ?? KUCOIN_CONNECTIONS_PER_MINUTE,
    resolveEndpoint: settings.resolveEndpoint,
    awaitsReady: true,
    appPing: () => kucoinPing(`ping-${++pings}`), // ids apart from the requests' ("1", "2"…)
    groupOf: (key) => groups.groupOf(key),
    subscribeMessage: (keys, id) => kucoinRequest('subscribe', keys, id),
    unsubscribeMessage: (keys, id) => kucoinRequest('unsubscribe', keys, id),
    createSession: () => createKucoinSession(routes, groups),
  };
}

/**
 * A KuCoin frame session. With `fastPath` (the default), `/market/level2` frames in KuCoin's exact
 * layout are read by a hand-written scanner without `JSON.parse`; anything else, and every frame when
 * `fastPath` is `false`, takes the validated path. Both give the same output or the same error.
 *
 * @example
 * ```ts
 * const session = createKucoinSession(routes, groups);
 * session.onFrame(text, Date.now(), sink);
 * ```
 */
export function createKucoinSession(routes: KucoinRoutes, groups: KucoinBatchGroups, fastPath = true): FrameSession {
  return new KucoinSession(routes, new KucoinRequests(groups), fastPath);
}

/** Why a level-2 `data` was refused: the codec's report, or the value that is not a number. */
function explainBook(data: unknown): string {
  const report = decodeOrExplain(KucoinLevel2Data, data);
  return typeof report === 'string' ? report : 'kucoin: a level-2 change is not [price, size, sequence] numbers, or sequenceStart > sequenceEnd';
}

/** Milliseconds of a KuCoin nanosecond time string (`"1729843222921000000"`), `NaN` unless it is digits only. */
function nanosToMs(text: string): number {
  if (!/^\d{7,22}$/.test(text)) return NaN;
  return Number(text.slice(0, -6)) + Number(text.slice(-6)) / 1e6;
}

class KucoinSession implements FrameSession {
  private readonly scanner = new FrameScanner();

  constructor(
    private readonly routes: KucoinRoutes,
    private readonly requests: KucoinRequests,
    private readonly fastPath: boolean,
  ) {}

  onControlSent(request: ControlRequest): void {
    this.requests.sent(request);
  }

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanKucoinBook(this.scanner, text);
      if (scanned !== undefined && this.routes.route(scanned.topic)?.channel === '/market/level2') {
        const update: KucoinBookUpdate = { start: scanned.start, end: scanned.end, timestamp: scanned.time, bids: scanned.bids, asks: scanned.asks };
        return sink.data(scanned.topic, update);
      }
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('kucoin: frame is not valid JSON', text);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('kucoin: frame is not a JSON object', text);
      return;
    }
    const frame = message as Record<string, unknown>;
    switch (frame['type']) {
      case 'message':
        return this.onMessage(frame, text, receivedAt, sink);
      case 'welcome':
        sink.ready?.();
        return;
      case 'ack':
        if (typeof frame['id'] === 'string') this.requests.acknowledged(frame['id']);
        return;
      case 'pong':
      case 'notice':
      case 'command':
        return; // signs of life; notices and commands carry nothing rxmarket uses
      case 'error':
        return this.onError(frame, text, sink);
      default:
        sink.invalid('kucoin: unexpected frame (no known type)', text);
    }
  }

  private onError(frame: Record<string, unknown>, text: string, sink: FrameSink): void {
    if (!KucoinErrorMessage.is(frame)) {
      sink.exchangeError(`kucoin error: ${text.slice(0, 300)}`, text);
      return;
    }
    const detail = frame.data ?? '';
    if (frame.id !== undefined && this.requests.refused(frame.id, frame.code, detail, text, sink)) return;
    const hint = frame.code === 401 ? ' (the server closes the socket; the reconnect fetches a fresh token)' : '';
    sink.exchangeError(`kucoin error ${frame.code}: ${detail}${hint}`, text);
  }

  private onMessage(frame: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const topic = frame['topic'];
    const data = frame['data'];
    const route = typeof topic === 'string' ? this.routes.route(topic) : undefined;
    if (typeof topic !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) {
      sink.invalid(decodeOrExplain(KucoinMessage, frame) as string, text, route ? (topic as string) : undefined);
      return;
    }
    if (!route) return; // a topic this client never asked for
    const fields = data as Record<string, unknown>;
    switch (route.channel) {
      case '/market/level2':
        return this.onBook(topic, fields, text, sink);
      case '/market/match':
        return this.onMatch(topic, route.symbol, fields, text, receivedAt, sink);
      case '/market/snapshot':
        return this.onSnapshot(topic, route.symbol, fields, text, receivedAt, sink);
    }
  }

  private onBook(key: string, data: Record<string, unknown>, text: string, sink: FrameSink): void {
    // Hot path: field types checked inline, changes parsed and validated in one pass; the codec
    // explains what is wrong only when something is.
    const start = data['sequenceStart'];
    const end = data['sequenceEnd'];
    const time = data['time'];
    const changes = data['changes'];
    const valid =
      Number.isSafeInteger(start) &&
      Number.isSafeInteger(end) &&
      (start as number) <= (end as number) &&
      typeof time === 'number' &&
      Number.isFinite(time) &&
      typeof data['symbol'] === 'string' &&
      typeof changes === 'object' &&
      changes !== null;
    const bids = valid ? parseKucoinChanges((changes as Record<string, unknown>)['bids']) : undefined;
    const asks = bids && parseKucoinChanges((changes as Record<string, unknown>)['asks']);
    if (!asks) return sink.invalid(explainBook(data), text, key);
    const update: KucoinBookUpdate = { start: start as number, end: end as number, timestamp: time as number, bids: bids!, asks };
    sink.data(key, update);
  }

  private onMatch(key: string, symbol: string, data: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const match = decodeOrExplain(KucoinMatchData, data);
    if (typeof match === 'string') return sink.invalid(match, text, key);
    const price = parseDecimal(match.price);
    const amount = parseDecimal(match.size);
    const timestamp = nanosToMs(match.time);
    if (!(price > 0 && price < Infinity) || !(amount >= 0 && amount < Infinity) || !Number.isFinite(timestamp)) {
      return sink.invalid('kucoin: match price/size/time is not a valid number', text, key);
    }
    const trade: Trade = { type: 'trade', exchange: 'kucoin', symbol, id: match.tradeId, price, amount, side: match.side, timestamp, localTimestamp: receivedAt };
    sink.data(key, trade);
  }

  private onSnapshot(key: string, symbol: string, data: Record<string, unknown>, text: string, receivedAt: number, sink: FrameSink): void {
    const snapshot = decodeOrExplain(KucoinSnapshotData, data);
    if (typeof snapshot === 'string') return sink.invalid(snapshot, text, key);
    const m = snapshot.data;
    const numbers = [m.buy, m.bidSize, m.sell, m.askSize, m.high, m.low, m.vol];
    if (!(m.lastTradedPrice > 0 && m.lastTradedPrice < Infinity) || !numbers.every((n) => n >= 0 && n < Infinity) || !Number.isFinite(m.changeRate) || !Number.isFinite(m.datetime)) {
      return sink.invalid('kucoin: a snapshot field is not a valid number (lastTradedPrice > 0, the others ≥ 0)', text, key);
    }
    const ticker: Ticker = {
      type: 'ticker',
      exchange: 'kucoin',
      symbol,
      price: m.lastTradedPrice,
      bid: m.buy,
      bidSize: m.bidSize,
      ask: m.sell,
      askSize: m.askSize,
      high24h: m.high,
      low24h: m.low,
      volume24h: m.vol,
      change24h: Number((m.changeRate * 100).toPrecision(12)),
      timestamp: m.datetime,
      localTimestamp: receivedAt,
    };
    sink.data(key, ticker);
  }
}
