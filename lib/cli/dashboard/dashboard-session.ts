import { Subscription, timer } from 'rxjs';
import type { ExchangeId } from '../../model/exchange-id';
import type { ExchangeEntry, FaultKind } from '../exchanges/exchange-entry';
import { openExchanges, type OpenedExchanges } from '../open-exchanges';
import { connectDashboard, symbolMap } from './connect-dashboard';
import { DashboardModel } from './dashboard-model';
import { faultRotation } from './fault-rotation';
import type { ScreenInfo } from './render-screen';

/**
 * Options of {@link startDashboardSession}.
 *
 * @example
 * ```ts
 * const options: DashboardSessionOptions = { live: false, seed: 7, faultEveryMs: 5_000 };
 * ```
 */
export interface DashboardSessionOptions {
  /** Real exchanges instead of the embedded simulators (no fault injection then). */
  readonly live: boolean;
  readonly seed: number;
  /** Inject a fault every this many ms, in rotation (`0`: never). */
  readonly faultEveryMs: number;
  /** Read every venue from NATS JetStream at this URL (fed by `rxmarket publish`; no fault injection then). */
  readonly nats?: string | undefined;
}

/**
 * What the terminal and the web dashboards show, running: every exchange of the registry on its
 * demo symbols (embedded simulators unless `live`), the {@link DashboardModel} fed by the client
 * streams, and the fault rotation.
 *
 * @example
 * ```ts
 * const session = await startDashboardSession({ live: false, seed: 7, faultEveryMs: 5_000 }, EXCHANGES);
 * session.inject('kraken', 'checksum', 'BTC/USD');
 * await session.stop();
 * ```
 */
export interface DashboardSession {
  readonly opened: OpenedExchanges;
  readonly model: DashboardModel;
  readonly info: ScreenInfo;
  /** The faults each exchange's simulator can inject (none when live). */
  readonly faults: Readonly<Partial<Record<ExchangeId, readonly FaultKind[]>>>;
  /** Injects `kind` into `exchange`'s simulator, recorded in the model's fault log; `false` when not possible. */
  inject(exchange: ExchangeId, kind: FaultKind, symbol: string): boolean;
  /** Unsubscribes everything and stops every simulator. */
  stop(): Promise<void>;
}

/**
 * Starts a {@link DashboardSession} over every exchange of `registry`.
 *
 * @example
 * ```ts
 * const session = await startDashboardSession({ live: false, seed: 7, faultEveryMs: 0 }, EXCHANGES);
 * ```
 */
export async function startDashboardSession(options: DashboardSessionOptions, registry: readonly ExchangeEntry[]): Promise<DashboardSession> {
  const opened = await openExchanges(
    registry.map((entry) => ({ entry, symbols: entry.demoSymbols })),
    { live: options.live, seed: options.seed, nats: options.nats },
  );
  const list = opened.exchanges.map((e) => ({ client: e.client, symbols: e.symbols, quoteSizedSymbol: e.entry.quoteSizedSymbol }));
  const model = new DashboardModel(opened.exchanges.flatMap((e) => e.symbols.map((symbol) => ({ exchange: e.entry.id, symbol }))));
  const faults: Partial<Record<ExchangeId, readonly FaultKind[]>> = {};
  for (const e of opened.exchanges) faults[e.entry.id] = e.simulator?.faults ?? [];
  const inject = (exchange: ExchangeId, kind: FaultKind, symbol: string): boolean => {
    const venue = opened.exchanges.find((e) => e.entry.id === exchange);
    if (!venue?.simulator?.faults.includes(kind) || !venue.symbols.includes(symbol)) return false;
    model.onFaultInjected(exchange, kind, symbol);
    venue.simulator.inject(kind, symbol);
    return true;
  };
  const subscription = new Subscription();
  subscription.add(connectDashboard(list, model));
  subscription.add(scheduleFaults(opened, inject, options.faultEveryMs));
  return {
    opened,
    model,
    faults,
    info: screenInfo(opened, options.faultEveryMs),
    inject,
    stop: async () => {
      subscription.unsubscribe();
      await opened.stop();
    },
  };
}

function screenInfo(opened: OpenedExchanges, faultEveryMs: number): ScreenInfo {
  const list = opened.exchanges.map((e) => ({ client: e.client, symbols: e.symbols }));
  const width = Math.max(0, ...list.map((v) => v.symbols.length));
  const mappings = Array.from({ length: width }, (_, i) =>
    Object.entries(symbolMap(list, i))
      .map(([exchange, symbol]) => `${symbol}@${exchange}`)
      .join(' = '),
  );
  return {
    mapping: `compared as one asset (explicit mapping): ${mappings.join('; ')}`,
    feesNote: 'taker fees 0 in the demo',
    faultEverySeconds: faultEveryMs / 1000,
    faultKinds: [...new Set(faultRotation(targets(opened)).map((p) => p.kind))],
  };
}

function targets(opened: OpenedExchanges): { exchange: ExchangeId; faults: readonly FaultKind[] }[] {
  return opened.exchanges.map((e) => ({ exchange: e.entry.id, faults: e.simulator?.faults ?? [] }));
}

/** Injects the rotation's next fault every `everyMs`, aimed at the venue's symbols in turn. */
function scheduleFaults(opened: OpenedExchanges, inject: DashboardSession['inject'], everyMs: number): Subscription {
  const plan = faultRotation(targets(opened));
  if (everyMs <= 0 || plan.length === 0) return Subscription.EMPTY;
  return timer(Math.min(everyMs, 3_000), everyMs).subscribe((n) => {
    const planned = plan[n % plan.length]!;
    const venue = opened.exchanges.find((e) => e.entry.id === planned.exchange)!;
    inject(planned.exchange, planned.kind, venue.symbols[Math.floor(n / plan.length) % venue.symbols.length]!);
  });
}
