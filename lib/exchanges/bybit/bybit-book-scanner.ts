import type { BookLevel } from '../../model/book-event';
import type { FrameScanner } from '../common/frame-scanner';

/**
 * What the book fast path read from one Bybit v5 `orderbook.{depth}.{symbol}` frame.
 *
 * @example
 * ```ts
 * const scanned: ScannedBybitBook = { topic: 'orderbook.50.BTCUSDT', type: 'delta', ts: 1786310818129, bids: [[65114.2, 6.054]], asks: [], u: 7, seq: 90 };
 * ```
 */
export interface ScannedBybitBook {
  readonly topic: string;
  readonly type: 'snapshot' | 'delta';
  readonly ts: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly u: number;
  readonly seq: number;
}

/**
 * The fast path of Bybit v5 book frames, in the two key orders Bybit sends (the capture): linear
 * `{"topic":"…","type":"delta","ts":…,"data":{…},"cts":…}` and spot
 * `{"topic":"…","ts":…,"type":"delta","data":{…},"cts":…}`, with
 * `data` = `{"s":"…","b":[["price","size"],…],"a":[…],"u":…,"seq":…}`, without `JSON.parse`. Returns
 * `undefined` on anything else — another key order, no `cts`, blanks, escapes, a number that is not a
 * plain integer of at most 15 digits, a level that is not a valid plain decimal pair, trailing text —
 * and the caller then takes its validated path, which gives the same output (or the same error) for
 * every frame: proven by a property test against that path.
 *
 * @example
 * ```ts
 * scanBybitBook(new FrameScanner(), '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":5,"data":{"s":"BTCUSDT","b":[["1.5","2"]],"a":[],"u":7,"seq":90},"cts":4}');
 * // { topic: 'orderbook.50.BTCUSDT', type: 'delta', ts: 5, bids: [[1.5, 2]], asks: [], u: 7, seq: 90 }
 * ```
 */
export function scanBybitBook(scan: FrameScanner, text: string): ScannedBybitBook | undefined {
  scan.reset(text);
  if (!scan.literal('{"topic":"')) return undefined;
  const topic = scan.stringBody();
  if (topic === undefined) return undefined;
  let type: 'snapshot' | 'delta' | undefined;
  let ts: number;
  if (scan.literal(',"ts":')) {
    // spot: topic, ts, type
    ts = scan.integer();
    type = ts < 0 ? undefined : typeAfter(scan, ',"type":"');
  } else {
    // linear: topic, type, ts
    type = typeAfter(scan, ',"type":"');
    ts = type !== undefined && scan.literal(',"ts":') ? scan.integer() : -1;
  }
  if (type === undefined || ts < 0 || !scan.literal(',"data":{"s":"') || scan.stringBody() === undefined || !scan.literal(',"b":')) return undefined;
  const bids = scan.levelPairs();
  if (bids === undefined || !scan.literal(',"a":')) return undefined;
  const asks = scan.levelPairs();
  if (asks === undefined || !scan.literal(',"u":')) return undefined;
  const u = scan.integer();
  if (u < 0 || !scan.literal(',"seq":')) return undefined;
  const seq = scan.integer();
  if (seq < 0 || !scan.literal('},"cts":') || scan.integer() < 0 || !scan.literal('}') || !scan.atEnd()) return undefined;
  return { topic, type, ts, bids, asks, u, seq };
}

/** `snapshot` or `delta` after `head`, with its closing quote; `undefined` otherwise. */
function typeAfter(scan: FrameScanner, head: string): 'snapshot' | 'delta' | undefined {
  if (!scan.literal(head)) return undefined;
  if (scan.literal('delta"')) return 'delta';
  if (scan.literal('snapshot"')) return 'snapshot';
  return undefined;
}
