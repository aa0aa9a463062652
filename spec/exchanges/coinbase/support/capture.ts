import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedCapturePath } from '../../../support/real-data';

/** One record of the real Coinbase capture (`../shared/data/real/coinbase-advanced-trade.jsonl.gz`). */
export interface CaptureRecord {
  readonly t: 'header' | 'http' | 'connect' | 'send' | 'recv';
  readonly conn?: string;
  readonly ts?: number;
  readonly data?: string;
}

/** The capture's file name in `../shared/data/real/` (AGPL: read from there, never copied into the repository). */
export const COINBASE_CAPTURE = 'coinbase-advanced-trade.jsonl.gz';

/** The capture's records, in order (wrap callers in `describeWithSharedCapture(…, COINBASE_CAPTURE, …)`). */
export function readCapture(): CaptureRecord[] {
  const file = sharedCapturePath(COINBASE_CAPTURE);
  if (file === undefined) throw new Error(`../shared/data/real/${COINBASE_CAPTURE} is missing`);
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CaptureRecord);
}

/** The raw text of every `recv` frame, in order. */
export function receivedFrames(records: readonly CaptureRecord[] = readCapture()): string[] {
  return records.filter((r) => r.t === 'recv').map((r) => r.data!);
}

/** A naive Map book rebuilt from raw `l2_data` frames, independent of the library. */
export class NaiveBooks {
  readonly books = new Map<string, { bids: Map<number, number>; asks: Map<number, number> }>();

  apply(frame: any): void {
    if (frame.channel !== 'l2_data') return;
    for (const event of frame.events) {
      if (event.type === 'snapshot') this.books.set(event.product_id, { bids: new Map(), asks: new Map() });
      const book = this.books.get(event.product_id);
      if (!book) continue;
      for (const u of event.updates) {
        const side = u.side === 'bid' ? book.bids : book.asks;
        const price = Number(u.price_level);
        const quantity = Number(u.new_quantity);
        if (quantity === 0) side.delete(price);
        else side.set(price, quantity);
      }
    }
  }

  /** Best bid and best ask prices. */
  best(product: string): { bid: number; ask: number } {
    const book = this.books.get(product)!;
    let bid = -Infinity;
    let ask = Infinity;
    for (const price of book.bids.keys()) if (price > bid) bid = price;
    for (const price of book.asks.keys()) if (price < ask) ask = price;
    return { bid, ask };
  }

  /** Both sides best first, at most `depth` levels each. */
  image(product: string, depth = Infinity): { bids: [number, number][]; asks: [number, number][] } {
    const book = this.books.get(product)!;
    return {
      bids: [...book.bids.entries()].sort((a, b) => b[0] - a[0]).slice(0, depth),
      asks: [...book.asks.entries()].sort((a, b) => a[0] - b[0]).slice(0, depth),
    };
  }
}
