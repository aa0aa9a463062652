import { BINANCE_WS_URL, binance } from '../../exchanges/binance/binance';
import { BinanceSimulator } from '../../testing/binance/binance-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * Binance spot in the CLI: `binance()` against the live endpoints or a {@link BinanceSimulator}.
 * Faults: `disconnect` (connections dropped without a close frame), `gap` (one diff-depth event
 * withheld), `malformed` (a truncated JSON frame). Binance books carry no checksum.
 *
 * @example
 * ```ts
 * const sim = await binanceEntry.simulate({ symbols: ['BTC/USDT'], seed: 1 });
 * binanceEntry.client(sim.clientOptions).book('BTC/USDT').subscribe(console.log);
 * ```
 */
export const binanceEntry: ExchangeEntry = {
  id: 'binance',
  title: 'Binance spot',
  liveUrl: BINANCE_WS_URL,
  demoSymbols: ['BTC/USDT', 'ETH/USDT'],
  simulatedSymbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BNB/USDT', 'ETH/BTC'],
  client: (options = {}) => binance(options),
  bookOptions: (depth) => ({ depth }), // the levels kept known; the snapshot adds its margin (depth ≤ 80: limit 100, weight 5)
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await BinanceSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipDepthEvent(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json');
        else throw new RangeError(`binance simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
