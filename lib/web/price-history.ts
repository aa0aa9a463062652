import type { DashboardModel } from '../cli/dashboard/dashboard-model';

/**
 * One sample of a market's top of book: `[epoch ms, best bid, best ask]` (`NaN` when a side is empty).
 *
 * @example
 * ```ts
 * const point: HistoryPoint = [1786309548210, 65000.1, 65000.2];
 * ```
 */
export type HistoryPoint = readonly [time: number, bid: number, ask: number];

/**
 * The last minutes of every market's best bid/ask, sampled at a fixed interval into a bounded ring per
 * market, with a running sequence number so a live page receives only the points it has not seen.
 *
 * @example
 * ```ts
 * const history = new PriceHistory(600);
 * history.sample(model, Date.now());
 * history.since(0); // { points: { 'binance BTC/USDT': [[t, bid, ask]] }, seq: 1 }
 * ```
 */
export class PriceHistory {
  private readonly rings = new Map<string, { seq: number; point: HistoryPoint }[]>();
  private seq = 0;

  constructor(readonly capacity: number) {}

  /** The sequence number of the newest sample. */
  get latest(): number {
    return this.seq;
  }

  /** Appends one point per market that has a book. */
  sample(model: DashboardModel, now: number): void {
    this.seq++;
    for (const row of model.markets) {
      if (!Number.isFinite(row.bid) && !Number.isFinite(row.ask)) continue;
      const key = `${row.exchange} ${row.symbol}`;
      let ring = this.rings.get(key);
      if (!ring) this.rings.set(key, (ring = []));
      ring.push({ seq: this.seq, point: [now, row.bid, row.ask] });
      if (ring.length > this.capacity) ring.shift();
    }
  }

  /** Every point newer than `seq`, per market key (`exchange symbol`), and the newest sequence number. */
  since(seq: number): { readonly points: Record<string, HistoryPoint[]>; readonly seq: number } {
    const points: Record<string, HistoryPoint[]> = {};
    for (const [key, ring] of this.rings) {
      let i = ring.length;
      while (i > 0 && ring[i - 1]!.seq > seq) i--;
      if (i < ring.length) points[key] = ring.slice(i).map((entry) => entry.point);
    }
    return { points, seq: this.seq };
  }
}
