import type { BookEvent } from '../../model/book-event';
import type { ExchangeEvent } from '../../model/exchange-event';
import type { ExchangeId } from '../../model/exchange-id';
import type { FaultKind } from '../exchanges/exchange-entry';

/**
 * The story of one injected fault, as the client saw it: when it was injected, the events that
 * showed the client noticed and reacted (`story`, e.g. `exchange error → resync gap`), and when
 * every book it disturbed was whole again (a fresh snapshot after each resync or disconnect).
 *
 * @example
 * ```ts
 * const record = new FaultRecord('binance', 'gap', 'BTC/USDT', Date.now(), ['BTC/USDT', 'ETH/USDT']);
 * record.onExchangeEvent(resyncEvent, Date.now());
 * record.onBookEvent(snapshotEvent, Date.now());
 * record.story;       // ['resync gap']
 * record.recoveredAt; // set once the book is whole again
 * ```
 */
export class FaultRecord {
  detectedAt: number | undefined;
  recoveredAt: number | undefined;
  /** What the client reported, in order, without repeats: `closed`, `reconnect`, `resync gap`, `decode error`… */
  readonly story: string[] = [];
  /** Symbols whose book was reset and still waits for a snapshot. */
  private readonly awaiting = new Set<string>();
  private bookEventAfterDetection = false;

  constructor(
    readonly exchange: ExchangeId,
    readonly kind: FaultKind,
    readonly symbol: string,
    readonly injectedAt: number,
    private readonly symbolsOfExchange: readonly string[],
    private readonly onRecovered: () => void = () => undefined,
  ) {}

  /** `true` until recovered. */
  get pending(): boolean {
    return this.recoveredAt === undefined;
  }

  /** Notes a lifecycle event of this fault's exchange. */
  onExchangeEvent(event: ExchangeEvent, now: number): void {
    if (!this.pending || event.exchange !== this.exchange) return;
    switch (event.type) {
      case 'close':
        for (const symbol of this.symbolsOfExchange) this.awaiting.add(symbol);
        this.detect('closed', now);
        return;
      case 'reconnect':
        this.detect('reconnect', now);
        return;
      case 'resync':
        this.awaiting.add(event.symbol);
        this.detect(`resync ${event.reason}`, now);
        return;
      case 'error':
        this.detect(`${event.kind} error`, now);
        return;
      default:
        return;
    }
  }

  /** Notes a book event of this fault's exchange; completes the recovery when all books are whole. */
  onBookEvent(event: BookEvent, now: number): void {
    if (!this.pending || event.exchange !== this.exchange || this.detectedAt === undefined) return;
    if (event.type === 'snapshot') this.awaiting.delete(event.symbol);
    this.bookEventAfterDetection = true;
    if (this.awaiting.size === 0 && this.bookEventAfterDetection) {
      this.recoveredAt = now;
      this.onRecovered();
    }
  }

  private detect(evidence: string, now: number): void {
    this.detectedAt ??= now;
    if (!this.story.includes(evidence)) this.story.push(evidence);
  }
}
