import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedCapturePath } from '../../../support/real-data';

/** The capture's file name in `../shared/data/real/` (AGPL: read from there, never copied into the repository). */
export const BYBIT_CAPTURE = 'bybit-v5.jsonl.gz';

/** The capture's connection of each category (see ../shared/data/real/SOURCES.md). */
export const CAPTURE_CONNECTIONS = { linear: 'BYBIT.ws.2', spot: 'BYBIT.ws.3' } as const;

/** One record of the real Bybit capture. */
export interface BybitCaptureRecord {
  readonly t: 'header' | 'http' | 'connect' | 'send' | 'recv';
  readonly conn?: string;
  readonly url?: string;
  readonly data?: string;
}

/** The capture's records, in order (wrap callers in `describeWithSharedCapture(…, BYBIT_CAPTURE, …)`). */
export function readBybitCapture(): BybitCaptureRecord[] {
  const file = sharedCapturePath(BYBIT_CAPTURE);
  if (file === undefined) throw new Error(`../shared/data/real/${BYBIT_CAPTURE} is missing`);
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BybitCaptureRecord);
}

/** The raw `recv` frames of one capture connection, in order. */
export function framesOf(records: readonly BybitCaptureRecord[], conn: string): string[] {
  return records.filter((r) => r.t === 'recv' && r.conn === conn).map((r) => r.data!);
}

/** The recorded REST body of `GET /v5/market/instruments-info?category=<category>`. */
export function instrumentsBody(records: readonly BybitCaptureRecord[], category: 'spot' | 'linear'): string {
  const record = records.find((r) => r.t === 'http' && r.url!.includes(`category=${category}`));
  if (!record) throw new Error(`no recorded instruments-info body for ${category}`);
  return record.data!;
}

/**
 * A naive book of one topic rebuilt from raw frames, independent of the library: Maps keyed by the
 * wire's own price text (so a snapshot can be written back exactly), sizes as text.
 */
export class NaiveTopicBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  /** The same book with numbers (price → size), kept alongside for cheap comparisons. */
  readonly numeric = { bids: new Map<number, number>(), asks: new Map<number, number>() };
  u = 0;
  seq = 0;
  snapshots = 0;
  deltas = 0;
  firstU = 0;
  /** Deletions of a level the book did not hold. */
  absentDeletes = 0;

  apply(message: { type: string; data: { b: [string, string][]; a: [string, string][]; u: number; seq: number } }): void {
    if (message.type === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
      this.numeric.bids.clear();
      this.numeric.asks.clear();
      this.snapshots++;
      this.firstU = message.data.u;
    } else {
      this.deltas++;
    }
    for (const [side, numeric, levels] of [[this.bids, this.numeric.bids, message.data.b], [this.asks, this.numeric.asks, message.data.a]] as const) {
      for (const [price, size] of levels) {
        if (Number(size) === 0) {
          if (!side.has(price)) this.absentDeletes++;
          side.delete(price);
          numeric.delete(Number(price));
        } else {
          side.set(price, size);
          numeric.set(Number(price), Number(size));
        }
      }
    }
    this.u = message.data.u;
    this.seq = message.data.seq;
  }

  /** Both sides as numbers, best first, at most `depth` levels each. */
  image(depth = Infinity): { bids: [number, number][]; asks: [number, number][] } {
    const sorted = (side: Map<string, string>, descending: boolean): [number, number][] =>
      [...side.entries()]
        .map(([p, q]): [number, number] => [Number(p), Number(q)])
        .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]))
        .slice(0, depth);
    return { bids: sorted(this.bids, true), asks: sorted(this.asks, false) };
  }

  /** The book as a Bybit snapshot frame of `topic` (levels in the wire's own text). */
  snapshotFrame(topic: string, native: string, u: number): string {
    const sorted = (side: Map<string, string>, descending: boolean): string[][] =>
      [...side.entries()].sort((a, b) => (descending ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).map(([p, q]) => [p, q]);
    return JSON.stringify({ topic, type: 'snapshot', ts: 1, data: { s: native, b: sorted(this.bids, true), a: sorted(this.asks, false), u, seq: this.seq }, cts: 1 });
  }
}

/** Best bid < best ask (a linear scan: no sorting). */
export function uncrossed(bids: ReadonlyMap<number, number>, asks: ReadonlyMap<number, number>): boolean {
  let bid = -Infinity;
  let ask = Infinity;
  for (const price of bids.keys()) if (price > bid) bid = price;
  for (const price of asks.keys()) if (price < ask) ask = price;
  return bid < ask;
}

/** Two price → size maps hold the same levels. */
export function sameLevels(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [price, size] of a) if (b.get(price) !== size) return false;
  return true;
}
