import type { Ticker } from '../../model/ticker';
import type { Command } from '../command';
import { tickerLine } from '../format/event-lines';
import { exchangeStreamCommand } from './exchange-stream-command';

/**
 * `rxmarket ticker <exchange> [symbol...]`: normalized 24 h tickers, all symbols on one socket.
 *
 * @example
 * ```ts
 * await runCli(['ticker', 'binance', 'BTC/USDT', 'ETH/USDT', '--json', '--limit', '4'], io);
 * ```
 */
export const tickerCommand: Command = exchangeStreamCommand<Ticker>({
  name: 'ticker',
  summary: 'normalized 24 h tickers: last, bid/ask with sizes, change, volume',
  open: (client, symbols) => client.tickers(symbols),
  line: tickerLine,
});
