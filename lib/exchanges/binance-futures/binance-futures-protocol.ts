import type { Trade } from '../../model/trade';
import { parseBinanceLevels } from '../binance/binance-protocol';
import { BinanceErrorBody, BinanceStreamFrame } from '../binance/binance-codecs';
import { decodeOrExplain, toNumber } from '../common/decode';
import type { ExchangeProtocol, FrameSession, FrameSink } from '../common/exchange-protocol';
import {
  BinanceFuturesAggTrade,
  BinanceFuturesBookTicker,
  BinanceFuturesDepthUpdate,
  BinanceFuturesMarkPrice,
  BinanceFuturesTicker,
} from './binance-futures-codecs';
import type { BinanceFuturesDepthDiff, BinanceFuturesMark, BinanceFuturesStats, BinanceFuturesTop } from './binance-futures-payloads';
import { FrameScanner } from '../common/frame-scanner';
import { scanBinanceDepth } from '../binance/binance-depth-scanner';
import { binanceFuturesCategory, type BinanceFuturesRoute, type BinanceFuturesRoutes } from './binance-futures-routes';

/** USD-M's limit of incoming messages per second and connection (control messages, pings, pongs). */
const MESSAGES_PER_SECOND = 10;
const STREAMS_PER_CONNECTION = 1024;

/**
 * Binance USD-M futures' combined-stream protocol: streams are routed by URL (`/public/stream` for
 * depth and book ticker, `/market/stream` for aggregate trades, tickers and mark price), `SUBSCRIBE`/
 * `UNSUBSCRIBE` with ids, 1024 streams per socket, at most 10 incoming messages per second counting
 * pings and pongs, WebSocket ping frames for keepalive (the server pings every 3 minutes too).
 *
 * @example
 * ```ts
 * const protocol = binanceFuturesProtocol('wss://fstream.binance.com', new BinanceFuturesRoutes());
 * protocol.urlOf?.('btcusdt@depth@100ms'); // 'wss://fstream.binance.com/public/stream'
 * ```
 */
export function binanceFuturesProtocol(wsUrl: string, routes: BinanceFuturesRoutes): ExchangeProtocol {
  const base = wsUrl.replace(/\/+$/, '');
  return {
    exchange: 'binanceFutures',
    url: `${base}/market/stream`,
    urlOf: (key) => `${base}/${binanceFuturesCategory(key)}/stream`,
    maxStreamsPerConnection: STREAMS_PER_CONNECTION,
    controlMessagesPerSecond: MESSAGES_PER_SECOND,
    keepaliveCountsAsControl: true,
    groupOf: () => 'streams',
    subscribeMessage: (keys, id) => JSON.stringify({ method: 'SUBSCRIBE', params: keys, id }),
    unsubscribeMessage: (keys, id) => JSON.stringify({ method: 'UNSUBSCRIBE', params: keys, id }),
    createSession: () => createBinanceFuturesSession(routes),
  };
}

/**
 * A Binance USD-M frame session. With `fastPath` (the default), depth frames in Binance's exact layout
 * are read by a hand-written scanner without `JSON.parse`; anything else, and every frame when
 * `fastPath` is `false`, takes the validated path. Both give the same output or the same error.
 *
 * @example
 * ```ts
 * const session = createBinanceFuturesSession(new BinanceFuturesRoutes());
 * session.onFrame(text, Date.now(), sink);
 * ```
 */
export function createBinanceFuturesSession(routes: BinanceFuturesRoutes, fastPath = true): FrameSession {
  return new BinanceFuturesSession(routes, fastPath);
}

/** Decodes a depth payload on the hot path: tag and id types inline, levels parsed and validated in one pass. */
function fastDepth(update: Record<string, unknown>): BinanceFuturesDepthDiff | undefined {
  const { E, U, u, pu } = update;
  if (update['e'] !== 'depthUpdate' || typeof E !== 'number' || typeof update['s'] !== 'string') return undefined;
  if (!Number.isSafeInteger(U) || !Number.isSafeInteger(u) || !Number.isSafeInteger(pu)) return undefined;
  const bids = parseBinanceLevels(update['b']);
  const asks = bids && parseBinanceLevels(update['a']);
  if (!asks) return undefined;
  return { firstUpdateId: U as number, lastUpdateId: u as number, previousUpdateId: pu as number, timestamp: E, bids: bids!, asks };
}

/**
 * Decodes one USD-M depth payload (the `data` of a combined-stream frame) the way the session does:
 * the diff, or a message saying what is wrong (the io-ts codec's report, or the bad level).
 *
 * @example
 * ```ts
 * decodeBinanceFuturesDepth({ e: 'depthUpdate', E: 1, s: 'BTCUSDT', U: 5, u: 9, pu: 3, b: [['1.5', '2']], a: [] }); // a BinanceFuturesDepthDiff
 * ```
 */
export function decodeBinanceFuturesDepth(data: Record<string, unknown>): BinanceFuturesDepthDiff | string {
  const diff = fastDepth(data);
  if (diff) return diff;
  const report = decodeOrExplain(BinanceFuturesDepthUpdate, data);
  return typeof report === 'string' ? report : 'binanceFutures: depth update id is not a safe integer, or a level is not a valid number pair';
}

function finite(values: readonly number[]): boolean {
  return values.every((value) => Number.isFinite(value));
}

class BinanceFuturesSession implements FrameSession {
  private readonly scanner = new FrameScanner();

