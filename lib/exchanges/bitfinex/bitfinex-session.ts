import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import type { ControlRequest } from '../common/control-queue';
import { decodeOrExplain } from '../common/decode';
import type { FrameSession, FrameSink } from '../common/exchange-protocol';
import {
  BitfinexConfEvent,
  BitfinexErrorEvent,
  BitfinexHeartbeatFrame,
  BitfinexInfoEvent,
  BitfinexSubscribedEvent,
  BitfinexTickerFrame,
  BitfinexTradeFrame,
  BitfinexTradesSnapshotFrame,
  type BitfinexTradeTuple,
} from './bitfinex-codecs';
import { type BitfinexFrameError, type BitfinexBookFrame, readBookFrame, readBookFrameFast } from './bitfinex-frames';
import type { BitfinexTradePayload } from './bitfinex-payloads';
import { type BitfinexRoute, BitfinexRoutes } from './bitfinex-routes';

/**
 * The `conf` flags rxmarket sets: SEQ_ALL (65536, sequence numbers) + OB_CHECKSUM (131072, book checksums).
 *
 * @example
 * ```ts
 * BITFINEX_CONF_FLAGS; // 196608
 * ```
 */
export const BITFINEX_CONF_FLAGS = 65536 + 131072;

/**
 * The `conf` request sent first on every socket: sequence numbers (SEQ_ALL, 65536) and book
 * checksums (OB_CHECKSUM, 131072).
 *
 * @example
 * ```ts
 * BITFINEX_CONF; // '{"event":"conf","flags":196608}'
 * ```
 */
export const BITFINEX_CONF = JSON.stringify({ event: 'conf', flags: BITFINEX_CONF_FLAGS });

/** Info codes Bitfinex documents. */
const INFO_RESTART = 20051;
const INFO_MAINTENANCE_START = 20060;
const INFO_MAINTENANCE_END = 20061;

/**
 * `true` for the error codes of a refused subscription: 10001 unknown pair, 10300 subscription
 * failed, 10301 already subscribed, 10302 unknown channel, 10305 reached the limit of open channels.
 */
function isSubscribeError(code: number): boolean {
  return code === 10001 || (code >= 10300 && code < 10400);
}

/** The channel id a channel message starts with (`[17,…`), read without parsing; `undefined` otherwise. */
function leadingChannelId(text: string): number | undefined {
  if (text.charCodeAt(0) !== 91 /* [ */) return undefined;
  let id = 0;
  let i = 1;
  for (let code = text.charCodeAt(i); code >= 48 && code <= 57; code = text.charCodeAt(++i)) {
    id = id * 10 + (code - 48);
    if (i > 16) return undefined;
  }
  if (i === 1 || text.charCodeAt(i) !== 44 /* , */ || (text.charCodeAt(1) === 48 && i > 2)) return undefined;
  return id;
}

/**
 * One Bitfinex WebSocket v2 connection's decoding state:
 *
 * - the connection-wide sequence number (`conf` flag SEQ_ALL): every channel message ends with it and
 *   it must grow by exactly 1 — anything else is a gap told to every stream of the socket (books
 *   resubscribe for a fresh snapshot, trades fill from theirs);
 * - the channel ids the server assigned on this socket (`subscribed`), routing messages to stream
 *   keys; unsubscribing needs the id, so this session builds the unsubscribe requests itself
 *   ({@link controlMessage}), holds back a request the server already has on its way, and
 *   unsubscribes a channel whose `subscribed` reply arrives after its stream left;
 * - replies paired with requests: `subscribed` by its echoed channel, symbol and length, a refusal
 *   (`error` 10001/103xx) by the fields it echoes, else the oldest subscription awaiting a reply —
 *   the server answers in order;
 * - `info` codes: 20051 (server restart) reconnects, 20060 (maintenance) holds new subscriptions
 *   back, 20061 (maintenance over) resubscribes every channel, as Bitfinex advises (the old
 *   channels' messages are dropped from then on: a book kept through the maintenance may be stale).
 *
 * Book frames take the fast path of {@link readBookFrameFast} (unless `fastPath` is `false`), else the
 * validated path ({@link readBookFrame}); tickers, trades and events are parsed and checked with the
 * io-ts codecs.
 *
 * @example
 * ```ts
 * const session = new BitfinexSession(routes);
 * session.onFrame('{"event":"subscribed","channel":"trades","chanId":17,"symbol":"tBTCUSD","pair":"BTCUSD"}', receivedAt, sink);
 * ```
 */
