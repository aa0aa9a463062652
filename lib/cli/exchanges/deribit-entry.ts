import { DERIBIT_WS_URL, deribit } from '../../exchanges/deribit/deribit';
import { parseSymbol } from '../../model/symbol';
import { DeribitSimulator } from '../../testing/deribit/deribit-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * Deribit in the CLI: `deribit()` against the live endpoint or a {@link DeribitSimulator}; the demo
 * shows the inverse perpetuals `BTC/USD:BTC` (`BTC-PERPETUAL`) and `ETH/USD:ETH` (`ETH-PERPETUAL`),
 * whose amounts are USD. Faults: `disconnect` (connections dropped), `gap` (one book notification
 * lost: a `prev_change_id` break), `malformed` (a truncated book frame). Deribit books carry no
 * checksum.
 *
 * @example
 * ```ts
 * const sim = await deribitEntry.simulate({ symbols: ['BTC/USD:BTC'], seed: 1 });
 * deribitEntry.client(sim.clientOptions).book('BTC/USD:BTC').subscribe(console.log);
 * ```
 */
export const deribitEntry: ExchangeEntry = {
  id: 'deribit',
  title: 'Deribit (perpetuals, futures, spot)',
  liveUrl: DERIBIT_WS_URL,
  demoSymbols: ['BTC/USD:BTC', 'ETH/USD:ETH'],
  simulatedSymbols: ['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USDC:USDC', 'ETH/USDC:USDC', 'BTC/USD:BTC-261225', 'BTC/USDC', 'ETH/USDC'],
  client: (options = {}) => deribit(options),
  // inverse contracts (settled in the base coin: BTC/USD:BTC) count USD; linear ones and spot count the base
  quoteSizedSymbol: (symbol) => {
    const { base, settle } = parseSymbol(symbol);
    return settle === base;
  },
  bookOptions: () => ({}), // Deribit always sends the whole book
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await DeribitSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipChange(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`deribit simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
