import { BITFINEX_BOOK_DEPTHS, BITFINEX_WS_URL, bitfinex } from '../../exchanges/bitfinex/bitfinex';
import { BitfinexSimulator } from '../../testing/bitfinex/bitfinex-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'checksum', 'malformed'];

/**
 * Bitfinex (WebSocket v2, public channels) in the CLI: `bitfinex()` against the live endpoints or a
 * {@link BitfinexSimulator}. Faults: `disconnect` (connections dropped), `gap` (a skipped
 * connection-wide sequence number: every book resyncs), `checksum` (a wrong `cs`), `malformed` (a
 * truncated book message).
 *
 * @example
 * ```ts
 * const sim = await bitfinexEntry.simulate({ symbols: ['BTC/USD'], seed: 1 });
 * bitfinexEntry.client(sim.clientOptions).book('BTC/USD').subscribe(console.log);
 * ```
 */
export const bitfinexEntry: ExchangeEntry = {
  id: 'bitfinex',
  title: 'Bitfinex v2',
  liveUrl: BITFINEX_WS_URL,
  demoSymbols: ['BTC/USD', 'ETH/USD'],
  simulatedSymbols: ['BTC/USD', 'ETH/USD', 'SOL/USD', 'BTC/USDT', 'ETH/BTC'],
  client: (options = {}) => bitfinex(options),
  bookOptions: (depth) => ({ depth: BITFINEX_BOOK_DEPTHS.find((d) => d >= depth) ?? Math.max(...BITFINEX_BOOK_DEPTHS) }),
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await BitfinexSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipSequence();
        else if (fault === 'checksum') sim.corruptNextChecksum(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`bitfinex simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
