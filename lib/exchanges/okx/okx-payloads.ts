import type { BookLevel } from '../../model/book-event';

/**
 * A decoded `books` push of one instrument, as handed to the book listener: levels parsed to numbers
 * plus the frame's own level arrays (the exact strings the checksum is computed on).
 *
 * @example
 * ```ts
 * const update: OkxBookUpdate = { action: 'update', bids: [[8476.97, 256]], asks: [], rawBids: [['8476.97', '256', '0', '12']], rawAsks: [],
 *   prevSeqId: 123456, seqId: 123457, checksum: -855196043, timestamp: 1597026383085 };
 * ```
 */
export interface OkxBookUpdate {
  readonly action: 'snapshot' | 'update';
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly rawBids: readonly (readonly string[])[];
  readonly rawAsks: readonly (readonly string[])[];
  /** `-1` on snapshots. */
  readonly prevSeqId: number;
  readonly seqId: number;
  /** OKX's signed CRC32 of the top 25 after this message; `undefined` when absent (0 means "not sent"). */
  readonly checksum: number | undefined;
  /** Order book generation time, epoch ms. */
  readonly timestamp: number;
}

/**
 * What one derivative channel (`funding-rate`, `mark-price`, `open-interest`, `index-tickers`, and
 * `tickers` for the last price) says about an instrument: some fields of a `DerivativeTicker` and
 * the time they were produced.
 *
 * @example
 * ```ts
 * const part: OkxDerivativePart = { markPrice: 42310.6, timestamp: 1630049139746 };
 * ```
 */
export interface OkxDerivativePart {
  readonly markPrice?: number;
  readonly indexPrice?: number;
  readonly lastPrice?: number;
  readonly fundingRate?: number;
  readonly nextFundingTime?: number;
  readonly openInterest?: number;
  readonly timestamp: number;
}
