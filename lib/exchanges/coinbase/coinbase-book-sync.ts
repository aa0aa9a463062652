import type { Subscriber } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { CoinbaseBookUpdate } from './coinbase-payloads';

/**
 * One `level2` book as a stream listener. Coinbase sends the whole book on subscribe, then updates:
 * the synchroniser forwards the snapshot and the updates that follow it, and drops updates while it
 * waits for a snapshot. A connection-wide sequence `gap` or an `invalid` frame of its product raises
 * `resync` (`gap`), forgets the book and resubscribes (Coinbase answers with a fresh snapshot); after a
 * reconnect (`connected` once synced) it raises `resync` (`reconnect`) and waits for the snapshot the
 * hub's resubscription brings. So the subscriber sees a new `snapshot` after every resync and never a
 * book built across a hole.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>('level2:BTC-USD', (subscriber, ctx) => new CoinbaseBookSync(subscriber, ctx, 'BTC/USD'), { fresh: true });
 * ```
 */
export class CoinbaseBookSync implements StreamListener {
  private live = false;
  private synced = false;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly symbol: string,
  ) {}

  data(payload: unknown, receivedAt: number): void {
    const update = payload as CoinbaseBookUpdate;
    if (update.kind === 'snapshot') {
      this.live = true;
      this.synced = true;
    } else if (!this.live) {
      return; // not ours to apply: the snapshot it belongs after is still to come
    }
    this.subscriber.next({
      type: update.kind === 'snapshot' ? 'snapshot' : 'delta',
      exchange: 'coinbase',
      symbol: this.symbol,
      bids: update.bids,
      asks: update.asks,
      timestamp: update.timestamp,
      localTimestamp: receivedAt,
    });
  }

  status(status: StreamStatus): void {
    switch (status) {
      case 'connected':
        if (this.synced) this.restart('reconnect', false);
        return;
      case 'disconnected':
        this.live = false;
        return;
      case 'gap':
      case 'invalid':
        this.restart('gap', true);
        return;
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  private restart(reason: ResyncReason, resubscribe: boolean): void {
    this.live = false;
    this.context.raise({ type: 'resync', symbol: this.symbol, reason });
    if (resubscribe) this.context.resubscribe();
  }
}
