import type { KrakenInstrumentPair } from './kraken-codecs';
import { isValidPrecision, type KrakenPrecision } from './kraken-precision';

/**
 * What the `instrument` stream hands its listeners: the pairs of one message, and whether it was the
 * snapshot (the full list) or an update.
 *
 * @example
 * ```ts
 * const payload: KrakenInstrumentsPayload = { snapshot: true, pairs: [{ symbol: 'BTC/USD', price_precision: 1, qty_precision: 8 }] };
 * ```
 */
export interface KrakenInstrumentsPayload {
  readonly snapshot: boolean;
  readonly pairs: readonly KrakenInstrumentPair[];
}

/**
 * Per-client map of every pair's price/quantity precision, filled from the `instrument` channel and
 * read by the book listeners to format levels for the checksum. Listeners `watch` it to learn when a
 * precision they wait for arrives.
 *
 * @example
 * ```ts
 * const instruments = new KrakenInstruments();
 * instruments.apply({ snapshot: true, pairs: [{ symbol: 'BTC/USD', price_precision: 1, qty_precision: 8 }] });
 * instruments.get('BTC/USD'); // { price: 1, qty: 8 }
 * ```
 */
export class KrakenInstruments {
  private readonly precisions = new Map<string, KrakenPrecision>();
  private readonly watchers = new Set<() => void>();
  private lastApplied: KrakenInstrumentsPayload | undefined;
  private snapshotSeen = false;

  /** `true` once a full instrument snapshot arrived: a pair missing from it does not exist. */
  get loaded(): boolean {
    return this.snapshotSeen;
  }

  /** The precision of `symbol`, or `undefined` when not (yet) known. */
  get(symbol: string): KrakenPrecision | undefined {
    return this.precisions.get(symbol);
  }

  /** Stores a message's precisions (the same payload object twice is applied once) and tells the watchers. */
  apply(payload: KrakenInstrumentsPayload): void {
    if (payload === this.lastApplied) return;
    this.lastApplied = payload;
    for (const pair of payload.pairs) {
      const precision = { price: pair.price_precision, qty: pair.qty_precision };
      if (isValidPrecision(precision)) this.precisions.set(pair.symbol, precision);
    }
    if (payload.snapshot) this.snapshotSeen = true;
    for (const watcher of [...this.watchers]) watcher();
  }

  /** Calls `watcher` after every applied message; returns the function that stops it. */
  watch(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }
}