  constructor(
    private readonly routes: BinanceFuturesRoutes,
    private readonly fastPath: boolean,
  ) {}

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath) {
      const scanned = scanBinanceDepth(this.scanner, text, true);
      if (scanned !== undefined && this.routes.get(scanned.stream)?.kind === 'depth') {
        const diff: BinanceFuturesDepthDiff = {
          firstUpdateId: scanned.U,
          lastUpdateId: scanned.u,
          previousUpdateId: scanned.pu,
          timestamp: scanned.E,
          bids: scanned.bids,
          asks: scanned.asks,
        };
        return sink.data(scanned.stream, diff);
      }
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('binanceFutures: frame is not valid JSON', text);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('binanceFutures: frame is not a JSON object', text);
      return;
    }
    const stream = (message as { stream?: unknown }).stream;
    if (typeof stream === 'string') this.onStreamFrame(stream, message, text, receivedAt, sink);
    else this.onControlFrame(message as Record<string, unknown>, text, sink);
  }

  private onStreamFrame(key: string, message: object, text: string, receivedAt: number, sink: FrameSink): void {
    const route = this.routes.get(key);
    if (!route) return; // a stream this client never asked for, or a late frame after unsubscribing
    const data = (message as { data?: unknown }).data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      sink.invalid(decodeOrExplain(BinanceStreamFrame, message) as string, text, key);
      return;
    }
    const payload = this.decode(route, data as Record<string, unknown>, receivedAt);
    if (typeof payload === 'string') sink.invalid(payload, text, key);
    else sink.data(key, payload);
  }

  private decode(route: BinanceFuturesRoute, data: Record<string, unknown>, receivedAt: number): object | string {
    switch (route.kind) {
      case 'depth':
        return decodeBinanceFuturesDepth(data);
      case 'bookTicker': {
        const ticker = decodeOrExplain(BinanceFuturesBookTicker, data);
        if (typeof ticker === 'string') return ticker;
        const top: BinanceFuturesTop = { bid: toNumber(ticker.b), bidSize: toNumber(ticker.B), ask: toNumber(ticker.a), askSize: toNumber(ticker.A), updateId: ticker.u, timestamp: ticker.E };
        if (!(top.bid > 0 && top.ask > 0 && top.bidSize >= 0 && top.askSize >= 0)) return 'binanceFutures: book ticker price/quantity is not a valid number';
        return top;
      }
      case 'ticker': {
        const ticker = decodeOrExplain(BinanceFuturesTicker, data);
        if (typeof ticker === 'string') return ticker;
        const stats: BinanceFuturesStats = {
          price: toNumber(ticker.c),
          high24h: toNumber(ticker.h),
          low24h: toNumber(ticker.l),
          volume24h: toNumber(ticker.v),
          change24h: toNumber(ticker.P),
          timestamp: ticker.E,
          localTimestamp: receivedAt,
        };
        const valid = stats.price > 0 && stats.high24h >= 0 && stats.low24h >= 0 && stats.volume24h >= 0 && Number.isFinite(stats.change24h);
        return valid ? stats : 'binanceFutures: a ticker field is not a valid number (price > 0, the rest ≥ 0)';
      }
      case 'trade': {
        const trade = decodeOrExplain(BinanceFuturesAggTrade, data);
        if (typeof trade === 'string') return trade;
        const price = toNumber(trade.p);
        const amount = toNumber(trade.q);
        if (!(price > 0) || !(amount >= 0)) return 'binanceFutures: trade price/quantity is not a valid number';
        const normalized: Trade = {
          type: 'trade',
          exchange: 'binanceFutures',
          symbol: route.symbol,
          id: String(trade.a),
          price,
          amount,
          side: trade.m ? 'sell' : 'buy',
          timestamp: trade.T,
          localTimestamp: receivedAt,
        };
        return normalized;
      }
      case 'markPrice': {
        const mark = decodeOrExplain(BinanceFuturesMarkPrice, data);
        if (typeof mark === 'string') return mark;
        // A delivery contract has no funding: `r` is empty and `T` is 0 there.
        const fundingRate = mark.r === '' ? undefined : toNumber(mark.r);
        const decoded: BinanceFuturesMark = {
          markPrice: toNumber(mark.p),
          indexPrice: toNumber(mark.i),
          fundingRate,
          nextFundingTime: mark.T > 0 ? mark.T : undefined,
          timestamp: mark.E,
          localTimestamp: receivedAt,
        };
        const numbers = [decoded.markPrice, decoded.indexPrice, ...(fundingRate === undefined ? [] : [fundingRate])];
        if (!finite(numbers) || !(decoded.markPrice > 0)) return 'binanceFutures: a mark price field is not a valid number';
        return decoded;
      }
    }
  }

  private onControlFrame(message: Record<string, unknown>, text: string, sink: FrameSink): void {
    const id = typeof message['id'] === 'number' ? message['id'] : undefined;
    if ('result' in message && id !== undefined) return; // {"result":null,"id":1}: request accepted
    const error = BinanceErrorBody.is(message['error']) ? message['error'] : BinanceErrorBody.is(message) ? message : undefined;
    if (error) {
      const description = `binanceFutures error ${error.code}: ${error.msg}`;
      if (id !== undefined) sink.rejected(id, undefined, description);
      else sink.exchangeError(description, text);
      return;
    }
    sink.invalid('binanceFutures: unexpected frame (neither a stream frame nor a reply)', text);
  }
}
