import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { decodeOrExplain, toNumber } from '../common/decode';
import type { FrameSession, FrameSink } from '../common/exchange-protocol';
import {
  OkxBookMessage,
  OkxEvent,
  OkxFundingRateData,
  OkxIndexTickerData,
  OkxMarkPriceData,
  OkxOpenInterestData,
  OkxPush,
  OkxTickerData,
  OkxTradeData,
} from './okx-codecs';
import { parseOkxLevels, parseOkxTime } from './okx-levels';
import type { OkxBookUpdate, OkxDerivativePart } from './okx-payloads';
import type { OkxRequestLog } from './okx-request-log';
import type { OkxRoute, OkxRoutes } from './okx-routes';
import { parseOkxKey } from './okx-keys';
import { FrameScanner } from '../common/frame-scanner';
import { scanOkxBook } from './okx-book-scanner';

const BOOK_IN_TEXT = /"channel"\s*:\s*"books"\s*,\s*"instId"\s*:\s*"([^"]{1,64})"/;
/** How OKX names the refused subscription in an error `msg`: `channel:books,instId:NOPE-USDT`. */
const REFUSED_ARG = /channel:([\w-]+),\s*instId:([^\s,"'}]+)/;

/**
 * Decodes the frames of one OKX public socket: `pong` keepalive replies, `books` (levels parsed in
 * one validating pass, sequence ids and checksum checked for type), `tickers`, `trades`, the
 * derivative channels, and `event` replies (`subscribe`/`unsubscribe` acks, `error` — a refused
 * subscription errors exactly the streams its `msg` names, or every stream of its request —, and
 * `notice`). Pushes are routed by `arg.channel` + `arg.instId`. With `fastPath` (the default), `books`
 * pushes in OKX's exact layout are read by a hand-written scanner without `JSON.parse` (`scanOkxBook`,
 * keeping the level strings the checksum needs); anything else, and every frame when `fastPath` is
 * `false`, takes the validated path. Both give the same output or the same error.
 *
 * @example
 * ```ts
 * const session = new OkxSession(routes, requests);
 * session.onFrame('{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[…]}', receivedAt, sink);
 * new OkxSession(routes, requests, false); // every frame through JSON.parse and the validated path
 * ```
 */
export class OkxSession implements FrameSession {
  private readonly scanner = new FrameScanner();

  constructor(
    private readonly routes: OkxRoutes,
    private readonly requests: OkxRequestLog,
    private readonly fastPath = true,
  ) {}

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (text === 'pong') return; // the answer to our text 'ping'
    if (this.fastPath) {
      const scanned = scanOkxBook(this.scanner, text);
      const route = scanned && this.routes.route('books', scanned.instId);
      if (scanned !== undefined && route !== undefined) return sink.data(route.key, scanned.update);
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('okx: frame is not valid JSON', text, this.bookKeyInText(text));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('okx: frame is not a JSON object', text);
      return;
    }
    const record = message as Record<string, unknown>;
    if (typeof record['event'] === 'string') return this.onEvent(record, text, sink);
    const arg = record['arg'] as Record<string, unknown> | undefined;
    const channel = typeof arg === 'object' && arg !== null ? arg['channel'] : undefined;
    if (channel === 'books') return this.onBook(record, text, sink);
    const route = this.routes.route(channel, arg?.['instId']);
    if (route === undefined) {
      if (typeof channel !== 'string') sink.invalid('okx: unexpected frame (neither a push nor an event)', text);
      return; // a push this client never asked for (or no longer wants)
    }
    const push = decodeOrExplain(OkxPush, message);
    if (typeof push === 'string') return sink.invalid(push, text, route.key);
    for (const item of push.data) {
      switch (channel) {
        case 'tickers':
          this.onTicker(item, route, text, receivedAt, sink);
          break;
        case 'trades':
          this.onTrade(item, route, text, receivedAt, sink);
          break;
        default:
          this.onDerivative(channel as string, item, route, text, sink);
      }
    }
  }

  private onBook(message: Record<string, unknown>, text: string, sink: FrameSink): void {
    const arg = message['arg'] as Record<string, unknown>;
    const route = this.routes.route('books', arg['instId']);
    if (route === undefined) return;
    const action = message['action'];
    const data = message['data'];
    if ((action !== 'snapshot' && action !== 'update') || !Array.isArray(data)) return sink.invalid(explainBook(message), text, route.key);
    // Hot path: every field checked inline, levels parsed and validated in one pass; the io-ts codec
    // explains what is wrong only when something is.
    for (let i = 0; i < data.length; i++) {
      const item = data[i] as Record<string, unknown> | null;
      const update = typeof item === 'object' && item !== null ? toBookUpdate(action, item) : undefined;
      if (update === undefined) return sink.invalid(explainBook(message), text, route.key);
      sink.data(route.key, update);
    }
  }

  private onTicker(item: unknown, route: OkxRoute, text: string, receivedAt: number, sink: FrameSink): void {
    const data = decodeOrExplain(OkxTickerData, item);
    if (typeof data === 'string') return sink.invalid(data, text, route.key);
    const price = toNumber(data.last);
    const open = toNumber(data.open24h);
    const ticker: Ticker = {
      type: 'ticker',
      exchange: 'okx',
      symbol: route.symbol,
      price,
      bid: toNumber(data.bidPx),
      bidSize: toNumber(data.bidSz),
      ask: toNumber(data.askPx),
      askSize: toNumber(data.askSz),
      high24h: toNumber(data.high24h),
      low24h: toNumber(data.low24h),
      // base units: vol24h on spot; volCcy24h on derivatives (vol24h counts contracts there)
      volume24h: toNumber(data.instType === 'SPOT' || data.instType === 'MARGIN' ? data.vol24h : data.volCcy24h),
      change24h: open > 0 ? ((price - open) / open) * 100 : 0,
      timestamp: parseOkxTime(data.ts),
      localTimestamp: receivedAt,
    };
    const { bid, bidSize, ask, askSize, high24h, low24h, volume24h, timestamp } = ticker;
    const valid = price > 0 && open >= 0 && bid >= 0 && bidSize >= 0 && ask >= 0 && askSize >= 0 && high24h >= 0 && low24h >= 0 && volume24h >= 0 && timestamp >= 0;
    if (!valid) return sink.invalid('okx: a ticker field is not a valid number (last > 0, the rest ≥ 0)', text, route.key);
    sink.data(route.key, ticker);
  }

  private onTrade(item: unknown, route: OkxRoute, text: string, receivedAt: number, sink: FrameSink): void {
    const data = decodeOrExplain(OkxTradeData, item);
    if (typeof data === 'string') return sink.invalid(data, text, route.key);
    const price = toNumber(data.px);
    const amount = toNumber(data.sz);
    const timestamp = parseOkxTime(data.ts);
    if (!(price > 0) || !(amount >= 0) || Number.isNaN(timestamp)) return sink.invalid('okx: trade price, size or time is not valid', text, route.key);
    const trade: Trade = { type: 'trade', exchange: 'okx', symbol: route.symbol, id: data.tradeId, price, amount, side: data.side, timestamp, localTimestamp: receivedAt };
    sink.data(route.key, trade);
  }

  private onDerivative(channel: string, item: unknown, route: OkxRoute, text: string, sink: FrameSink): void {
    const part = toDerivativePart(channel, item);
    if (typeof part === 'string') return sink.invalid(part, text, route.key);
    if (part !== undefined) sink.data(route.key, part);
  }

  private onEvent(message: Record<string, unknown>, text: string, sink: FrameSink): void {
    const event = decodeOrExplain(OkxEvent, message);
    if (typeof event === 'string') return sink.invalid(event, text);
    if (event.event === 'notice') return sink.exchangeError(`okx notice ${event.code ?? ''}: ${event.msg ?? ''}`.trim(), text);
    if (event.event !== 'error') return; // subscribe/unsubscribe acks, channel-conn-count
    const description = `okx error ${event.code ?? '?'}: ${event.msg ?? ''}`.trim();
    const id = event.id === undefined ? undefined : Number(event.id);
    const requested = id === undefined || !Number.isSafeInteger(id) ? [] : this.requests.keysFor(id);
    const named = REFUSED_ARG.exec(event.msg ?? '');
    if (named) {
      // the message names the refused arg: exactly its stream (from the request, else by route)
      const matching = requested.filter((key) => isArg(key, named[1]!, named[2]!));
      const routed = matching.length > 0 ? matching : [this.routes.route(named[1], named[2])?.key].filter((key): key is string => key !== undefined);
      if (routed.length > 0) return sink.rejected(undefined, routed, description);
    } else if (requested.length > 0) {
      return sink.rejected(id, requested, description); // no arg named: the whole request was refused
    }
    sink.exchangeError(description, text);
  }

  /** Error path only: the book a broken frame was meant for, if its text names a routed instrument. */
  private bookKeyInText(text: string): string | undefined {
    const instId = BOOK_IN_TEXT.exec(text)?.[1];
    return instId === undefined ? undefined : this.routes.route('books', instId)?.key;
  }
}

function isArg(key: string, channel: string, instId: string): boolean {
  const arg = parseOkxKey(key);
  return arg.channel === channel && arg.instId === instId;
}

/** One `data` element of a `books` push as an {@link OkxBookUpdate}, or `undefined` when anything is wrong. */
function toBookUpdate(action: 'snapshot' | 'update', item: Record<string, unknown>): OkxBookUpdate | undefined {
  const seqId = item['seqId'];
  const prevSeqId = item['prevSeqId'];
  const checksum = item['checksum'];
  if (!Number.isSafeInteger(seqId) || !Number.isSafeInteger(prevSeqId) || (checksum !== undefined && !Number.isSafeInteger(checksum))) return undefined;
  const timestamp = parseOkxTime(item['ts']);
  if (Number.isNaN(timestamp)) return undefined;
  const bids = parseOkxLevels(item['bids']);
  const asks = bids && parseOkxLevels(item['asks']);
  if (!asks) return undefined;
  return {
    action,
    bids: bids!,
    asks,
    rawBids: item['bids'] as string[][],
    rawAsks: item['asks'] as string[][],
    prevSeqId: prevSeqId as number,
    seqId: seqId as number,
    checksum: checksum as number | undefined,
    timestamp,
  };
}

/** Why a `books` frame was refused: the codec's report, or the field its values fail. */
function explainBook(message: unknown): string {
  const report = decodeOrExplain(OkxBookMessage, message);
  return typeof report === 'string' ? report : 'okx: book level, time or sequence id is not a valid number';
}

/** A derivative channel's element as an {@link OkxDerivativePart}, a string saying what is wrong, or `undefined` for an unknown channel. */
function toDerivativePart(channel: string, item: unknown): OkxDerivativePart | string | undefined {
  switch (channel) {
    case 'mark-price': {
      const data = decodeOrExplain(OkxMarkPriceData, item);
      if (typeof data === 'string') return data;
      return checked({ markPrice: toNumber(data.markPx), timestamp: parseOkxTime(data.ts) }, channel);
    }
    case 'index-tickers': {
      const data = decodeOrExplain(OkxIndexTickerData, item);
      if (typeof data === 'string') return data;
      return checked({ indexPrice: toNumber(data.idxPx), timestamp: parseOkxTime(data.ts) }, channel);
    }
    case 'open-interest': {
      const data = decodeOrExplain(OkxOpenInterestData, item);
      if (typeof data === 'string') return data;
      return checked({ openInterest: toNumber(data.oi), timestamp: parseOkxTime(data.ts) }, channel);
    }
    case 'funding-rate': {
      const data = decodeOrExplain(OkxFundingRateData, item);
      if (typeof data === 'string') return data;
      // fundingRate settles at fundingTime, the next settlement (nextFundingTime is the one after it)
      const fundingRate = toNumber(data.fundingRate);
      if (Number.isNaN(fundingRate)) return 'okx: funding-rate fundingRate is not a number';
      return checked({ fundingRate, nextFundingTime: parseOkxTime(data.fundingTime), timestamp: parseOkxTime(data.ts) }, channel);
    }
    default:
      return undefined;
  }
}

/** The part itself when every number in it is valid (prices > 0, the rest ≥ 0, times integral), else why not. */
function checked(part: OkxDerivativePart, channel: string): OkxDerivativePart | string {
  const { markPrice, indexPrice, openInterest, nextFundingTime, timestamp } = part;
  const valid =
    (markPrice === undefined || markPrice > 0) &&
    (indexPrice === undefined || indexPrice > 0) &&
    (openInterest === undefined || openInterest >= 0) &&
    (nextFundingTime === undefined || nextFundingTime >= 0) &&
    timestamp >= 0;
  return valid ? part : `okx: a ${channel} value is not a valid number`;
}
