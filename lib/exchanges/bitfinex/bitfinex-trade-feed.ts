import type { Subscriber } from 'rxjs';
import type { Trade } from '../../model/trade';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { BitfinexTradePayload } from './bitfinex-payloads';

/**
 * One subscriber's Bitfinex `trades` channel, each trade delivered once:
 *
 * - `te` (trade executed, the fast one) is delivered; `tu` (the same trade again once written to
 *   Bitfinex's database, 1–2 s later) never reaches this listener.
 * - The snapshot sent after `subscribed` (the most recent trades, newest first) is history the first
 *   time and is not delivered; after a resubscription (a reconnect, a sequence gap, the end of a
 *   maintenance) the trades in it newer than the last one delivered are delivered, oldest first, so
 *   trades executed while the channel was down are not lost (as far as the snapshot reaches back).
 *   Newer means a higher trade id (Bitfinex trade ids increase).
 * - A connection-wide sequence gap (a message may be lost) resubscribes the channel to get that
 *   snapshot; an invalid frame on it does the same.
 *
 * @example
 * ```ts
 * hub.stream<Trade>('trades:tBTCUSD', (subscriber, ctx) => new BitfinexTradeFeed(subscriber, ctx));
 * ```
 */
export class BitfinexTradeFeed implements StreamListener {
  /** Highest trade id delivered, or seen in the first snapshot. */
  private lastId: number | undefined;

  constructor(
    private readonly subscriber: Subscriber<Trade>,
    private readonly context: StreamContext,
  ) {}

  data(payload: unknown): void {
    const message = payload as BitfinexTradePayload;
    if (message.kind === 'executed') {
      this.deliver(message.trade);
      return;
    }
    const first = this.lastId === undefined;
    const trades = [...message.trades].sort((a, b) => Number(a.id) - Number(b.id));
    for (const trade of trades) {
      if (first) this.lastId = Math.max(this.lastId ?? -Infinity, Number(trade.id));
      else if (Number(trade.id) > this.lastId!) this.deliver(trade);
    }
    if (first && trades.length === 0) this.lastId = -Infinity;
  }

  status(status: StreamStatus): void {
    if (status === 'gap' || status === 'invalid') this.context.resubscribe();
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  private deliver(trade: Trade): void {
    const id = Number(trade.id);
    if (this.lastId === undefined || id > this.lastId) this.lastId = id;
    this.subscriber.next(trade);
  }
}
