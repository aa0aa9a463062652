import type { ExchangeProtocol } from '../common/exchange-protocol';
import type { BitfinexRoutes } from './bitfinex-routes';
import { BitfinexSession } from './bitfinex-session';

/**
 * Channels one socket may carry: "you can subscribe to 25 channels at the same time on the same
 * connection"; the client opens another socket past it.
 *
 * @example
 * ```ts
 * BITFINEX_CHANNELS_PER_CONNECTION; // 25
 * ```
 */
export const BITFINEX_CHANNELS_PER_CONNECTION = 25;

/**
 * Subscribe/unsubscribe requests sent per second and socket. Bitfinex documents no rate for them
 * (only 20 connections per minute and 25 channels per connection); this is rxmarket's own budget.
 *
 * @example
 * ```ts
 * BITFINEX_CONTROL_MESSAGES_PER_SECOND; // 10
 * ```
 */
export const BITFINEX_CONTROL_MESSAGES_PER_SECOND = 10;

/**
 * Connections a client opens per minute at most: the documented limit of
 * `wss://api-pub.bitfinex.com` (past it the server refuses the handshake with HTTP 429).
 *
 * @example
 * ```ts
 * BITFINEX_CONNECTIONS_PER_MINUTE; // 20
 * ```
 */
export const BITFINEX_CONNECTIONS_PER_MINUTE = 20;

export { BITFINEX_CONF } from './bitfinex-session';

/**
 * Options of {@link bitfinexProtocol}.
 *
 * @example
 * ```ts
 * const options: BitfinexProtocolOptions = { connectionsPerMinute: 20 };
 * ```
 */
export interface BitfinexProtocolOptions {
  /** Socket openings per minute and client (default {@link BITFINEX_CONNECTIONS_PER_MINUTE}). */
  readonly connectionsPerMinute?: number;
}

/**
 * Bitfinex WebSocket v2 (public channels) as an {@link ExchangeProtocol}: `conf` first on every
 * socket, one subscribe request per stream, unsubscribes built by the session (they name the
 * channel id the server assigned on that socket), `{"event":"ping","cid":n}` as the keepalive,
 * 25 channels per socket, at most 20 socket openings per minute.
 *
 * @example
 * ```ts
 * const protocol = bitfinexProtocol('wss://api-pub.bitfinex.com/ws/2', new BitfinexRoutes());
 * ```
 */
export function bitfinexProtocol(wsUrl: string, routes: BitfinexRoutes, options: BitfinexProtocolOptions = {}): ExchangeProtocol {
  let cid = 0;
  return {
    exchange: 'bitfinex',
    url: wsUrl,
    maxStreamsPerConnection: BITFINEX_CHANNELS_PER_CONNECTION,
    controlMessagesPerSecond: BITFINEX_CONTROL_MESSAGES_PER_SECOND,
    connectionsPerMinute: options.connectionsPerMinute ?? BITFINEX_CONNECTIONS_PER_MINUTE,
    appPing: () => JSON.stringify({ event: 'ping', cid: ++cid }),
    groupOf: (key) => key,
    subscribeMessage: (keys) => routes.subscribeMessage(keys[0]!),
    // Only the socket's session knows the channel id an unsubscribe names: it builds them all.
    unsubscribeMessage: () => '',
    createSession: () => new BitfinexSession(routes),
  };
}
