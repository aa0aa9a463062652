import type { ExchangeId } from '../../model/exchange-id';
import type { FaultKind } from '../exchanges/exchange-entry';

/**
 * The order the demo injects kinds of faults in.
 *
 * @example
 * ```ts
 * FAULT_ORDER[0]; // 'disconnect'
 * ```
 */
export const FAULT_ORDER: readonly FaultKind[] = ['disconnect', 'gap', 'checksum', 'malformed'];

/**
 * One planned fault.
 *
 * @example
 * ```ts
 * const next: PlannedFault = { exchange: 'kraken', kind: 'checksum' };
 * ```
 */
export interface PlannedFault {
  readonly exchange: ExchangeId;
  readonly kind: FaultKind;
}

/**
 * One full cycle of the demo's faults: kinds in {@link FAULT_ORDER}, each aimed at the exchanges
 * that support it in turn (staggered, so consecutive faults hit different exchanges), so every
 * exchange gets every fault it supports. Empty when none supports any.
 *
 * @example
 * ```ts
 * faultRotation([{ exchange: 'binance', faults: ['disconnect', 'gap'] }, { exchange: 'kraken', faults: ['gap', 'checksum'] }]);
 * // binance disconnect, kraken gap, kraken checksum, binance disconnect, binance gap, kraken checksum
 * ```
 */
export function faultRotation(targets: readonly { readonly exchange: ExchangeId; readonly faults: readonly FaultKind[] }[]): PlannedFault[] {
  const plan: PlannedFault[] = [];
  for (let round = 0; round < targets.length; round++) {
    for (const [k, kind] of FAULT_ORDER.entries()) {
      const able = targets.filter((t) => t.faults.includes(kind));
      const target = able[(round + k) % Math.max(1, able.length)];
      if (target) plan.push({ exchange: target.exchange, kind });
    }
  }
  return plan;
}
