import type { BookLevel } from '../../model/book-event';
import { FrameScanner } from '../common/frame-scanner';

/**
 * What the depth fast path read from one combined-stream frame: the stream key and the fields of the
 * `depthUpdate` (`pu` and `T` only on USD-M futures, `-1` on spot).
 *
 * @example
 * ```ts
 * const scanned: ScannedBinanceDepth = { stream: 'btcusdt@depth@100ms', E: 1, T: -1, U: 5, u: 9, pu: -1, bids: [[100, 1]], asks: [] };
 * ```
 */
export interface ScannedBinanceDepth {
  readonly stream: string;
  readonly E: number;
  readonly T: number;
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/**
 * The fast path of Binance depth frames, spot and USD-M futures (one layout, futures add `T` and `pu`):
 * reads `{"stream":"…","data":{"e":"depthUpdate","E":…,["T":…,]"s":"…","U":…,"u":…,["pu":…,]"b":[…],"a":[…]}}`
 * exactly as Binance sends it, without `JSON.parse`. Returns `undefined` on anything else — another
 * key order, blanks, escapes, a number that is not a plain safe integer, a level that is not a valid
 * plain decimal pair, trailing text — and the caller then takes its validated path, which gives the
 * same output (or the same error) for every frame: proven by a property test against that path.
 *
 * @example
 * ```ts
 * const scanner = new FrameScanner();
 * scanBinanceDepth(scanner, '{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":5,"u":9,"b":[["1.5","2"]],"a":[]}}', false);
 * // { stream: 'btcusdt@depth', E: 1, T: -1, U: 5, u: 9, pu: -1, bids: [[1.5, 2]], asks: [] }
 * ```
 */
export function scanBinanceDepth(scan: FrameScanner, text: string, futures: boolean): ScannedBinanceDepth | undefined {
  scan.reset(text);
  if (!scan.literal('{"stream":"')) return undefined;
  const stream = scan.stringBody();
  if (stream === undefined || !scan.literal(',"data":{"e":"depthUpdate","E":')) return undefined;
  const E = scan.integer();
  let T = -1;
  if (futures) {
    if (E < 0 || !scan.literal(',"T":')) return undefined;
    T = scan.integer();
  }
  if (E < 0 || T < (futures ? 0 : -1) || !scan.literal(',"s":"') || scan.stringBody() === undefined || !scan.literal(',"U":')) return undefined;
  const U = scan.integer();
  if (U < 0 || !scan.literal(',"u":')) return undefined;
  const u = scan.integer();
  if (u < 0) return undefined;
  let pu = -1;
  if (futures) {
    if (!scan.literal(',"pu":')) return undefined;
    pu = scan.integer();
    if (pu < 0) return undefined;
  }
  if (!scan.literal(',"b":')) return undefined;
  const bids = scan.levelPairs();
  if (bids === undefined || !scan.literal(',"a":')) return undefined;
  const asks = scan.levelPairs();
  if (asks === undefined || !scan.literal('}}') || !scan.atEnd()) return undefined;
  return { stream, E, T, U, u, pu, bids, asks };
}
