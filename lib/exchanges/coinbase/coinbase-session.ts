import type * as t from 'io-ts';
import type { Trade } from '../../model/trade';
import { decodeOrExplain } from '../common/decode';
import type { ControlRequest } from '../common/control-queue';
import type { FrameSession, FrameSink } from '../common/exchange-protocol';
import { CoinbaseBatchGroups } from './coinbase-batch-groups';
import {
  CoinbaseCandlesEvent,
  CoinbaseEnvelope,
  CoinbaseErrorMessage,
  CoinbaseHeartbeatEvent,
  CoinbaseLevel2Event,
  CoinbaseSubscriptionsEvent,
  CoinbaseTickerEvent,
  CoinbaseTradesEvent,
} from './coinbase-codecs';
import { normalizeLevel2, normalizeTicker, normalizeTrade } from './coinbase-normalize';
import type { CoinbaseBookUpdate, CoinbaseTradeBatch } from './coinbase-payloads';
import { CoinbaseRefusals } from './coinbase-refusals';
import { streamKey, unifiedSymbol } from './coinbase-symbols';
import { parseRfc3339 } from '../common/parse-rfc3339';
import { FrameScanner } from '../common/frame-scanner';
import { scanCoinbaseLevel2 } from './coinbase-level2-scanner';

/** The unified symbol and stream keys of one product, computed once per session. */
interface ProductRoute {
  readonly symbol: string;
  readonly level2: string;
  readonly ticker: string;
  readonly trades: string;
}

/** Products remembered per session; past it the cache starts over (bounded memory). */
const MAX_ROUTES = 4096;

/**
 * Decodes the frames of one Advanced Trade connection. Checks `sequence_num`, which counts the
 * messages of the connection across all channels: a jump is a lost message of unknown channel, so
 * every stream is told (`sink.gap`, books resync); a number not above the last one is a late or
 * duplicate message and is ignored, as Coinbase's docs allow. Then it routes by channel:
 * `l2_data` → `level2:PRODUCT` ({@link CoinbaseBookUpdate}), `ticker` → `ticker:PRODUCT` (Ticker),
 * `market_trades` → `market_trades:PRODUCT` ({@link CoinbaseTradeBatch}); `heartbeats`,
 * `subscriptions` and `candles` are validated and dropped; a channel it does not know is ignored (it
 * still counts for the sequence). `subscriptions` and `{"type":"error"}` replies are paired with the
 * control messages sent ({@link CoinbaseRefusals}: a refused batch is split to find the refused
 * product; every error reply is an exchange error).
 *
 * @example
 * ```ts
 * const session = new CoinbaseSession(groups); // groups: the client's CoinbaseBatchGroups
 * session.onFrame(frameText, receivedAt, sink);
 * ```
 */
export class CoinbaseSession implements FrameSession {
  private lastSequence = -1;
  private readonly routes = new Map<string, ProductRoute>();
  private readonly refusals: CoinbaseRefusals;

  private readonly scanner = new FrameScanner();

  /**
   * `fastPath` (default `true`): `l2_data` update frames in Coinbase's exact layout are read by a
   * hand-written scanner without `JSON.parse`; anything else, and every frame when `false`, takes the
   * validated path. Both give the same output or the same error.
   */
  constructor(
    groups: CoinbaseBatchGroups = new CoinbaseBatchGroups(),
    private readonly fastPath = true,
  ) {
    this.refusals = new CoinbaseRefusals(groups);
  }

  onControlSent(request: ControlRequest): void {
    this.refusals.sent(request);
  }

