import { BinanceSession, parseStreamUrl } from '../binance/binance-session';
import type { TestConnection } from '../harness/test-connection';

/**
 * Which routed endpoint of `fstream.binance.com` a connection was opened on: `public`, `market`, or
 * `root` (the legacy unrouted `/stream` and `/ws`, which since 2026-04-23 only deliver `public` data).
 *
 * @example
 * ```ts
 * const route: FuturesRoute = 'market';
 * ```
 */
export type FuturesRoute = 'public' | 'market' | 'root';

/**
 * A USD-M connection: Binance's session (streams, `combined`, incoming-message limit) plus its route.
 *
 * @example
 * ```ts
 * const session = new FuturesSession(connection, 'public', true, [], 10);
 * ```
 */
export class FuturesSession extends BinanceSession {
  constructor(connection: TestConnection, readonly route: FuturesRoute, combined: boolean, initialStreams: readonly string[], maxMessagesPerSecond: number) {
    super(connection, combined, initialStreams, maxMessagesPerSecond);
  }
}

/**
 * Reads a USD-M stream URL: `/public/stream?streams=…`, `/market/ws/…`, or the unrouted `/stream`,
 * `/ws`; `undefined` for anything else (e.g. `/private`, not simulated).
 *
 * @example
 * ```ts
 * parseFuturesStreamUrl('/market/stream?streams=btcusdt@markPrice@1s'); // { route: 'market', combined: true, streams: ['btcusdt@markPrice@1s'] }
 * ```
 */
export function parseFuturesStreamUrl(url: string): { route: FuturesRoute; combined: boolean; streams: string[] } | undefined {
  const match = /^\/(public|market)(\/.*)$/.exec(url);
  const route: FuturesRoute = match ? (match[1] as FuturesRoute) : 'root';
  const parsed = parseStreamUrl(match ? match[2]! : url);
  return parsed && { route, ...parsed };
}

/**
 * The route that serves a USD-M stream: `public` for the high-frequency book streams (`@depth…`,
 * `@bookTicker`, `!bookTicker`, `@trade`, `@rpiDepth…`), `market` for everything else.
 *
 * @example
 * ```ts
 * futuresRouteOf('btcusdt@aggTrade'); // 'market'
 * ```
 */
export function futuresRouteOf(stream: string): 'public' | 'market' {
  return /@(?:depth|rpiDepth)|@bookTicker$|^!bookTicker$|@trade$/.test(stream) ? 'public' : 'market';
}

/**
 * `true` when a connection on `route` delivers `stream` (a stream subscribed on the wrong route is
 * accepted and stays silent, as on the real endpoints).
 *
 * @example
 * ```ts
 * delivers('root', 'btcusdt@depth@100ms'); // true
 * delivers('public', 'btcusdt@markPrice@1s'); // false
 * ```
 */
export function delivers(route: FuturesRoute, stream: string): boolean {
  const needed = futuresRouteOf(stream);
  return route === needed || (route === 'root' && needed === 'public');
}
