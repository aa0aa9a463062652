import { crc32 } from 'node:zlib';
import type { BookLevel } from '../../model/book-event';
import type { BookImage } from '../harness/ground-truth-book';
import type { MarketStats, SimulatedTrade, TopOfBook } from '../harness/simulated-market';

// Bitfinex WebSocket v2 / REST v2 wire format, from the documentation and ccxt's message examples.
// Numbers are JSON numbers written by `JSON.stringify` (the shortest text that reads back exactly).

/**
 * A channel message: `[CHAN_ID, …body, SEQ]`, the sequence number only when the connection asked
 * for it (`conf` flag SEQ_ALL); `body` is JSON text (an array, or `"hb"`, `"cs",<n>`, `"te",[…]`).
 *
 * @example
 * ```ts
 * channelMessage(17, '[65000,2,0.5]', 42); // '[17,[65000,2,0.5],42]'
 * channelMessage(17, '"hb"', undefined);   // '[17,"hb"]'
 * ```
 */
export function channelMessage(chanId: number, body: string, seq: number | undefined): string {
  return seq === undefined ? `[${chanId},${body}]` : `[${chanId},${body},${seq}]`;
}

/**
 * A book level `[PRICE,COUNT,AMOUNT]`: a bid's amount is positive, an ask's negative; a removed
 * level (quantity 0) has count 0 and amount 1 (bid) or −1 (ask). The count (orders at the level) is
 * the simulator's own, derived from the quantity.
 *
 * @example
 * ```ts
 * bookLevel(65000, 0.5, 'ask'); // '[65000,3,-0.5]'
 * bookLevel(65000, 0, 'bid');   // '[65000,0,1]'
 * ```
 */
export function bookLevel(price: number, quantity: number, side: 'bid' | 'ask'): string {
  if (quantity === 0) return `[${price},0,${side === 'bid' ? 1 : -1}]`;
  return `[${price},${orderCount(quantity)},${side === 'bid' ? quantity : -quantity}]`;
}

/** A plausible order count for a level (the market has none): 1..7, from the quantity. */
function orderCount(quantity: number): number {
  return 1 + (Math.round(quantity * 1e8) % 7);
}

/**
 * A book snapshot body: the bids best first, then the asks best first.
 *
 * @example
 * ```ts
 * bookSnapshotBody(market.truth(25)); // '[[65000,2,0.5],…,[65001,1,-0.2],…]'
 * ```
 */
export function bookSnapshotBody(image: BookImage): string {
  const levels = [...image.bids.map(([price, quantity]) => bookLevel(price, quantity, 'bid')), ...image.asks.map(([price, quantity]) => bookLevel(price, quantity, 'ask'))];
  return `[${levels.join(',')}]`;
}

/**
 * Bitfinex's checksum of a book image: CRC32 (signed) of its top 25 bids and asks interleaved,
 * `PRICE:AMOUNT` each (ask amounts negative), joined with `:` — the numbers written as the frames
 * write them.
 *
 * @example
 * ```ts
 * bookChecksum({ bids: [[6000, 1], [5900, 2]], asks: [[6100, 3], [6200, 4]] }); // crc32('6000:1:6100:-3:5900:2:6200:-4') | 0
 * ```
 */
export function bookChecksum(image: BookImage): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const bid: BookLevel | undefined = image.bids[i];
    const ask: BookLevel | undefined = image.asks[i];
    if (bid) parts.push(`${bid[0]}:${bid[1]}`);
    if (ask) parts.push(`${ask[0]}:${-ask[1]}`);
  }
  return crc32(parts.join(':')) | 0;
}

/**
 * A ticker body `[BID,BID_SIZE,ASK,ASK_SIZE,DAILY_CHANGE,DAILY_CHANGE_RELATIVE,LAST_PRICE,VOLUME,HIGH,LOW]`
 * (the relative change a fraction: 0.0123 is +1.23 %).
 *
 * @example
 * ```ts
 * tickerBody(market.stats()); // '[64999,0.5,65000,0.2,-120,-0.00184,65000,1234.5,66000,64000]'
 * ```
 */
export function tickerBody(stats: MarketStats & TopOfBook): string {
  const relative = Number((stats.priceChangePercent / 100).toFixed(7));
  return JSON.stringify([stats.bid, stats.bidSize, stats.ask, stats.askSize, stats.priceChange, relative, stats.last, stats.volume, stats.high, stats.low]);
}

/**
 * A public trade `[ID,MTS,AMOUNT,PRICE]` (amount negative when the taker sold).
 *
 * @example
 * ```ts
 * tradeTuple(trade); // '[401597395,1574694478808,0.005,7245.3]'
 * ```
 */
export function tradeTuple(trade: SimulatedTrade): string {
  return JSON.stringify([trade.id, Math.floor(trade.timestamp), trade.side === 'buy' ? trade.amount : -trade.amount, trade.price]);
}

/**
 * The `info` message sent on connect (`platform.status` 1: operative, 0: maintenance).
 *
 * @example
 * ```ts
 * infoGreeting('8b6fbcbd-0e5e-4b4a-9c3b-6c8a1b2d3e4f', 1); // '{"event":"info","version":2,"serverId":"8b6f…","platform":{"status":1}}'
 * ```
 */
export function infoGreeting(serverId: string, status: 0 | 1): string {
  return JSON.stringify({ event: 'info', version: 2, serverId, platform: { status } });
}

/**
 * An `info` message with a code: 20051 (stop/restart, please reconnect), 20060 (maintenance
 * started), 20061 (maintenance ended) — the texts Bitfinex sends.
 *
 * @example
 * ```ts
 * infoCode(20051); // '{"event":"info","code":20051,"msg":"Stopping. Please try to reconnect"}'
 * ```
 */
export function infoCode(code: 20051 | 20060 | 20061): string {
  const msg = {
    20051: 'Stopping. Please try to reconnect',
    20060: 'Entering in Maintenance mode. Please pause any activity and resume after receiving the info message 20061 (it should take 120 seconds at most).',
    20061: 'Maintenance ended. You can resume normal activity. It is advised to unsubscribe/subscribe again all channels.',
  }[code];
  return JSON.stringify({ event: 'info', code, msg });
}

/**
 * An error reply; a refused subscription echoes the request's fields.
 *
 * @example
 * ```ts
 * errorReply(10300, 'symbol: invalid', { channel: 'book', symbol: 'tNOPE' }); // '{"channel":"book","symbol":"tNOPE","event":"error","msg":"symbol: invalid","code":10300}'
 * ```
 */
export function errorReply(code: number, msg: string, echo: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ ...echo, event: 'error', msg, code });
}

/**
 * One pair of `GET /v2/conf/pub:info:pair`: `[PAIR, [null, null, null, MIN_ORDER_SIZE, MAX_ORDER_SIZE, null, null, null]]`.
 *
 * @example
 * ```ts
 * pairInfo('BTCUSD', '0.00006', '2000.0'); // ['BTCUSD', [null, null, null, '0.00006', '2000.0', null, null, null]]
 * ```
 */
export function pairInfo(pair: string, minSize: string, maxSize: string): readonly [string, readonly (string | null)[]] {
  return [pair, [null, null, null, minSize, maxSize, null, null, null]];
}
