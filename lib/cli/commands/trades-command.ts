import type { Trade } from '../../model/trade';
import type { Command } from '../command';
import { tradeLine } from '../format/event-lines';
import { exchangeStreamCommand } from './exchange-stream-command';

/**
 * `rxmarket trades <exchange> [symbol...]`: normalized public trades.
 *
 * @example
 * ```ts
 * await runCli(['trades', 'binance', 'BTC/USDT', '--limit', '10'], io);
 * ```
 */
export const tradesCommand: Command = exchangeStreamCommand<Trade>({
  name: 'trades',
  summary: 'normalized public trades (taker side, price, amount)',
  open: (client, symbols) => client.trades(symbols),
  line: tradeLine,
});
