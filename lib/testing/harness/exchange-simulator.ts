import type { BookImage } from './ground-truth-book';
import { marketSpecFor } from './market-spec';
import { Pacer } from './pacer';
import { type LevelChange, type MarketStep, SimulatedMarket } from './simulated-market';
import type { ResolvedSimulatorOptions } from './simulator-options';
import type { TestConnection } from './test-connection';
import { WsTestServer, type WsTestServerOptions } from './ws-test-server';

/**
 * Which connection(s) a fault applies to: one (`TestConnection` or its id) or, when omitted, all.
 *
 * @example
 * ```ts
 * const target: SimulatorTarget = 1; // the first connection accepted
 * sim.dropConnections(target);
 * ```
 */
export type SimulatorTarget = TestConnection | number | undefined;

/**
 * What an {@link ExchangeSimulator} keeps per simulated symbol: at least its market.
 *
 * @example
 * ```ts
 * const state: SimulatorState = { market: new SimulatedMarket(marketSpecFor('BTC/USD')) };
 * ```
 */
export interface SimulatorState {
  readonly market: SimulatedMarket;
}

/**
 * A periodic push of a simulator: `[intervalMs, push]`, started with the server, cleared by `stop()`.
 *
 * @example
 * ```ts
 * const push: SimulatorPush = [1000, () => sim.flush()];
 * ```
 */
export type SimulatorPush = readonly [intervalMs: number, push: () => void];

/**
 * The exchange-independent half of an exchange simulator: one seeded {@link SimulatedMarket} per
 * symbol stepped by a {@link Pacer}, a {@link WsTestServer}, the open sessions, timers that
 * {@link stop} clears, step listeners, and the connection faults every exchange has. A subclass adds
 * its wire protocol: it accepts connections ({@link accept}, registering sessions with
 * {@link track}), publishes each market step ({@link publishStep}) and injects its own faults. A
 * subclass overrides a public member only to change its behaviour or narrow its return type;
 * exchange-specific notes on inherited members go in the subclass's class-level TSDoc.
 *
 * @typeParam Session - per-connection state of the exchange protocol.
 * @typeParam State - per-symbol state (the market plus what the protocol needs).
 * @typeParam Options - the simulator's resolved options.
 *
 * @example
 * ```ts
 * class EchoSimulator extends ExchangeSimulator<{ readonly connection: TestConnection }, SimulatorState, ResolvedSimulatorOptions> {
 *   static async start(options: SimulatorOptions = {}): Promise<EchoSimulator> {
 *     return new EchoSimulator(resolveSimulatorOptions(options, ['BTC/USD'])).listen({});
 *   }
 *   private constructor(options: ResolvedSimulatorOptions) {
 *     super(options, (symbol, market) => ({ market }));
 *   }
 *   protected accept(connection: TestConnection): void {
 *     this.track({ connection });
 *     connection.onText((text) => connection.send(text));
 *   }
 *   protected publishStep(state: SimulatorState, step: MarketStep): void {
 *     for (const session of this.sessions.values()) session.connection.send(JSON.stringify(step.changes));
 *   }
 * }
 * ```
 */
export abstract class ExchangeSimulator<
  Session extends { readonly connection: TestConnection },
  State extends SimulatorState,
  Options extends ResolvedSimulatorOptions,
