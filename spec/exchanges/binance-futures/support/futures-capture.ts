import { readFileSync } from 'node:fs';
import { fixturePath } from '../../../support/real-data';

/** One recorded WebSocket frame: receipt time (epoch s), raw text, and its parsed stream and data. */
export interface CapturedFrame {
  readonly at: number;
  readonly text: string;
  readonly stream: string;
  readonly data: Record<string, unknown>;
}

/** A `@depth@100ms` payload as recorded. */
export interface CapturedDepth {
  readonly E: number;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly b: [string, string][];
  readonly a: [string, string][];
}

/** One recorded REST depth snapshot: receipt time (epoch s), raw body, parsed id and levels. */
export interface CapturedSnapshot {
  readonly at: number;
  readonly body: string;
  readonly lastUpdateId: number;
  readonly bids: [string, string][];
  readonly asks: [string, string][];
}

/** The Binance USD-M capture (spec/fixtures/real/binance-futures.*.txt, XFree86, cryptofeed sample data). */
export interface FuturesCapture {
  readonly url: string;
  readonly frames: readonly CapturedFrame[];
  /** By native symbol (`SUSHIUSDT`). */
  readonly snapshots: ReadonlyMap<string, CapturedSnapshot>;
  depthOf(native: string): CapturedDepth[];
  framesOf(native: string, kind: string): CapturedFrame[];
}

/** The four symbols of the capture, native → unified. */
export const CAPTURE_SYMBOLS: Readonly<Record<string, string>> = {
  SUSHIUSDT: 'SUSHI/USDT:USDT',
  AKROUSDT: 'AKRO/USDT:USDT',
  KEEPUSDT: 'KEEP/USDT:USDT',
  CTKUSDT: 'CTK/USDT:USDT',
};

/** Reads and parses the capture (lines `<epoch s>: <frame>`; REST lines `<url> -> <epoch s>: <body>`). */
export function readFuturesCapture(): FuturesCapture {
  const [first, ...lines] = readFileSync(fixturePath('binance-futures.ws.txt'), 'utf8').split('\n');
  const frames = lines
    .filter((line) => line.trim() !== '')
    .map((line): CapturedFrame => {
      const colon = line.indexOf(': ');
      const text = line.slice(colon + 2);
      const parsed = JSON.parse(text) as { stream: string; data: Record<string, unknown> };
      return { at: Number(line.slice(0, colon)), text, stream: parsed.stream, data: parsed.data };
    });
  const snapshots = new Map<string, CapturedSnapshot>();
  for (const line of readFileSync(fixturePath('binance-futures.rest.txt'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const symbol = /symbol=([A-Z0-9]+)/.exec(line)![1]!;
    const arrow = line.indexOf(' -> ');
    const colon = line.indexOf(': ', arrow);
    const body = line.slice(colon + 2);
    const parsed = JSON.parse(body) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
    snapshots.set(symbol, { at: Number(line.slice(arrow + 4, colon)), body, lastUpdateId: parsed.lastUpdateId, bids: parsed.bids, asks: parsed.asks });
  }
  return {
    url: first!.slice(0, first!.indexOf(' <-> ')),
    frames,
    snapshots,
    depthOf: (native) => frames.filter((f) => f.stream === `${native.toLowerCase()}@depth@100ms`).map((f) => f.data as unknown as CapturedDepth),
    framesOf: (native, kind) => frames.filter((f) => f.stream === `${native.toLowerCase()}@${kind}`),
  };
}

/** A naive price → quantity book (independent of lib/book), best first on read. */
export class NaiveBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  constructor(bids: readonly [string, string][], asks: readonly [string, string][]) {
    this.apply(bids, asks);
  }

  apply(bids: readonly [string, string][], asks: readonly [string, string][]): void {
    for (const [side, levels] of [[this.bids, bids], [this.asks, asks]] as const) {
      for (const [price, quantity] of levels) {
        if (Number(quantity) === 0) side.delete(Number(price));
        else side.set(Number(price), Number(quantity));
      }
    }
  }

  top(depth: number): { bids: [number, number][]; asks: [number, number][] } {
    return {
      bids: [...this.bids.entries()].sort((a, b) => b[0] - a[0]).slice(0, depth),
      asks: [...this.asks.entries()].sort((a, b) => a[0] - b[0]).slice(0, depth),
    };
  }
}
