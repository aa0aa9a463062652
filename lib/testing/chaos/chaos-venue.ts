import type { BookOptions, ExchangeClient } from '../../model/client';
import type { ChaosFault } from './chaos-fault';
import type { ChaosProxy } from './chaos-proxy';
import type { TruthSource } from './truth-history';

/**
 * A simulator that can be paused so a client's book can be compared with a still truth.
 *
 * @example
 * ```ts
 * const truth: PausableTruth = sim; // BinanceSimulator: market(), onStep(), pause(), resume(), flush()
 * ```
 */
export interface PausableTruth extends TruthSource {
  pause(): void;
  resume(): void;
  /** Pushes anything batched (e.g. Binance's 100 ms depth events) now. */
  flush?(): void;
}

/**
 * One exchange set up for a chaos run: its simulator (the truth), the proxy in front of it, a
 * client connected through the proxy, the books to watch and the faults to inject.
 *
 * @example
 * ```ts
 * const venue = await binanceChaosVenue({ seed: 7 });
 * const report = await runChaos(venue, { faults: 50, seed: 7 });
 * await venue.stop();
 * ```
 */
export interface ChaosVenue {
  readonly client: ExchangeClient;
  readonly truth: PausableTruth;
  readonly proxy: ChaosProxy;
  readonly symbols: readonly string[];
  /** Options of `client.book()` (a depth that holds the whole simulated book, where allowed). */
  readonly bookOptions: BookOptions;
  /** Levels per side compared with the truth (≤ what the client's book holds). */
  readonly compareDepth: number;
  readonly faults: readonly ChaosFault[];
  /** The client's keepalive settings: a stall must be detected within `pingInterval + pingTimeout`. */
  readonly keepalive?: { readonly pingInterval: number; readonly pingTimeout: number };
  /** Stops the proxies and the simulator (after the run unsubscribed everything). */
  stop(): Promise<void>;
}

/**
 * Options of the chaos venues (every exchange): market size and pace, and the seed.
 *
 * @example
 * ```ts
 * const options: ChaosVenueOptions = { seed: 7, symbols: ['BTC/USDT', 'ETH/USDT'], stepsPerSecond: 200 };
 * ```
 */
export interface ChaosVenueOptions {
  readonly seed?: number;
  readonly symbols?: readonly string[];
  /** Market steps per second (default 100). */
  readonly stepsPerSecond?: number;
  /** Levels per side of each simulated book (default 200). */
  readonly bookLevels?: number;
  /** Levels per side compared with the truth on every book event (default: all of them). */
  readonly compareDepth?: number;
}
