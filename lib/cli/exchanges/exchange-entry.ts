import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { ExchangeId } from '../../model/exchange-id';

/**
 * A fault the demo can inject into an embedded simulator: a dropped `disconnect`, a sequence
 * `gap`, a bad book `checksum`, a `malformed` frame.
 *
 * @example
 * ```ts
 * const fault: FaultKind = 'gap';
 * ```
 */
export type FaultKind = 'disconnect' | 'gap' | 'checksum' | 'malformed';

/**
 * One exchange's simulator, running on 127.0.0.1, behind a uniform face: where to connect, which
 * faults it can inject, and how to stop it.
 *
 * @example
 * ```ts
 * const sim = await entry.simulate({ symbols: ['BTC/USDT'], seed: 1 });
 * const client = entry.client({ ...sim.clientOptions });
 * sim.inject('gap', 'BTC/USDT');
 * await sim.stop();
 * ```
 */
export interface EmbeddedSimulator {
  /** `wsUrl` (and `restUrl` where the exchange needs one) of the local servers. */
  readonly clientOptions: Pick<ClientOptions, 'wsUrl' | 'restUrl'>;
  /** The faults {@link inject} supports, in the order the demo rotates them. */
  readonly faults: readonly FaultKind[];
  /** Injects `fault`, aimed at `symbol` where that matters (gap, checksum). */
  inject(fault: FaultKind, symbol: string): void;
  /** Stops every server and timer; idempotent. */
  stop(): Promise<void>;
}

/**
 * Options of {@link ExchangeEntry.simulate}.
 *
 * @example
 * ```ts
 * const options: SimulateOptions = { symbols: ['BTC/USD', 'ETH/USD'], seed: 3 };
 * ```
 */
export interface SimulateOptions {
  readonly symbols: readonly string[];
  readonly seed: number;
}

/**
 * Everything the CLI knows about one exchange. Adding an exchange to the CLI and the demo is one
 * entry in `EXCHANGES` (exchange-registry.ts).
 *
 * @example
 * ```ts
 * const entry: ExchangeEntry = binanceEntry;
 * entry.client({ wsUrl: 'ws://127.0.0.1:9000' }).ticker('BTC/USDT').subscribe(console.log);
 * ```
 */
export interface ExchangeEntry {
  readonly id: ExchangeId;
  /** Display name, e.g. `Binance spot`. */
  readonly title: string;
  /** The live WebSocket endpoint `--live` connects to. */
  readonly liveUrl: string;
  /** The two symbols the demo shows (BTC and ETH). */
  readonly demoSymbols: readonly string[];
  /** Symbols the embedded simulator quotes (any other is an unknown symbol without `--live`). */
  readonly simulatedSymbols: readonly string[];
  /** A client; without `wsUrl` it connects to the live endpoints. */
  client(options?: ClientOptions): ExchangeClient;
  /**
   * Whether the amounts of `symbol` are in the quote currency rather than the base (Deribit's inverse
   * contracts count USD): the dashboard and `arb` convert them to base units before comparing sizes.
   * Absent: amounts are in base units.
   */
  readonly quoteSizedSymbol?: (symbol: string) => boolean;
  /** The `book()` options that deliver at least `depth` levels a side on this exchange. */
  bookOptions(depth: number): BookOptions;
  /** Starts the embedded simulator. */
  simulate(options: SimulateOptions): Promise<EmbeddedSimulator>;
}
