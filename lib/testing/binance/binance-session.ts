import { RateWindow } from '../harness/rate-window';
import type { TestConnection } from '../harness/test-connection';

/**
 * Per-connection state of the Binance simulator: subscribed streams (in subscription order),
 * the `combined` property (true on `/stream`, false on `/ws`) and the incoming-message rate window.
 *
 * @example
 * ```ts
 * const session = new BinanceSession(connection, true, ['btcusdt@trade'], 5);
 * session.streams.has('btcusdt@trade'); // true
 * ```
 */
export class BinanceSession {
  readonly streams: Set<string>;
  readonly rate: RateWindow;
  /** Set once the session was disconnected for breaking a limit; nothing more is processed. */
  kicked = false;

  constructor(
    readonly connection: TestConnection,
    public combined: boolean,
    initialStreams: readonly string[],
    maxMessagesPerSecond: number,
  ) {
    this.streams = new Set(initialStreams);
    this.rate = new RateWindow(maxMessagesPerSecond, 1000);
  }

  /** Counts one incoming message (text, ping or pong); over the limit, closes the connection (1008) and returns `false`. */
  admit(): boolean {
    if (this.kicked) return false;
    if (this.rate.hit()) return true;
    this.kicked = true;
    this.connection.close(1008, 'Too many requests');
    return false;
  }
}

/**
 * Reads a Binance stream URL: `/stream?streams=a/b` (combined) or `/ws/a/b` (raw);
 * `undefined` for any other path.
 *
 * @example
 * ```ts
 * parseStreamUrl('/stream?streams=btcusdt@trade/ethusdt@ticker'); // { combined: true, streams: ['btcusdt@trade', 'ethusdt@ticker'] }
 * ```
 */
export function parseStreamUrl(url: string): { combined: boolean; streams: string[] } | undefined {
  const parsed = new URL(url, 'http://127.0.0.1');
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path === '/stream') {
    const streams = (parsed.searchParams.get('streams') ?? '').split('/').filter((s) => s.length > 0);
    return { combined: true, streams };
  }
  if (path === '/ws' || path.startsWith('/ws/')) {
    return { combined: false, streams: path.slice(4).split('/').filter((s) => s.length > 0) };
  }
  return undefined;
}
