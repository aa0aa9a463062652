import { COINBASE_WS_URL, coinbase } from '../../exchanges/coinbase/coinbase';
import { CoinbaseSimulator } from '../../testing/coinbase/coinbase-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * Coinbase Advanced Trade in the CLI: `coinbase()` against the live endpoint or a
 * {@link CoinbaseSimulator}. Faults: `disconnect` (connections dropped), `gap` (the next `l2_data`
 * message lost: a `sequence_num` gap), `malformed` (a truncated `l2_data` frame).
 *
 * @example
 * ```ts
 * const sim = await coinbaseEntry.simulate({ symbols: ['BTC/USD'], seed: 1 });
 * coinbaseEntry.client(sim.clientOptions).book('BTC/USD').subscribe(console.log);
 * ```
 */
export const coinbaseEntry: ExchangeEntry = {
  id: 'coinbase',
  title: 'Coinbase Advanced Trade',
  liveUrl: COINBASE_WS_URL,
  demoSymbols: ['BTC/USD', 'ETH/USD'],
  simulatedSymbols: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'ETH/BTC'],
  client: (options = {}) => coinbase(options),
  bookOptions: () => ({}), // Coinbase always sends the whole book
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await CoinbaseSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl }, // restUrl: the products list symbols are checked against
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.dropNextFrame('l2_data');
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', undefined, symbol);
        else throw new RangeError(`coinbase simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
