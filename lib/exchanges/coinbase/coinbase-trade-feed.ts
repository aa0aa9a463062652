import type { Subscriber } from 'rxjs';
import type { Trade } from '../../model/trade';
import type { StreamListener } from '../common/stream-listener';
import type { CoinbaseTradeBatch } from './coinbase-payloads';

/**
 * One `market_trades` stream as a listener: live trades only, never twice. Coinbase answers every
 * subscribe with a snapshot of recent trades: the first one only sets the watermark (the highest
 * trade id seen), so a new stream starts with live trades, as on every exchange; after a reconnect the
 * snapshot's trades above the watermark are the ones missed while disconnected, and are delivered.
 * Trades at or below the watermark (duplicates) are dropped. Trade ids that are not integers are
 * never filtered.
 *
 * @example
 * ```ts
 * hub.stream<Trade>('market_trades:BTC-USD', (subscriber) => new CoinbaseTradeFeed(subscriber));
 * ```
 */
export class CoinbaseTradeFeed implements StreamListener {
  private watermark: number | undefined;

  constructor(private readonly subscriber: Subscriber<Trade>) {}

  data(payload: unknown): void {
    const { snapshot, trades } = payload as CoinbaseTradeBatch;
    const seeding = snapshot && this.watermark === undefined;
    for (let i = 0; i < trades.length; i++) {
      const trade = trades[i]!;
      const id = Number(trade.id);
      if (Number.isSafeInteger(id)) {
        if (this.watermark !== undefined && id <= this.watermark) continue;
        this.watermark = id;
      } else if (snapshot) {
        continue; // cannot tell whether it was delivered before
      }
      if (!seeding) this.subscriber.next(trade);
    }
  }

  status(): void {
    // a gap or a reconnect needs nothing: the snapshot after a reconnect fills what was missed
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }
}
