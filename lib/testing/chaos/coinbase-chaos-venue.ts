import { coinbase } from '../../exchanges/coinbase/coinbase';
import { CoinbaseSimulator } from '../coinbase/coinbase-simulator';
import { undecodableFault } from './book-faults';
import { sawError, sawResync } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

/**
 * Coinbase Advanced Trade set up for a chaos run: a {@link CoinbaseSimulator}, a {@link ChaosProxy}
 * in front of it and a `coinbase()` client with short ping timeouts and reconnect delays. Faults:
 * every proxy fault plus a lost `l2_data` message (a connection-wide `sequence_num` gap: every book
 * resyncs), a truncated frame (it takes a sequence number, so also a gap), wrong types in one
 * product's update (that book resyncs), an `error` message, a server close (1000), an abrupt drop and
 * a silent server.
 *
 * @example
 * ```ts
 * const venue = await coinbaseChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function coinbaseChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USD', 'ETH/USD', 'SOL/USD']);
  const sim = await CoinbaseSimulator.start(market);
  return chaosVenueOn(sim, {
    seed: market.seed,
    client: ({ wsUrl, restUrl }) => coinbase({ wsUrl, restUrl, pingInterval: 150, pingTimeout: 250, reconnect: CHAOS_RECONNECT }),
    faults: [
      {
        name: 'sim: lost l2_data message (sequence gap)',
        inject: () => sim.dropNextFrame('l2_data'),
        expected: (events) => sim.symbols.every((symbol) => sawResync(events, symbol, 'gap')),
        resyncs: 'all',
      },
      {
        name: 'sim: truncated JSON frame',
        inject: (symbol) => sim.sendMalformed('invalid-json', undefined, symbol),
        expected: (events) => sawError(events, 'decode') && sawResync(events, undefined, 'gap'),
        resyncs: 'all',
      },
      undecodableFault('sim: wrong types in an l2 update', (symbol) => sim.sendMalformed('schema', undefined, symbol)),
      {
        name: 'sim: error message',
        inject: () => sim.sendError('rate limit exceeded'),
        expected: (events) => sawError(events, 'exchange', /rate limit exceeded/),
        resyncs: 'none',
      },
    ],
    bookOptions: {},
    compareDepth: options.compareDepth ?? market.bookLevels,
    keepalive: { pingInterval: 150, pingTimeout: 250 },
  });
}
