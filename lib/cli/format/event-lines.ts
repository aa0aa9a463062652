import type { ExchangeEvent } from '../../model/exchange-event';
import type { OrderBookState } from '../../model/order-book-state';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import type { ArbitrageSignal } from '../../operators/arbitrage-signal';
import { formatClock, formatDelta, formatPct, formatPrice, formatSize } from './numbers';

/**
 * One human-readable line for a ticker.
 *
 * @example
 * ```ts
 * tickerLine(t); // '14:03:07.512 binance BTC/USDT last 65000.12  bid 65000.11 x 0.5000  ask 65000.13 x 0.3000  24h +1.23%  vol 1234.5'
 * ```
 */
export function tickerLine(t: Ticker): string {
  return (
    `${formatClock(t.timestamp)} ${t.exchange} ${t.symbol} last ${formatPrice(t.price)}  ` +
    `bid ${formatPrice(t.bid)} x ${formatSize(t.bidSize)}  ask ${formatPrice(t.ask)} x ${formatSize(t.askSize)}  ` +
    `24h ${formatPct(t.change24h)}  vol ${formatSize(t.volume24h)}`
  );
}

/**
 * One human-readable line for a trade.
 *
 * @example
 * ```ts
 * tradeLine(t); // '14:03:07.512 binance BTC/USDT BUY  0.0123 @ 65000.12  #123456'
 * ```
 */
export function tradeLine(t: Trade): string {
  return `${formatClock(t.timestamp)} ${t.exchange} ${t.symbol} ${t.side.toUpperCase().padEnd(4)} ${formatSize(t.amount)} @ ${formatPrice(t.price)}  #${t.id}`;
}

/**
 * One human-readable line for the top of an order book.
 *
 * @example
 * ```ts
 * bookLine(state); // '14:03:07.512 binance BTC/USDT bid 0.5000 @ 65000.11 | ask 0.3000 @ 65000.13  spread 0.02 (0.0 bps)'
 * ```
 */
export function bookLine(s: OrderBookState): string {
  const bid = s.bids[0];
  const ask = s.asks[0];
  const spread = bid && ask ? ask[0] - bid[0] : NaN;
  const bps = bid && ask ? (spread / ((ask[0] + bid[0]) / 2)) * 10_000 : NaN;
  return (
    `${formatClock(s.timestamp)} ${s.exchange} ${s.symbol} bid ${formatSize(bid?.[1] ?? NaN)} @ ${formatPrice(bid?.[0] ?? NaN)} | ` +
    `ask ${formatSize(ask?.[1] ?? NaN)} @ ${formatPrice(ask?.[0] ?? NaN)}  spread ${formatDelta(spread)} (${Number.isFinite(bps) ? bps.toFixed(2) : '-'} bps)`
  );
}

/**
 * One human-readable line for an arbitrage signal (an opportunity or its withdrawal).
 *
 * @example
 * ```ts
 * arbitrageLine(signal); // '14:03:07.512 OPEN   buy coinbase BTC/USD @ 64999.90  sell binance BTC/USDT @ 65000.35  size 0.0123  net +0.45 (+0.0007%)  profit 0.0055'
 * ```
 */
export function arbitrageLine(signal: ArbitrageSignal): string {
  if (signal.type === 'closed') {
    const o = signal.opportunity;
    return `${formatClock(signal.localTimestamp)} CLOSED buy ${o.buyExchange} ${o.buySymbol} / sell ${o.sellExchange} ${o.sellSymbol} (${signal.reason})`;
  }
  return (
    `${formatClock(signal.localTimestamp)} OPEN   buy ${signal.buyExchange} ${signal.buySymbol} @ ${formatPrice(signal.buyPrice)}  ` +
    `sell ${signal.sellExchange} ${signal.sellSymbol} @ ${formatPrice(signal.sellPrice)}  size ${formatSize(signal.size)}  ` +
    `net ${signal.netSpread >= 0 ? '+' : ''}${formatDelta(signal.netSpread)} (${formatPct(signal.netSpreadPct, 4)})  profit ${formatSize(signal.profit)}`
  );
}

/**
 * A short line for the lifecycle events worth telling a user (on stderr): reconnects, resyncs,
 * errors, overflows; `undefined` for routine ones (connecting, open, subscribe…).
 *
 * @example
 * ```ts
 * exchangeEventLine(event); // 'binance: resync BTC/USDT (gap)'
 * ```
 */
export function exchangeEventLine(event: ExchangeEvent): string | undefined {
  switch (event.type) {
    case 'reconnect':
      return `${event.exchange}: reconnecting (attempt ${event.attempt}, in ${Math.round(event.delay)} ms)`;
    case 'resync':
      return `${event.exchange}: resync ${event.symbol} (${event.reason})`;
    case 'error':
      return `${event.exchange}: ${event.kind} error${event.symbol ? ` on ${event.symbol}` : ''}: ${event.message}`;
    case 'overflow':
      return `${event.exchange}: ${event.buffer} overflowed (capacity ${event.capacity})`;
    default:
      return undefined;
  }
}
