import { bybit } from '../../exchanges/bybit/bybit';
import { BybitSimulator } from '../bybit/bybit-simulator';
import { gapFault, undecodableFault } from './book-faults';
import { type ChaosFault, reopenedAfter, sawResync } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

/** Bybit's book depth used by the run: the 200-level window of the default simulated books. */
const BYBIT_DEPTH = 200;
const REFUSED_RECONNECTS = 'proxy: reset, then 2 refused reconnects';

/**
 * Bybit v5 set up for a chaos run: a {@link BybitSimulator} with spot and linear markets, a
 * {@link ChaosProxy} in front of it (both category sockets go through it) and a `bybit()` client
 * (books of depth 200) with short ping timeouts and reconnect delays. Faults: every proxy fault
 * (refused reconnects counted for two sockets), plus a mid-stream snapshot and a `u` = 1 restart
 * (that book: resync 'reset'), a lost delta (resync 'gap'), a truncated book frame and wrong types in
 * a book delta (decode error, resync 'gap'), a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await bybitChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function bybitChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT'], BYBIT_DEPTH);
  const sim = await BybitSimulator.start(market);
  const reset = (name: string, restart: boolean): ChaosFault => ({
    name,
    inject: (symbol) => sim.resetBook(symbol, restart ? { restart } : undefined),
    expected: (events, symbol) => sawResync(events, symbol, 'reset'),
    resyncs: 'symbol',
  });
  return chaosVenueOn(sim, {
    seed: market.seed,
    client: ({ wsUrl, restUrl }) => bybit({ wsUrl, restUrl, pingInterval: 150, pingTimeout: 250, reconnect: CHAOS_RECONNECT }),
    faults: [
      reset('sim: mid-stream snapshot (reset)', false),
      reset('sim: u = 1 restart snapshot', true),
      gapFault('sim: lost delta (u gap)', (symbol) => sim.skipDelta(symbol), /follows u/),
      undecodableFault('sim: truncated book frame', (symbol) => sim.sendMalformed('invalid-json', symbol)),
      undecodableFault('sim: wrong types in a book delta', (symbol) => sim.sendMalformed('schema', symbol)),
    ],
    // Two sockets (spot, linear) reconnect through the proxy: four refusals leave at least one of them at attempt ≥ 3.
    proxyFault: (fault, proxy) =>
      fault.name !== REFUSED_RECONNECTS
        ? fault
        : {
            name: 'proxy: reset, then 4 refused reconnects (2 sockets)',
            inject: () => {
              proxy.rejectNext(4);
              proxy.cut('reset');
            },
            expected: (events) => events.some((e) => e.type === 'reconnect' && e.attempt >= 3) && reopenedAfter(events, (e) => e.type === 'reconnect' && e.attempt >= 3),
            resyncs: 'all',
          },
    bookOptions: { depth: BYBIT_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? market.bookLevels, BYBIT_DEPTH),
  });
}
