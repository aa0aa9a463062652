import { okx } from '../../exchanges/okx/okx';
import { OkxSimulator } from '../okx/okx-simulator';
import { gapFault, restFailureFault, undecodableFault } from './book-faults';
import { type ChaosFault, sawResync } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

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
  const market = chaosMarket(options, ['BTC/USDT', 'BTC/USDT:USDT']);
  const checksums = (options.generation ?? 'checksum') === 'checksum';
  const sim = await OkxSimulator.start({ ...market, bookIntervalMs: 20, checksum: checksums ? 'crc32' : 'absent', socketSnapshots: checksums });
  const gap = (symbol: string): void => sim.skipBookUpdate(symbol);
  const checksumFaults: ChaosFault[] = checksums
    ? [
        {
          name: 'sim: bad checksum',
          inject: (symbol) => sim.corruptNextChecksum(symbol),
          expected: (events, symbol) => sawResync(events, symbol, 'checksum'),
          resyncs: 'symbol',
        },
      ]
    : [];
  return chaosVenueOn(sim, {
    seed: market.seed,
    proxyRest: true,
    client: ({ wsUrl, restUrl }) => okx({ wsUrl: `${wsUrl}/ws/v5/public`, restUrl, pingInterval: 150, pingTimeout: 250, reconnect: CHAOS_RECONNECT }),
    faults: [
      ...checksumFaults,
      gapFault('sim: lost books update (seqId break)', gap),
      undecodableFault('sim: truncated books frame', (symbol) => sim.sendMalformed('invalid-json', symbol)),
      undecodableFault('sim: wrong types in a books update', (symbol) => sim.sendMalformed('schema', symbol)),
      restFailureFault('sim: REST 429 during a resync', () => sim.failRest(1), gap, /429|50011/),
      gapFault('sim: stale REST snapshots during a resync', (symbol) => {
        sim.serveStaleSnapshots(symbol, 30, 2);
        gap(symbol);
      }),
      {
        name: 'sim: maintenance sequence reset (documented, no resync)',
        inject: (symbol) => sim.resetSequence(symbol),
        durationMs: 150,
        resyncs: 'none',
      },
    ],
    bookOptions: {},
    compareDepth: Math.min(options.compareDepth ?? market.bookLevels, market.bookLevels),
  });
}