  onFrame(text: string, receivedAt: number, sink: FrameSink): void {
    if (this.fastPath && this.onLevel2Fast(text, sink)) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      sink.invalid('coinbase: frame is not valid JSON', text);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      sink.invalid('coinbase: frame is not a JSON object', text);
      return;
    }
    if ((message as { type?: unknown }).type === 'error') {
      const error = decodeOrExplain(CoinbaseErrorMessage, message);
      if (typeof error === 'string') sink.invalid(error, text);
      else this.refusals.refused(error.message, text, sink);
      return;
    }
    const envelope = decodeOrExplain(CoinbaseEnvelope, message);
    if (typeof envelope === 'string') {
      sink.invalid(envelope, text);
      return;
    }
    if (!this.inSequence(envelope.sequence_num, sink)) return;
    switch (envelope.channel) {
      case 'l2_data':
        return this.onLevel2(envelope, text, sink);
      case 'ticker':
        return this.onTicker(envelope, text, receivedAt, sink);
      case 'market_trades':
        return this.onTrades(envelope.events, text, receivedAt, sink);
      case 'heartbeats':
        return this.validate(envelope.events, CoinbaseHeartbeatEvent, text, sink);
      case 'subscriptions':
        this.refusals.accepted();
        return this.validate(envelope.events, CoinbaseSubscriptionsEvent, text, sink);
      case 'candles':
        return this.validate(envelope.events, CoinbaseCandlesEvent, text, sink);
      default:
        return; // a channel this client never asked for: ignored, as Coinbase asks of clients
    }
  }

  /** Checks `sequence` against the previous one (a jump is a gap); `false` for a late or duplicate message. */
  private inSequence(sequence: number, sink: FrameSink): boolean {
    if (this.lastSequence >= 0) {
      if (sequence <= this.lastSequence) return false; // late or duplicate
      if (sequence !== this.lastSequence + 1) {
        const lost = sequence - this.lastSequence - 1;
        sink.gap(`coinbase: sequence_num jumped from ${this.lastSequence} to ${sequence} (${lost} message${lost === 1 ? '' : 's'} lost)`);
      }
    }
    this.lastSequence = sequence;
    return true;
  }

  /** The fast path of an `l2_data` update frame; `false` (nothing done) when the frame is not one. */
  private onLevel2Fast(text: string, sink: FrameSink): boolean {
    const scanned = scanCoinbaseLevel2(this.scanner, text);
    if (scanned === undefined) return false;
    const timestamp = parseRfc3339(scanned.firstEventTime);
    if (Number.isNaN(timestamp)) return false;
    if (!this.inSequence(scanned.sequence, sink)) return true;
    const update: CoinbaseBookUpdate = { kind: 'update', bids: scanned.bids, asks: scanned.asks, timestamp };
    sink.data(this.route(scanned.product).level2, update);
    return true;
  }

  private onLevel2(envelope: CoinbaseEnvelope, text: string, sink: FrameSink): void {
    const events = envelope.events;
    let messageTime: number | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = decodeOrExplain(CoinbaseLevel2Event, events[i]);
      if (typeof event === 'string') {
        sink.invalid(event, text, this.keyOfInvalid(events[i], 'level2'));
        continue;
      }
      const route = this.route(event.product_id);
      if (event.updates.length === 0) messageTime ??= parseRfc3339(envelope.timestamp);
      const update = normalizeLevel2(event, messageTime ?? NaN);
      if (typeof update === 'string') sink.invalid(update, text, route.level2);
      else sink.data(route.level2, update);
    }
  }

  private onTicker(envelope: CoinbaseEnvelope, text: string, receivedAt: number, sink: FrameSink): void {
    const events = envelope.events;
    const timestamp = parseRfc3339(envelope.timestamp);
    for (let i = 0; i < events.length; i++) {
      const event = decodeOrExplain(CoinbaseTickerEvent, events[i]);
      if (typeof event === 'string') {
        sink.invalid(event, text);
        continue;
      }
      for (const item of event.tickers) {
        const route = this.route(item.product_id);
        const ticker = normalizeTicker(item, route.symbol, timestamp, receivedAt);
        if (typeof ticker === 'string') sink.invalid(ticker, text, route.ticker);
        else sink.data(route.ticker, ticker);
      }
    }
  }

  private onTrades(events: readonly unknown[], text: string, receivedAt: number, sink: FrameSink): void {
    for (let i = 0; i < events.length; i++) {
      const event = decodeOrExplain(CoinbaseTradesEvent, events[i]);
      if (typeof event === 'string') {
        sink.invalid(event, text);
        continue;
      }
      const snapshot = event.type === 'snapshot';
      const trades = event.trades;
      let batches: Map<string, Trade[]> | undefined;
      // Coinbase lists trades newest first: deliver them oldest first.
      for (let j = trades.length - 1; j >= 0; j--) {
        const item = trades[j]!;
        const route = this.route(item.product_id);
        const trade = normalizeTrade(item, route.symbol, receivedAt);
        if (typeof trade === 'string') {
          sink.invalid(trade, text, route.trades);
          continue;
        }
        batches ??= new Map();
        const batch = batches.get(route.trades);
        if (batch) batch.push(trade);
        else batches.set(route.trades, [trade]);
      }
      if (batches) for (const [key, batch] of batches) sink.data(key, { snapshot, trades: batch } satisfies CoinbaseTradeBatch);
    }
  }

  /** Checks events of a channel no stream consumes; an invalid one is still a decode error. */
  private validate(events: readonly unknown[], codec: t.Mixed, text: string, sink: FrameSink): void {
    for (let i = 0; i < events.length; i++) {
      if (codec.is(events[i])) continue;
      sink.invalid(decodeOrExplain(codec, events[i]) as string, text);
      return;
    }
  }

  /** The stream key an undecodable event belongs to, when its `product_id` is readable. */
  private keyOfInvalid(event: unknown, channel: 'level2'): string | undefined {
    const product = typeof event === 'object' && event !== null ? (event as { product_id?: unknown }).product_id : undefined;
    return typeof product === 'string' ? this.route(product)[channel] : undefined;
  }

  private route(product: string): ProductRoute {
    let route = this.routes.get(product);
    if (route === undefined) {
      if (this.routes.size >= MAX_ROUTES) this.routes.clear();
      route = {
        symbol: unifiedSymbol(product),
        level2: streamKey('level2', product),
        ticker: streamKey('ticker', product),
        trades: streamKey('market_trades', product),
      };
      this.routes.set(product, route);
    }
    return route;
  }
}
