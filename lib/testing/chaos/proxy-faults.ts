import { type ChaosFault, reopenedAfter, sawError } from './chaos-fault';
import type { ChaosProxy } from './chaos-proxy';

/**
 * The TCP-level faults of a {@link ChaosProxy} in front of a client's WebSocket (and optionally of
 * a second proxy in front of its REST API), with the events any exchange client must raise:
 * a reset and a FIN without close frame are `transport` errors followed by a reconnect; a stall
 * (half-open) is found by the ping timeout; refused reconnects back off and retry; a delay and
 * random frame splitting change nothing at all (no error, no resync).
 *
 * @example
 * ```ts
 * const faults = proxyFaults(wsProxy, restProxy);
 * ```
 */
export function proxyFaults(ws: ChaosProxy, rest?: ChaosProxy): ChaosFault[] {
  const proxies = rest ? [ws, rest] : [ws];
  return [
    {
      name: 'proxy: TCP reset',
      inject: () => ws.cut('reset'),
      expected: (events) => sawError(events, 'transport') && reopenedAfter(events, (e) => e.type === 'error'),
      resyncs: 'all',
    },
    {
      name: 'proxy: FIN without a close frame',
      inject: () => ws.cut('fin'),
      expected: (events) => sawError(events, 'transport', /1006/) && reopenedAfter(events, (e) => e.type === 'error'),
      resyncs: 'all',
    },
    {
      name: 'proxy: half-open stall',
      inject: () => ws.stall('both'),
      expected: (events) => sawError(events, 'transport', /half-open/) && reopenedAfter(events, (e) => e.type === 'error'),
      resyncs: 'all',
      silent: true,
    },
    {
      name: 'proxy: reset, then 2 refused reconnects',
      inject: () => {
        ws.rejectNext(2);
        ws.cut('reset');
      },
      expected: (events) => events.some((e) => e.type === 'reconnect' && e.attempt >= 3) && reopenedAfter(events, (e) => e.type === 'reconnect' && e.attempt >= 3),
      resyncs: 'all',
    },
    {
      name: 'proxy: 40 ms delay',
      inject: () => ws.setDelay(40),
      heal: () => ws.setDelay(0),
      durationMs: 150,
      resyncs: 'none',
    },
    {
      name: 'proxy: frames split at random bytes',
      inject: () => proxies.forEach((proxy) => proxy.setSplit(200)),
      heal: () => proxies.forEach((proxy) => proxy.setSplit(0)),
      durationMs: 150,
      resyncs: 'none',
    },
  ];
}
