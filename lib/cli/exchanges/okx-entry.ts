import { OKX_WS_URL, okx } from '../../exchanges/okx/okx';
import { OkxSimulator } from '../../testing/okx/okx-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'checksum', 'malformed'];

/**
 * OKX v5 in the CLI: `okx()` against the live endpoints or an {@link OkxSimulator} quoting spot pairs
 * and their USDT perpetual swaps (`rxmarket ticker okx BTC/USDT:USDT`). Faults: `disconnect`
 * (connections dropped), `gap` (one `books` update lost: a `seqId` break), `checksum` (the next
 * `books` message carries a wrong CRC32), `malformed` (a truncated `books` frame).
 *
 * @example
 * ```ts
 * const sim = await okxEntry.simulate({ symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 1 });
 * okxEntry.client(sim.clientOptions).book('BTC/USDT:USDT').subscribe(console.log);
 * ```
 */
export const okxEntry: ExchangeEntry = {
  id: 'okx',
  title: 'OKX v5',
  liveUrl: OKX_WS_URL,
  demoSymbols: ['BTC/USDT', 'ETH/USDT'],
  simulatedSymbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT'],
  client: (options = {}) => okx(options),
  bookOptions: () => ({}), // the books channel always has 400 levels a side
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await OkxSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipBookUpdate(symbol);
        else if (fault === 'checksum') sim.corruptNextChecksum(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`okx simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
