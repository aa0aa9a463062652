import { BINANCE_FUTURES_WS_URL, binanceFutures } from '../../exchanges/binance-futures/binance-futures';
import { BinanceFuturesSimulator } from '../../testing/binance-futures/binance-futures-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * Binance USD-M futures in the CLI: `binanceFutures()` against the live endpoints or a
 * {@link BinanceFuturesSimulator} (perpetuals `BASE/QUOTE:SETTLE`). Faults: `disconnect` (connections
 * dropped without a close frame), `gap` (a depth event whose `pu` does not name the previous event),
 * `malformed` (a truncated JSON frame).
 *
 * @example
 * ```ts
 * const sim = await binanceFuturesEntry.simulate({ symbols: ['BTC/USDT:USDT'], seed: 1 });
 * binanceFuturesEntry.client(sim.clientOptions).derivativeTicker('BTC/USDT:USDT').subscribe(console.log);
 * ```
 */
export const binanceFuturesEntry: ExchangeEntry = {
  id: 'binanceFutures',
  title: 'Binance USD-M futures',
  liveUrl: BINANCE_FUTURES_WS_URL,
  demoSymbols: ['BTC/USDT:USDT', 'ETH/USDT:USDT'],
  simulatedSymbols: ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT', 'BNB/USDT:USDT'],
  client: (options = {}) => binanceFutures(options),
  bookOptions: (depth) => ({ depth: Math.max(depth, 100) }), // rounded up to a REST limit (…, 100, 500, 1000)
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await BinanceFuturesSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.breakPu(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json');
        else throw new RangeError(`binanceFutures simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