export class BitfinexSession implements FrameSession {
  private lastSeq: number | undefined;
  private readonly channels = new Map<number, BitfinexRoute>();
  private readonly channelOf = new Map<string, number>();
  /** Subscribe requests sent and not answered yet, oldest first. */
  private readonly pending: BitfinexRoute[] = [];
  /** Awaiting a reply, but their stream left meanwhile: unsubscribed as soon as `subscribed` comes. */
  private readonly dropWhenSubscribed = new Set<string>();
  /** Subscriptions asked for during a maintenance, sent when it ends. */
  private readonly held = new Set<string>();
  /** Channels of before a maintenance: not routed any more, only unsubscribed (their books may be stale). */
  private readonly muted = new Set<number>();
  private maintenance = false;

  /**
   * `fastPath` (default `true`): `book` channel frames in Bitfinex's compact layout are read by a
   * hand-written scanner ({@link readBookFrameFast}) without `JSON.parse`; anything else, and every
   * frame when `false`, takes the validated path. Both give the same output or the same error, and
   * move the connection's sequence number the same way.
   */
  constructor(
    private readonly routes: BitfinexRoutes,
    private readonly fastPath = true,
  ) {}

  /** First on every socket, before any subscription: turn on sequence numbers and checksums. */
  onOpen(sink: FrameSink): void {
    sink.send?.(BITFINEX_CONF);
  }

