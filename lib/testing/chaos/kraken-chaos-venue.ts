import { kraken } from '../../exchanges/kraken/kraken';
import { KrakenSimulator } from '../kraken/kraken-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

/** Kraken's book depth used by the run: the deepest that fits the default 200-level simulated book. */
const KRAKEN_DEPTH = 100;

/**
 * Kraken WS v2 set up for a chaos run: a {@link KrakenSimulator}, a {@link ChaosProxy} in front of
 * it and a `kraken()` client (books of depth 100) with short ping timeouts and reconnect delays.
 * Faults: every proxy fault plus a bad checksum, a truncated book frame, wrong types in a book
 * update (each: that book resyncs), a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await krakenChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function krakenChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const sim = await KrakenSimulator.start({
    symbols: options.symbols ?? ['BTC/USD', 'ETH/USD', 'SOL/USD'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookLevels,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const client = kraken({ wsUrl: `${proxy.url}/v2`, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
  const krakenFaults: ChaosFault[] = [
    {
      name: 'sim: bad checksum',
      inject: (symbol) => sim.corruptNextChecksum(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'checksum'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated book frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: wrong types in a book update',
      inject: (symbol) => sim.sendMalformed('schema', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: { depth: KRAKEN_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? KRAKEN_DEPTH, KRAKEN_DEPTH),
    keepalive: { pingInterval: 150, pingTimeout: 250 },
    faults: [...proxyFaults(proxy), ...krakenFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await proxy.close();
      await sim.stop();
    },
  };
}
