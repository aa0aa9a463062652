import type { ExchangeProtocol } from '../common/exchange-protocol';
import { CoinbaseBatchGroups } from './coinbase-batch-groups';
import { CoinbaseSession } from './coinbase-session';
import { channelOfKey, HEARTBEATS_KEY, productOfKey } from './coinbase-symbols';

/**
 * Coinbase allows 8 unauthenticated messages per second per IP; two are kept spare for ping frames
 * and for a second socket of the same client.
 */
const CONTROL_MESSAGES_PER_SECOND = 6;
/**
 * Coinbase documents no per-connection subscription limit. Every stream of a client shares one
 * `heartbeats` subscription, which lives on one socket, so streams stay on one socket as long as possible.
 */
const STREAMS_PER_CONNECTION = 10_000;

/** `{"type":"subscribe","product_ids":[…],"channel":"level2"}`, exactly as the real capture's; `heartbeats` takes no products. */
function controlMessage(type: 'subscribe' | 'unsubscribe', keys: readonly string[]): string {
  const channel = channelOfKey(keys[0]!);
  if (keys[0] === HEARTBEATS_KEY) return JSON.stringify({ type, channel });
  return JSON.stringify({ type, product_ids: keys.map(productOfKey), channel });
}

/**
 * Coinbase Advanced Trade's market-data protocol: stream keys `channel:PRODUCT` (plus `heartbeats`),
 * one channel per (un)subscribe message (the hub batches the products of a channel, except keys a
 * session retries apart after a refused batch: {@link CoinbaseBatchGroups}), no request ids,
 * WebSocket ping frames for keepalive, and a {@link CoinbaseSession} per socket for the connection-wide
 * `sequence_num` and the pairing of replies with requests.
 *
 * @example
 * ```ts
 * const hub = new StreamHub(coinbaseProtocol('wss://advanced-trade-ws.coinbase.com'), resolveOptions({}));
 * ```
 */
export function coinbaseProtocol(url: string): ExchangeProtocol {
  const groups = new CoinbaseBatchGroups();
  return {
    exchange: 'coinbase',
    url,
    maxStreamsPerConnection: STREAMS_PER_CONNECTION,
    controlMessagesPerSecond: CONTROL_MESSAGES_PER_SECOND,
    controlRateScope: 'client', // Coinbase limits subscribe messages per IP, not per socket
    groupOf: (key) => groups.groupOf(key),
    subscribeMessage: (keys) => controlMessage('subscribe', keys),
    unsubscribeMessage: (keys) => controlMessage('unsubscribe', keys),
    createSession: () => new CoinbaseSession(groups),
  };
}