  controlMessage(request: ControlRequest): string | undefined {
    const key = request.keys[0]!; // one key per request (groupOf is the key itself)
    if (request.subscribe) {
      if (this.dropWhenSubscribed.delete(key)) return ''; // still on its way: its snapshot will do
      if (this.channelOf.has(key) || this.isPending(key)) return '';
      if (this.maintenance) {
        this.held.add(key);
        return '';
      }
      const route = this.routes.route(key);
      if (route) this.pending.push(route);
      return undefined; // the protocol's subscribe request
    }
    this.held.delete(key);
    const chanId = this.channelOf.get(key);
    if (chanId !== undefined) {
      this.forget(chanId);
      return JSON.stringify({ event: 'unsubscribe', chanId });
    }
    if (this.isPending(key)) this.dropWhenSubscribed.add(key);
    return '';
  }

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    const first = text.charCodeAt(0);
    if (first === 91 /* [ */) {
      const route = this.routeOf(leadingChannelId(text) ?? -1);
      if (route?.channel !== 'book') return this.onChannelMessage(text, receivedAt, sink);
      const frame = this.fastPath ? readBookFrameFast(text) : undefined;
      this.onBook(route, frame ?? readBookFrame(text), text, sink);
    } else if (first === 123 /* { */) {
      this.onEvent(text, sink);
    } else {
      sink.invalid('bitfinex: frame is neither a channel message nor an event', text);
    }
  }

  private onBook(route: BitfinexRoute, frame: BitfinexBookFrame | BitfinexFrameError, text: string, sink: FrameSink): void {
    this.sequence(frame.seq, sink);
    if ('error' in frame) sink.invalid(frame.error, text, route.key);
    else if (frame.payload !== undefined) sink.data(route.key, frame.payload);
  }

  /** Any channel message not taken by the book fast path: JSON, its sequence number, then by channel. */
  private onChannelMessage(text: string, receivedAt: number, sink: FrameSink): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      sink.invalid('bitfinex: frame is not valid JSON', text);
      return;
    }
    if (!Array.isArray(value) || !Number.isSafeInteger(value[0])) {
      sink.invalid('bitfinex: a channel message must be [CHAN_ID, …, SEQ]', text);
      return;
    }
    const route = this.routeOf(value[0] as number);
    if (route?.channel === 'book') return this.onBook(route, readBookFrame(text), text, sink);
    const seq: unknown = value.length >= 3 ? value[value.length - 1] : undefined;
    if (!Number.isSafeInteger(seq) || (seq as number) < 0) {
      sink.invalid('bitfinex: channel message without a sequence number (conf flag SEQ_ALL)', text, route?.key);
      return;
    }
    this.sequence(seq as number, sink);
    if (route === undefined) return; // a channel this socket no longer routes: only its sequence number counts
    if (value[1] === 'hb') {
      if (!BitfinexHeartbeatFrame.is(value)) sink.invalid(decodeOrExplain(BitfinexHeartbeatFrame, value) as string, text, route.key);
      return;
    }
    if (route.channel === 'ticker') this.onTicker(route, value, text, receivedAt, sink);
    else this.onTrades(route, value, text, receivedAt, sink);
  }

  private onTicker(route: BitfinexRoute, value: unknown, text: string, receivedAt: number, sink: FrameSink): void {
    if (!BitfinexTickerFrame.is(value)) return sink.invalid(decodeOrExplain(BitfinexTickerFrame, value) as string, text, route.key);
    const fields = value[1];
    const [bid, bidSize, ask, askSize, , relative, last, volume, high, low] = fields as (number | undefined)[];
    const valid =
      fields.length >= 10 &&
      [bid, bidSize, ask, askSize, relative, last, volume, high, low].every((x) => Number.isFinite(x)) &&
      bid! >= 0 && bidSize! >= 0 && ask! >= 0 && askSize! >= 0 && last! > 0 && volume! >= 0 && high! >= 0 && low! >= 0;
    if (!valid) return sink.invalid('bitfinex: ticker needs 10 finite values (prices and sizes ≥ 0, last price > 0)', text, route.key);
    const ticker: Ticker = {
      type: 'ticker',
      exchange: 'bitfinex',
      symbol: route.symbol,
      price: last!,
      bid: bid!,
      bidSize: bidSize!,
      ask: ask!,
      askSize: askSize!,
      high24h: high!,
      low24h: low!,
      volume24h: volume!,
      change24h: Number((relative! * 100).toPrecision(12)), // DAILY_CHANGE_RELATIVE is a fraction
      timestamp: receivedAt, // Bitfinex tickers carry no time
      localTimestamp: receivedAt,
    };
    sink.data(route.key, ticker);
  }

  private onTrades(route: BitfinexRoute, value: unknown, text: string, receivedAt: number, sink: FrameSink): void {
    let payload: BitfinexTradePayload;
    if (BitfinexTradeFrame.is(value)) {
      if (value[1] === 'tu') return; // the same trade as its `te`, once written to the database
      const trade = tradeOf(route.symbol, value[2], receivedAt);
      if (!trade) return sink.invalid('bitfinex: trade needs an integer id, a time, an amount ≠ 0 and a price > 0', text, route.key);
      payload = { kind: 'executed', trade };
    } else if (BitfinexTradesSnapshotFrame.is(value)) {
      const trades: Trade[] = [];
      for (const tuple of value[1]) {
        const trade = tradeOf(route.symbol, tuple, receivedAt);
        if (!trade) return sink.invalid('bitfinex: a trade of the snapshot is not valid', text, route.key);
        trades.push(trade);
      }
      payload = { kind: 'snapshot', trades };
    } else {
      return sink.invalid(decodeOrExplain(BitfinexTradeFrame, value) as string, text, route.key);
    }
    sink.data(route.key, payload);
  }

  private onEvent(text: string, sink: FrameSink): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      sink.invalid('bitfinex: frame is not valid JSON', text);
      return;
    }
    const event = (value as { event?: unknown } | null)?.event;
    switch (event) {
      case 'info':
        return BitfinexInfoEvent.is(value) ? this.onInfo(value, sink) : sink.invalid(decodeOrExplain(BitfinexInfoEvent, value) as string, text);
      case 'conf':
        if (!BitfinexConfEvent.is(value)) return sink.invalid(decodeOrExplain(BitfinexConfEvent, value) as string, text);
        if (value.status !== 'OK' || (value.flags !== undefined && (value.flags & BITFINEX_CONF_FLAGS) !== BITFINEX_CONF_FLAGS)) {
          sink.exchangeError(`bitfinex: conf ${BITFINEX_CONF_FLAGS} refused (${value.status}, flags ${value.flags}): no sequence numbers or book checksums on this connection`, text);
        }
        return;
      case 'subscribed':
        return BitfinexSubscribedEvent.is(value) ? this.onSubscribed(value, sink) : sink.invalid(decodeOrExplain(BitfinexSubscribedEvent, value) as string, text);
      case 'error':
        return BitfinexErrorEvent.is(value) ? this.onError(value, text, sink) : sink.invalid(decodeOrExplain(BitfinexErrorEvent, value) as string, text);
      case 'unsubscribed':
        if ((value as { status?: unknown }).status !== 'OK') sink.exchangeError(`bitfinex: unsubscribe failed: ${text}`, text);
        return;
      case 'pong':
        return;
      default:
        sink.invalid('bitfinex: unexpected event', text);
    }
  }

  private onInfo(info: BitfinexInfoEvent, sink: FrameSink): void {
    if (info.version !== undefined && info.version !== 2) sink.exchangeError(`bitfinex: the server speaks WebSocket API v${info.version}, not v2`);
    if (info.platform?.status === 0) sink.exchangeError('bitfinex: the platform is in maintenance (info platform.status 0)');
    const { code, msg } = info;
    if (code === undefined) return;
    const said = msg === undefined ? '' : `: ${msg}`;
    if (code === INFO_RESTART) {
      sink.exchangeError(`bitfinex info ${code} (server stop/restart)${said}: reconnecting`);
      sink.reconnect?.(`info ${code} (server stop/restart)`);
    } else if (code === INFO_MAINTENANCE_START) {
      this.maintenance = true;
      sink.exchangeError(`bitfinex info ${code} (maintenance started)${said}: new subscriptions wait for its end`);
    } else if (code === INFO_MAINTENANCE_END) {
      this.maintenance = false;
      const keys = [...this.channelOf.keys(), ...this.pending.map((route) => route.key), ...this.held];
      this.held.clear();
      for (const chanId of this.channels.keys()) this.muted.add(chanId); // until unsubscribed: the fresh channels take over
      sink.exchangeError(`bitfinex info ${code} (maintenance ended)${said}: resubscribing every channel`);
      sink.resubscribe?.(keys);
    } else {
      sink.exchangeError(`bitfinex info ${code}${said}`);
    }
  }

  private onSubscribed(reply: BitfinexSubscribedEvent, sink: FrameSink): void {
    const index = this.pending.findIndex((route) => BitfinexRoutes.matches(route, reply));
    const unsubscribe = JSON.stringify({ event: 'unsubscribe', chanId: reply.chanId });
    if (index < 0) {
      sink.send?.(unsubscribe); // nobody asked for it on this socket: free the slot
      return;
    }
    const route = this.pending.splice(index, 1)[0]!;
    if (this.dropWhenSubscribed.delete(route.key)) {
      sink.send?.(unsubscribe);
      return;
    }
    this.channels.set(reply.chanId, route);
    this.channelOf.set(route.key, reply.chanId);
  }

  private onError(reply: BitfinexErrorEvent, text: string, sink: FrameSink): void {
    const description = `bitfinex error ${reply.code}${reply.msg === undefined ? '' : `: ${reply.msg}`}`;
    const index = isSubscribeError(reply.code) ? this.pending.findIndex((route) => BitfinexRoutes.matches(route, reply)) : -1;
    if (index < 0) {
      sink.exchangeError(description, text);
      return;
    }
    const route = this.pending.splice(index, 1)[0]!;
    if (this.dropWhenSubscribed.delete(route.key)) return; // nobody wants it any more
    sink.rejected(undefined, [route.key], description);
  }

  /** Checks the connection-wide sequence number of one channel message. */
  private sequence(seq: number | undefined, sink: FrameSink): void {
    if (seq === undefined) return;
    const last = this.lastSeq;
    this.lastSeq = seq;
    if (last !== undefined && seq !== last + 1) sink.gap(`bitfinex: sequence number went from ${last} to ${seq} (messages lost): every book of the connection resyncs`);
  }

  /** The route of a channel id whose messages are delivered (known, and not muted). */
  private routeOf(chanId: number): BitfinexRoute | undefined {
    return this.muted.has(chanId) ? undefined : this.channels.get(chanId);
  }

  private isPending(key: string): boolean {
    return this.pending.some((route) => route.key === key);
  }

  private forget(chanId: number): void {
    const route = this.channels.get(chanId);
    this.channels.delete(chanId);
    this.muted.delete(chanId);
    if (route) this.channelOf.delete(route.key);
  }
}

/** A public trade `[ID, MTS, AMOUNT, PRICE]` normalized, or `undefined` when a value is not valid. */
function tradeOf(symbol: string, [id, time, amount, price]: BitfinexTradeTuple, receivedAt: number): Trade | undefined {
  if (!Number.isSafeInteger(id) || !Number.isFinite(time) || !Number.isFinite(amount) || amount === 0 || !(price > 0 && price < Infinity)) return undefined;
  return {
    type: 'trade',
    exchange: 'bitfinex',
    symbol,
    id: String(id),
    price,
    amount: Math.abs(amount),
    side: amount > 0 ? 'buy' : 'sell',
    timestamp: time,
    localTimestamp: receivedAt,
  };
}
