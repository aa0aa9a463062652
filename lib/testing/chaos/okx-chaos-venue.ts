import { okx } from '../../exchanges/okx/okx';
import { OkxSimulator } from '../okx/okx-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

/**
 * Options of {@link okxChaosVenue}: the common ones plus which generation of OKX's `books` channel
 * the simulator speaks.
 *
 * @example
 * ```ts
 * const options: OkxChaosVenueOptions = { seed: 7, generation: 'rest' };
 * ```
 */
export interface OkxChaosVenueOptions extends ChaosVenueOptions {
  /**
   * `checksum` (default): a snapshot pushed on subscribe and a CRC32 checksum on every message (OKX
   * until 2026); `rest`: no checksum field and no pushed snapshot, every book comes from REST
   * snapshots bridged by `seqId` (OKX after its 2026 delisting).
   */
  readonly generation?: 'checksum' | 'rest';
}

/**
 * OKX v5 set up for a chaos run: an {@link OkxSimulator} (a spot pair and a swap, `books` pushed
 * every 20 ms to keep runs short), a {@link ChaosProxy} in front of its WebSocket and another in
 * front of its REST API (snapshots), and an `okx()` client with short ping timeouts and reconnect
 * delays. Faults: every proxy fault plus a bad checksum (`checksum` generation), a lost update (a
 * `seqId` break), a truncated and a mistyped `books` frame, REST 429 and stale REST snapshots during
 * a resync, OKX's documented maintenance sequence reset (must change nothing), a server close, an
 * abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await okxChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function okxChaosVenue(options: OkxChaosVenueOptions = {}): Promise<ChaosVenue> {
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const checksums = (options.generation ?? 'checksum') === 'checksum';
  const sim = await OkxSimulator.start({
    symbols: options.symbols ?? ['BTC/USDT', 'BTC/USDT:USDT'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookLevels,
    bookIntervalMs: 20,
    checksum: checksums ? 'crc32' : 'absent',
    socketSnapshots: checksums,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const restProxy = await ChaosProxy.start({ target: sim.restUrl, seed: seed + 1 });
  const client = okx({ wsUrl: `${proxy.url}/ws/v5/public`, restUrl: restProxy.httpUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
  const okxFaults: ChaosFault[] = [
    ...(checksums
      ? [
          {
            name: 'sim: bad checksum',
            inject: (symbol: string) => sim.corruptNextChecksum(symbol),
            expected: (events: Parameters<NonNullable<ChaosFault['expected']>>[0], symbol: string) => sawResync(events, symbol, 'checksum'),
            resyncs: 'symbol' as const,
          },
        ]
      : []),
    {
      name: 'sim: lost books update (seqId break)',
      inject: (symbol) => sim.skipBookUpdate(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated books frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: wrong types in a books update',
      inject: (symbol) => sim.sendMalformed('schema', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 429 during a resync',
      inject: (symbol) => {
        sim.failRest(1);
        sim.skipBookUpdate(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /429|50011/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: stale REST snapshots during a resync',
      inject: (symbol) => {
        sim.serveStaleSnapshots(symbol, 30, 2);
        sim.skipBookUpdate(symbol);
      },
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: maintenance sequence reset (documented, no resync)',
      inject: (symbol) => sim.resetSequence(symbol),
      durationMs: 150,
      resyncs: 'none',
    },
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: {},
    compareDepth: Math.min(options.compareDepth ?? bookLevels, bookLevels),
    faults: [...proxyFaults(proxy, restProxy), ...okxFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await Promise.all([proxy.close(), restProxy.close()]);
      await sim.stop();
    },
  };
}
