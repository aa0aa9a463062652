import { OrderBook } from '../book/order-book';
import type { BookEvent, BookSnapshot } from '../model/book-event';
import type { ExchangeId } from '../model/exchange-id';
import { encodeBookRecord, encodeStoredSnapshot } from './nats-codec';
import type { Bus } from './nats-connection';
import { marketSubject } from './nats-subjects';

/**
 * Publishes one book to `md.<exchange>.book.<symbol>` as a chain of records (`epoch`, `seq` 0, 1,
 * 2…), keeping the book locally so that it can
 * - publish a full snapshot whenever the chain would otherwise break: on taking the lease, after
 *   a failed publish, after NATS was unreachable (consumers then see a new snapshot, never a hole);
 * - store the latest image on `md.<exchange>.snapshot.<symbol>` with the events stream's sequence of
 *   the record it follows (`storeSnapshot()`), for consumers joining late or resyncing.
 *
 * While not {@link active} (standby, or NATS disconnected) it only follows the book.
 *
 * @example
 * ```ts
 * const book = new BookPublisher(bus, 'binance', 'BTC/USDT', epoch, (message) => report(message));
 * client.book('BTC/USDT').subscribe((event) => book.onEvent(event));
 * ```
 */
export class BookPublisher {
  /** Publishes records while `true`. */
  active = false;
  private readonly book = new OrderBook();
  private readonly subject: string;
  private readonly snapshotSubject: string;
  private latest: BookEvent | undefined;
  private seq = -1;
  private dirty = true;
  private lastAck: Promise<number | undefined> = Promise.resolve(undefined);
  private lastAckSeq = -1;
  private storing = false;

  constructor(
    private readonly bus: Bus,
    private readonly exchange: ExchangeId,
    private readonly symbol: string,
    private readonly epoch: string,
    private readonly onError: (message: string) => void,
  ) {
    this.subject = marketSubject(exchange, 'book', symbol);
    this.snapshotSubject = marketSubject(exchange, 'snapshot', symbol);
  }

  /**
   * Follows `event` and, when active, publishes it (or a full snapshot if the chain was broken).
   *
   * @example
   * ```ts
   * book.onEvent(delta);
   * ```
   */
  onEvent(event: BookEvent): void {
    if (event.type === 'snapshot') this.book.applySnapshot(event.bids, event.asks);
    else this.book.applyDelta(event.bids, event.asks);
    this.latest = event;
    if (!this.active) {
      this.dirty = true;
      return;
    }
    if (this.dirty) this.publishImage();
    else this.send(event);
  }

  /**
   * Starts publishing: a full snapshot of the local book right away (when it has one).
   *
   * @example
   * ```ts
   * book.activate();
   * ```
   */
  activate(): void {
    this.active = true;
    if (this.dirty && this.latest !== undefined) this.publishImage();
  }

  /**
   * Stops publishing (standby or NATS unreachable); the next activation starts with a snapshot.
   *
   * @example
   * ```ts
   * book.deactivate();
   * ```
   */
  deactivate(): void {
    this.active = false;
    this.dirty = true;
  }

  /**
   * Stores the current image on the snapshot subject once the record it follows is acknowledged.
   * At most one store at a time; a call during one is skipped (the next interval catches up).
   *
   * @example
   * ```ts
   * await book.storeSnapshot();
   * ```
   */
  async storeSnapshot(): Promise<void> {
    if (!this.active || this.dirty || this.storing || this.seq < 0 || this.lastAckSeq === this.seq) return;
    this.storing = true;
    const seq = this.seq;
    const image = this.image();
    try {
      const streamSeq = await this.lastAck;
      if (streamSeq === undefined) return;
      await this.bus.js.publish(this.snapshotSubject, encodeStoredSnapshot({ epoch: this.epoch, seq, streamSeq, event: image }), { timeout: 2_000 });
      this.lastAckSeq = seq;
    } catch (error) {
      this.onError(`snapshot store of ${this.symbol}: ${String(error)}`);
    } finally {
      this.storing = false;
    }
  }

  private publishImage(): void {
    this.dirty = false;
    this.send(this.image());
  }

  private image(): BookSnapshot {
    const latest = this.latest!;
    return {
      type: 'snapshot',
      exchange: this.exchange,
      symbol: this.symbol,
      bids: this.book.bids.top(Infinity),
      asks: this.book.asks.top(Infinity),
      timestamp: latest.timestamp,
      localTimestamp: latest.localTimestamp,
    };
  }

  private send(event: BookEvent): void {
    const seq = ++this.seq;
    const ack = this.bus.js.publish(this.subject, encodeBookRecord({ epoch: this.epoch, seq, event }), { msgID: `${this.epoch}.${seq}`, timeout: 5_000 }).then(
      (pubAck) => pubAck.seq,
      (error: unknown) => {
        // the chain is broken from here: the next event goes out as a full snapshot
        this.dirty = true;
        this.onError(`publish of ${this.symbol} #${seq}: ${String(error)}`);
        return undefined;
      },
    );
    if (seq === this.seq) this.lastAck = ack;
  }
}
