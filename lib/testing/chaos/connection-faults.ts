import { type ChaosFault, reopenedAfter, sawError } from './chaos-fault';

/**
 * What every exchange simulator can do to its connections (see `ExchangeSimulator`).
 *
 * @example
 * ```ts
 * const target: ConnectionFaultTarget = sim; // a BinanceSimulator, CoinbaseSimulator or KrakenSimulator
 * ```
 */
export interface ConnectionFaultTarget {
  closeAll(code?: number, reason?: string): void;
  dropConnections(): void;
  goSilent(): void;
}

/**
 * The connection faults a simulator injects from inside the protocol, with the events every client
 * must raise: a server close with `closeReason` (1000) is followed by a reopen; a dropped connection
 * is a `transport` error and a reopen; a silent server is found by the ping timeout (half-open).
 *
 * @example
 * ```ts
 * const faults = [...proxyFaults(proxy), ...exchangeFaults, ...connectionFaults(sim, 'daily')];
 * ```
 */
export function connectionFaults(sim: ConnectionFaultTarget, closeReason = 'bye', closeName = 'sim: server close 1000'): ChaosFault[] {
  return [
    {
      name: closeName,
      inject: () => sim.closeAll(1000, closeReason),
      expected: (events) => reopenedAfter(events, (e) => e.type === 'close' && e.code === 1000 && e.reason === closeReason),
      resyncs: 'all',
    },
    {
      name: 'sim: connection dropped',
      inject: () => sim.dropConnections(),
      expected: (events) => sawError(events, 'transport') && reopenedAfter(events, (e) => e.type === 'error'),
      resyncs: 'all',
    },
    {
      name: 'sim: server goes silent',
      inject: () => sim.goSilent(),
      expected: (events) => sawError(events, 'transport', /half-open/) && reopenedAfter(events, (e) => e.type === 'error'),
      resyncs: 'all',
      silent: true,
    },
  ];
}
