import { KRAKEN_BOOK_DEPTHS, KRAKEN_WS_URL, kraken } from '../../exchanges/kraken/kraken';
import { KrakenSimulator } from '../../testing/kraken/kraken-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'checksum', 'malformed'];

/**
 * Kraken WS v2 in the CLI: `kraken()` against the live endpoint or a {@link KrakenSimulator}.
 * Faults: `disconnect` (connections dropped), `checksum` (the next book message carries a wrong
 * CRC32), `malformed` (a truncated `book` frame). Kraken v2 books have no sequence numbers, so no
 * `gap`: the checksum is what catches a lost update.
 *
 * @example
 * ```ts
 * const sim = await krakenEntry.simulate({ symbols: ['BTC/USD'], seed: 1 });
 * krakenEntry.client(sim.clientOptions).book('BTC/USD').subscribe(console.log);
 * ```
 */
export const krakenEntry: ExchangeEntry = {
  id: 'kraken',
  title: 'Kraken WS v2',
  liveUrl: KRAKEN_WS_URL,
  demoSymbols: ['BTC/USD', 'ETH/USD'],
  simulatedSymbols: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'ETH/BTC'],
  client: (options = {}) => kraken(options),
  bookOptions: (depth) => ({ depth: KRAKEN_BOOK_DEPTHS.find((d) => d >= depth) ?? Math.max(...KRAKEN_BOOK_DEPTHS) }),
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await KrakenSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'checksum') sim.corruptNextChecksum(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`kraken simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
