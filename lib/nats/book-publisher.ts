import { OrderBook } from '../book/order-book';
import type { BookEvent, BookSnapshot } from '../model/book-event';
import type { ExchangeId } from '../model/exchange-id';
import { decodeBookRecord, encodeBookRecord, encodeStoredSnapshot, type StoredSnapshot } from './nats-codec';
import type { Bus } from './nats-connection';
import { marketSubject, streamNames } from './nats-subjects';

/**
 * Publishes one book to `md.<exchange>.book.<symbol>` as a chain of records (`epoch`, `seq` 0, 1,
 * 2…), keeping the book locally so that it can
 * - publish a full snapshot whenever the chain would otherwise break: on taking the lease, after
 *   a failed publish, after NATS was unreachable (consumers then see a new snapshot, never a hole);
 * - store the latest image on `md.<exchange>.snapshot.<symbol>` with the events stream's sequence of
 *   the record it follows (`storeSnapshot()`, the first record and every snapshot interval), for
 *   consumers joining late or resyncing.
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
  private storeNext = true;
  private storedSeq = -1;

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
    if (!this.active) this.storeNext = true;
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
   * Asks for the current image to be stored on the snapshot subject: the next record goes out as a
   * JetStream publish whose acknowledgement gives its stream sequence, and the image after that
   * record is stored with it (a quiet book's image is stored at once, with the stream sequence of its
   * last record as the stream reports it). The other records are plain publishes into the stream (no round trip
   * per record; a record the server did not store is a gap that consumers detect by `seq`).
   *
   * @example
   * ```ts
   * book.storeSnapshot();
   * ```
   */
  storeSnapshot(): void {
    if (!this.active || this.dirty || this.seq < 0 || this.seq === this.storedSeq) return;
    this.storeNext = true;
    // a quiet book sends no next record: ask the stream where the last one is (which also shows
    // whether the stream holds every record of the book)
    const seq = this.seq;
    const image = this.image();
    this.bus.jsm.streams.getMessage(streamNames(this.exchange).events, { last_by_subj: this.subject }).then(
      (last) => {
        if (this.seq !== seq || !this.active) return; // busy: the next record stores it
        const record = last === null ? undefined : decodeBookRecord(last.data, this.exchange, this.symbol);
        if (last === null || record?.epoch !== this.epoch || record.seq !== seq) {
          // the stream lacks the book's last records (lost in a NATS restart) and no later record
          // will show consumers the gap: publish the whole book again
          this.onError(`${this.symbol}: the stream lacks records up to #${seq}; publishing a snapshot`);
          this.publishImage();
          return;
        }
        this.storeNext = false;
        this.store({ epoch: this.epoch, seq, streamSeq: last.seq, event: image });
      },
      () => undefined, // the next record stores it
    );
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
    const payload = encodeBookRecord({ epoch: this.epoch, seq, event });
    const msgID = `${this.epoch}.${seq}`;
    if (!this.storeNext) {
      const headers = this.bus.headers();
      headers.set('Nats-Msg-Id', msgID);
      this.bus.nc.publish(this.subject, payload, { headers });
      return;
    }
    this.storeNext = false;
    const image = this.image();
    this.bus.js.publish(this.subject, payload, { msgID, timeout: 5_000 }).then(
      (ack) => this.store({ epoch: this.epoch, seq, streamSeq: ack.seq, event: image }),
      (error: unknown) => {
        // the chain may be broken here: the next event goes out as a full snapshot
        this.dirty = true;
        this.storeNext = true;
        this.onError(`publish of ${this.symbol} #${seq}: ${String(error)}`);
      },
    );
  }

  private store(stored: StoredSnapshot): void {
    this.bus.js.publish(this.snapshotSubject, encodeStoredSnapshot(stored), { timeout: 5_000 }).then(
      () => (this.storedSeq = stored.seq),
      (error: unknown) => {
        this.storeNext = true;
        this.onError(`snapshot store of ${this.symbol}: ${String(error)}`);
      },
    );
  }
}
