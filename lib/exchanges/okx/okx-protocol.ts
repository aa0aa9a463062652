import type { ExchangeProtocol } from '../common/exchange-protocol';
import { okxRequest } from './okx-keys';
import type { OkxRequestLog } from './okx-request-log';
import type { OkxRoutes } from './okx-routes';
import { OkxSession } from './okx-session';

/**
 * Streams per socket. OKX publishes no hard number for public channels (close codes 4008/4009 say
 * "too many"); its docs recommend fewer than 30 `books`-class channels per connection, which rxmarket
 * applies to every stream.
 *
 * @example
 * ```ts
 * okxProtocol(url, routes, requests).maxStreamsPerConnection === OKX_STREAMS_PER_CONNECTION; // true
 * ```
 */
export const OKX_STREAMS_PER_CONNECTION = 30;
/**
 * 'subscribe'/'unsubscribe'/'login' requests per connection and hour (OKX docs).
 *
 * @example
 * ```ts
 * okxProtocol(url, routes, requests).controlMessagesPerHour === OKX_CONTROL_MESSAGES_PER_HOUR; // true
 * ```
 */
export const OKX_CONTROL_MESSAGES_PER_HOUR = 480;
/**
 * Connection requests per second (OKX docs: per IP; rxmarket keeps it per client).
 *
 * @example
 * ```ts
 * okxProtocol(url, routes, requests).connectionsPerSecond === OKX_CONNECTIONS_PER_SECOND; // true
 * ```
 */
export const OKX_CONNECTIONS_PER_SECOND = 3;
/** OKX publishes no per-second (un)subscribe rate: a conservative one under the hourly budget. */
const CONTROL_MESSAGES_PER_SECOND = 5;

/**
 * OKX v5's public WebSocket protocol: `{"id","op":"subscribe"|"unsubscribe","args":[{channel,instId},…]}`
 * (one request carries any channels), at most 480 such requests per connection and hour, 3
 * connection attempts per second, 30 streams per socket, and the text keepalive `ping` → `pong`
 * (OKX closes a connection that received nothing for 30 s).
 *
 * @example
 * ```ts
 * const protocol = okxProtocol('wss://ws.okx.com:8443/ws/v5/public', new OkxRoutes(), new OkxRequestLog());
 * protocol.subscribeMessage(['books:BTC-USDT'], 1); // '{"id":"1","op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"}]}'
 * ```
 */
export function okxProtocol(url: string, routes: OkxRoutes, requests: OkxRequestLog): ExchangeProtocol {
  return {
    exchange: 'okx',
    url,
    maxStreamsPerConnection: OKX_STREAMS_PER_CONNECTION,
    controlMessagesPerSecond: CONTROL_MESSAGES_PER_SECOND,
    controlMessagesPerHour: OKX_CONTROL_MESSAGES_PER_HOUR,
    connectionsPerSecond: OKX_CONNECTIONS_PER_SECOND,
    appPing: () => 'ping',
    groupOf: () => 'args',
    subscribeMessage: (keys, id) => {
      requests.record(id, keys);
      return okxRequest('subscribe', keys, id);
    },
    unsubscribeMessage: (keys, id) => okxRequest('unsubscribe', keys, id),
    createSession: () => new OkxSession(routes, requests),
  };
}
