import type { OrderBookState } from '../../model/order-book-state';
import type { ScreenLine } from '../dashboard/screen-line';
import { cell } from '../dashboard/screen-line';
import { formatClock, formatDelta, formatPrice, formatSize } from './numbers';

/**
 * An order book as a two-sided ladder, best prices on the first row.
 *
 * @example
 * ```ts
 * process.stdout.write(paintFrame(bookLadder(state), process.stdout));
 * //     bid size       bid │ ask            ask size
 * //       0.5000  65000.11 │ 65000.13         0.3000
 * ```
 */
export function bookLadder(state: OrderBookState): ScreenLine[] {
  const bid = state.bids[0];
  const ask = state.asks[0];
  const spread = bid && ask ? ask[0] - bid[0] : NaN;
  const lines: ScreenLine[] = [
    { text: `${state.exchange} ${state.symbol} order book · ${formatClock(state.timestamp)} · spread ${formatDelta(spread)} · Ctrl-C to quit`, style: 'bold' },
    { text: '' },
    { text: `${cell('bid size', 12)}${cell('bid', 12)} │ ${cell('ask', -12)}${cell('ask size', 12)}`, style: 'bold' },
  ];
  const rows = Math.max(state.bids.length, state.asks.length);
  for (let i = 0; i < rows; i++) {
    const b = state.bids[i];
    const a = state.asks[i];
    lines.push({
      text: `${cell(b ? formatSize(b[1]) : '', 12)}${cell(b ? formatPrice(b[0]) : '', 12)} │ ${cell(a ? formatPrice(a[0]) : '', -12)}${cell(a ? formatSize(a[1]) : '', 12)}`,
    });
  }
  return lines;
}