> {
  /** Open sessions, by connection. */
  protected readonly sessions = new Map<TestConnection, Session>();
  /** Per-symbol states, by key (the unified symbol unless the constructor got a `keyOf`), in `symbols` order. */
  protected readonly states = new Map<string, State>();
  protected readonly pacer: Pacer;
  protected server!: WsTestServer;
  private readonly stepListeners = new Set<(step: MarketStep) => void>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private stopping: Promise<void> | undefined;

  /**
   * Builds one market per symbol (seeded, with `bookLevels` and `historySize`), wraps it with
   * `createState` and keys it by `keyOf(symbol)`; the pacer starts paused.
   */
  protected constructor(
    protected readonly options: Options,
    createState: (symbol: string, market: SimulatedMarket) => State,
    keyOf: (symbol: string) => string = (symbol) => symbol,
  ) {
    for (const symbol of options.symbols) {
      const market = new SimulatedMarket(marketSpecFor(symbol, options.markets?.[symbol]), {
        seed: options.seed,
        levels: options.bookLevels,
        historySize: options.historySize,
      });
      this.states.set(keyOf(symbol), createState(symbol, market));
    }
    this.pacer = new Pacer({ intervalMs: 1000 / Math.max(0.001, options.stepsPerSecond), onTick: () => this.stepAll(), autoStart: false });
  }

  /** WebSocket URL, e.g. `ws://127.0.0.1:PORT`. */
  get wsUrl(): string {
    return this.server.url;
  }

  /** Unified symbols simulated. */
  get symbols(): readonly string[] {
    return this.options.symbols;
  }

  /** WebSocket connections accepted since start. */
  get connectionCount(): number {
    return this.server.connectionCount;
  }

  /** WebSocket connections open now. */
  get connections(): ReadonlySet<TestConnection> {
    return this.server.connections;
  }

  /** The simulated market of `symbol`. */
  market(symbol: string): SimulatedMarket {
    return this.state(symbol).market;
  }

  /** Ground truth of `symbol` now, best first, at most `depth` levels per side. */
  truth(symbol: string, depth = Infinity): BookImage {
    return this.state(symbol).market.truth(depth);
  }

  /** Calls `listener` after every market step; returns an unsubscribe function. */
  onStep(listener: (step: MarketStep) => void): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }

  /** Stops stepping the markets. */
  pause(): void {
    this.pacer.pause();
  }

  /** Resumes stepping at `stepsPerSecond`. */
  resume(): void {
    this.pacer.resume();
  }

  /** Steps every market `count` times, synchronously. */
  step(count = 1): void {
    this.pacer.step(count);
  }

  /**
   * One scripted market step of `symbol` ({@link SimulatedMarket.applyChanges}), published like a
   * random one: e.g. `sim.applyStep('BTC/USDT', [{ side: 'bid', price: best, quantity: 0 }])`.
   */
  applyStep(symbol: string, changes: readonly LevelChange[]): MarketStep {
    const state = this.state(symbol);
    const step = state.market.applyChanges(changes);
    this.publishStep(state, step);
    for (const listener of this.stepListeners) listener(step);
    return step;
  }

  /** Drops connections abruptly (no close frame). */
  dropConnections(target?: SimulatorTarget): void {
    for (const session of this.sessionsFor(target)) session.connection.drop();
  }

  /** Half-open: the connections stop sending and hearing anything. */
  goSilent(target?: SimulatorTarget): void {
    for (const session of this.sessionsFor(target)) session.connection.goSilent();
  }

  /** Ends {@link goSilent}; what was not sent meanwhile is lost. */
  resumeSending(target?: SimulatorTarget): void {
    for (const session of this.sessionsFor(target)) session.connection.resumeSending();
  }

  /** Closes connections with a close frame. */
  closeAll(code = 1000, reason = '', target?: SimulatorTarget): void {
    for (const session of this.sessionsFor(target)) session.connection.close(code, reason);
  }

  /** Stops every timer and the server; resolves once nothing is left open. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.pacer.stop();
      for (const timer of this.timers) clearInterval(timer);
      this.timers.length = 0;
      this.release();
      this.stepListeners.clear();
      await this.server.close();
    })();
    return this.stopping;
  }

  /** Sets up a new connection: checks it, creates its session and {@link track}s it, listens to it. */
  protected abstract accept(connection: TestConnection): void;

  /** Sends what one market step of `state` produced to the subscribed sessions (or batches it). */
  protected abstract publishStep(state: State, step: MarketStep): void;

  /** Frees what the subclass holds besides its pushes (its own timers, REST state); {@link stop} calls it once. */
  protected release(): void {}

  /**
   * Starts the server (with `onConnection` → {@link accept}), then the periodic `pushes`, then,
   * with `autoStart`, the pacer. For the subclass's static `start`.
   */
  protected async listen(server: Omit<WsTestServerOptions, 'onConnection'>, pushes: readonly SimulatorPush[] = []): Promise<this> {
    this.server = await WsTestServer.start({ ...server, onConnection: (connection) => this.accept(connection) });
    for (const [intervalMs, push] of pushes) this.timers.push(setInterval(push, intervalMs));
    if (this.options.autoStart) this.pacer.resume();
    return this;
  }

  /** Registers `session` until its connection closes (before the subclass's own close listeners run). */
  protected track(session: Session): void {
    const { connection } = session;
    this.sessions.set(connection, session);
    connection.onClose(() => this.sessions.delete(connection));
  }

  /** The sessions `target` names: all when `undefined`, else the one of that connection or id (or none). */
  protected sessionsFor(target: SimulatorTarget): Session[] {
    if (target === undefined) return [...this.sessions.values()];
    for (const session of this.sessions.values()) {
      if (session.connection === target || session.connection.id === target) return [session];
    }
    return [];
  }

  /** The state of `symbol`; throws a `RangeError` naming the simulated symbols when there is none. */
  protected state(symbol: string): State {
    const state = this.findState(symbol);
    if (!state) throw new RangeError(`${this.constructor.name}: unknown symbol "${symbol}" (simulating ${this.options.symbols.join(', ')})`);
    return state;
  }

  /** Looks `symbol` up by key; override to accept the exchange's own names too. */
  protected findState(symbol: string): State | undefined {
    return this.states.get(symbol);
  }

  private stepAll(): void {
    for (const state of this.states.values()) {
      const step = state.market.step();
      this.publishStep(state, step);
      for (const listener of this.stepListeners) listener(step);
    }
  }
}
