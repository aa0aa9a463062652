import { coinbase } from '../../exchanges/coinbase/coinbase';
import { CoinbaseSimulator } from '../coinbase/coinbase-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

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
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const sim = await CoinbaseSimulator.start({
    symbols: options.symbols ?? ['BTC/USD', 'ETH/USD', 'SOL/USD'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookLevels,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const client = coinbase({ wsUrl: proxy.url, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
  const coinbaseFaults: ChaosFault[] = [
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
    {
      name: 'sim: wrong types in an l2 update',
      inject: (symbol) => sim.sendMalformed('schema', undefined, symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: error message',
      inject: () => sim.sendError('rate limit exceeded'),
      expected: (events) => sawError(events, 'exchange', /rate limit exceeded/),
      resyncs: 'none',
    },
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: {},
    compareDepth: options.compareDepth ?? bookLevels,
    keepalive: { pingInterval: 150, pingTimeout: 250 },
    faults: [...proxyFaults(proxy), ...coinbaseFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await proxy.close();
      await sim.stop();
    },
  };
}
