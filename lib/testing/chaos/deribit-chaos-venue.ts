import { deribit } from '../../exchanges/deribit/deribit';
import { DeribitSimulator } from '../deribit/deribit-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

/**
 * Deribit set up for a chaos run: a {@link DeribitSimulator} (inverse and linear perpetuals, whole
 * books of 200 levels, heartbeats every 1.5 s so a stalled socket is found by the client's ping
 * timeout before the server gives up on it), a {@link ChaosProxy} in front of its WebSocket and a
 * `deribit()` client with a 500 ms ping timeout (a loaded machine's pauses must not look like a
 * half-open socket) and short reconnect delays. Faults: every proxy fault plus a lost book
 * notification (`prev_change_id` break), the three actions that do not fit the book (`delete` and
 * `change` of a missing level, `new` of an existing one), a truncated book frame and wrong types in
 * one (decode errors), a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await deribitChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function deribitChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const sim = await DeribitSimulator.start({
    symbols: options.symbols ?? ['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USDC:USDC'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookLevels,
    heartbeatIntervalMs: 1_500,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const client = deribit({ wsUrl: `${proxy.url}/ws/api/v2`, restUrl: sim.restUrl, pingInterval: 200, pingTimeout: 500, reconnect: { delay: 20, maxDelay: 100 } });
  const badAction = (kind: 'delete-missing' | 'change-missing' | 'new-existing', name: string, pattern: RegExp): ChaosFault => ({
    name,
    inject: (symbol) => sim.sendBadAction(symbol, kind),
    expected: (events, symbol) => sawResync(events, symbol, 'gap') && sawError(events, 'exchange', pattern),
    resyncs: 'symbol',
  });
  const deribitFaults: ChaosFault[] = [
    {
      name: 'sim: lost book notification (change_id break)',
      inject: (symbol) => sim.skipChange(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap') && sawError(events, 'exchange', /prev_change_id/),
      resyncs: 'symbol',
    },
    badAction('delete-missing', 'sim: delete of a level the book lacks', /delete of .* which the book does not hold/),
    badAction('change-missing', 'sim: change of a level the book lacks', /change of .* which the book does not hold/),
    badAction('new-existing', 'sim: new of a level the book holds', /new .* which the book already holds/),
    {
      name: 'sim: truncated book frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: wrong types in a book notification',
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
    bookOptions: {},
    compareDepth: options.compareDepth ?? bookLevels,
    faults: [...proxyFaults(proxy), ...deribitFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await proxy.close();
      await sim.stop();
    },
  };
}
