import { KUCOIN_MAX_BOOK_DEPTH, KUCOIN_WS_URL, kucoin } from '../../exchanges/kucoin/kucoin';
import { KucoinSimulator } from '../../testing/kucoin/kucoin-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * KuCoin spot in the CLI: `kucoin()` against the live endpoints or a {@link KucoinSimulator} (the
 * client takes its tokens from the simulator's REST API, whose answers name its WebSocket endpoint).
 * Faults: `disconnect` (connections dropped: a fresh token on the reconnect), `gap` (one
 * `/market/level2` push withheld: a sequence break), `malformed` (a truncated level-2 frame). KuCoin
 * books carry no checksum.
 *
 * @example
 * ```ts
 * const sim = await kucoinEntry.simulate({ symbols: ['BTC/USDT'], seed: 1 });
 * kucoinEntry.client(sim.clientOptions).book('BTC/USDT').subscribe(console.log);
 * ```
 */
export const kucoinEntry: ExchangeEntry = {
  id: 'kucoin',
  title: 'KuCoin spot',
  liveUrl: KUCOIN_WS_URL,
  demoSymbols: ['BTC/USDT', 'ETH/USDT'],
  simulatedSymbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'ETH/BTC'],
  client: (options = {}) => kucoin(options),
  bookOptions: (depth) => ({ depth: Math.min(Math.max(1, depth), KUCOIN_MAX_BOOK_DEPTH) }),
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await KucoinSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipBookUpdate(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`kucoin simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
