import type { BookLevel } from '../../model/book-event';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';
import type { TestConnection } from '../harness/test-connection';
import { executeControl, parseControlMessage } from './binance-control';
import { type RestLogEntry, binanceRest, binanceRestFailure } from './binance-rest';
import type { SimulatorRest } from '../harness/simulator-rest';
import { BinanceSession, parseStreamUrl } from './binance-session';
import { type BinanceSimulatorOptions, type ResolvedBinanceOptions, resolveBinanceOptions } from './binance-simulator-options';
import { binanceSymbol, streamSymbol } from './binance-symbols';
import { bookTickerPayload, depthUpdatePayload, tickerPayload, tradePayload } from './binance-wire';
import { DepthAccumulator } from '../harness/depth-accumulator';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from '../harness/bounded-log';

/**
 * One incoming control message (or ping/pong frame, which count towards Binance's 5/s limit).
 *
 * @example
 * ```ts
 * const perSecond = sim.controlLog.filter((e: ControlLogEntry) => e.kind === 'message');
 * ```
 */
export interface ControlLogEntry {
  /** `TestConnection.id` of the sender. */
  readonly connection: number;
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly kind: 'message' | 'ping' | 'pong';
  /** The raw text, for `message`. */
  readonly text?: string;
}

/**
 * The ground truth of one symbol: both sides best first and the update id they correspond to.
 *
 * @example
 * ```ts
 * const { bids, asks, lastUpdateId }: BinanceTruth = sim.truth('BTC/USDT', 10);
 * ```
 */
export interface BinanceTruth {
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly lastUpdateId: number;
}

/**
 * Which connection(s) a fault applies to: one (`TestConnection` or its id) or, when omitted, all.
 *
 * @example
 * ```ts
 * sim.goSilent(sim.connections.values().next().value);
 * ```
 */
export type ConnectionTarget = SimulatorTarget;

interface SymbolState {
  readonly unified: string;
  readonly exchangeSymbol: string;
  readonly streamPrefix: string;
  readonly market: SimulatedMarket;
  readonly fastDepth: DepthAccumulator;
  readonly slowDepth: DepthAccumulator;
  skipFast: number;
  skipSlow: number;
  tickerDirty: boolean;
  /** REST snapshots are served this many updates behind the stream (0: current). */
  snapshotLag: number;
}

/**
 * Options of {@link BinanceSimulator.announceShutdown}.
 *
 * @example
 * ```ts
 * sim.announceShutdown(undefined, { closeAfterMs: 5_000, shape: 'event' });
 * ```
 */
export interface ShutdownNoticeOptions {
  /** Close the connections that are still open this long after the notice, in ms (default 5 000). */
  readonly closeAfterMs?: number;
  /**
   * The notice's wrapping: `event` — `{"event":{"e":"serverShutdown","E":…}}`, the docs' example
   * (default); `bare` — `{"e":"serverShutdown","E":…}`. Binance's docs give the example for the
   * WebSocket API only; WebSocket Streams announce the same event without an example.
   */
  readonly shape?: 'event' | 'bare';
}

/**
 * A local Binance spot market-data server speaking Binance's exact wire format: the combined
 * stream endpoint `/stream` (and raw `/ws`), live SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS/
 * SET_PROPERTY/GET_PROPERTY, streams `<sym>@depth@100ms`, `<sym>@depth`, `<sym>@trade`,
 * `<sym>@ticker` and `<sym>@bookTicker`, REST `GET /api/v3/depth`, Binance's connection limits,
 * server pings, and fault injection. Each symbol is a seeded {@link SimulatedMarket} whose
 * ground truth tests can compare against.
 *
 * Behaviour where Binance's docs are silent (documented choices): a valid stream name for an
 * unknown symbol or an unsimulated stream type (e.g. `btcusdt@aggTrade`) is accepted with
 * `{"result":null,…}` and nothing is sent for it; subscribing past 1024 streams is refused with
 * `{"error":{"code":2,"msg":"Invalid request: too many streams"},"id":…}` and nothing of that request
 * is applied; an unknown WebSocket path is dropped; a connection over 5 messages per second is
 * closed with code 1008 `Too many requests`.
 *
 * Notes:
 * - Connect to `${wsUrl}/stream` (combined) or `${wsUrl}/ws` (raw).
 * - {@link step} sends trades and book tickers at once; depth and `@ticker` events go out at the
 *   next push (or {@link flush}). While {@link pause}d, pushes continue with nothing new to say.
 * - {@link goSilent} also silences server pings and pong replies.
 * - {@link closeAll} with a close frame is how Binance ends a connection at the 24 h mark.
 *
 * @example
 * ```ts
 * const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 7 });
 * const socket = new WebSocket(`${sim.wsUrl}/stream`);
 * socket.on('open', () => socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 })));
 * // REST: fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=100`)
 * sim.truth('BTC/USDT', 10); // what a correct local book must show
 * await sim.stop();
 * ```
 */
export class BinanceSimulator extends ExchangeSimulator<BinanceSession, SymbolState, ResolvedBinanceOptions> {
  /** Every incoming text message, ping and pong, with receipt time (see {@link ControlLogEntry}). */
  readonly controlLog: ControlLogEntry[] = [];
  private readonly byExchangeSymbol = new Map<string, SymbolState>();
  private readonly rest: SimulatorRest;
  private readonly shutdownTimers = new Set<ReturnType<typeof setTimeout>>();
  private shutdownClosuresCount = 0;

  private constructor(options: ResolvedBinanceOptions) {
    super(options, (unified, market) => ({
      unified,
      exchangeSymbol: binanceSymbol(unified),
      streamPrefix: streamSymbol(unified),
      market,
      fastDepth: new DepthAccumulator(),
      slowDepth: new DepthAccumulator(),
      skipFast: 0,
      skipSlow: 0,
      tickerDirty: true,
      snapshotLag: 0,
    }));
    for (const state of this.states.values()) this.byExchangeSymbol.set(state.exchangeSymbol, state);
    this.rest = binanceRest({
      depth: (symbol, limit) => {
        const state = this.byExchangeSymbol.get(symbol);
        if (!state) return undefined;
        const lagged = state.market.updateId - state.snapshotLag;
        const image = state.snapshotLag > 0 ? state.market.bookAt(lagged, limit) : undefined;
        return image ? { lastUpdateId: lagged, image } : { lastUpdateId: state.market.updateId, image: state.market.truth(limit) };
      },
      listed: () => [
        ...[...this.states.values()].map((state) => {
          const [baseAsset, quoteAsset] = state.unified.split('/') as [string, string];
          const { tickSize, quantityDecimals } = state.market.grid;
          return { symbol: state.exchangeSymbol, baseAsset, quoteAsset, tickSize, quantityDecimals };
        }),
        ...options.listedSymbols.map((unified) => {
          const [baseAsset, quoteAsset] = unified.split('/') as [string, string];
          return { symbol: binanceSymbol(unified), baseAsset, quoteAsset, tickSize: 0.01, quantityDecimals: 4 };
        }),
      ],
    }, options.restWeightPerMinute);
    this.rest.latencyMs = options.restLatencyMs;
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
    const sim = new BinanceSimulator(resolveBinanceOptions(options));
    const o = sim.options;
    return sim.listen(
      {
        onHttpRequest: (request, response) => sim.rest.handle(request, response),
        heartbeat: o.serverPingIntervalMs > 0 ? { intervalMs: o.serverPingIntervalMs, timeoutMs: o.pongTimeoutMs } : undefined,
      },
      [
        [o.depthIntervalMs, () => sim.flushDepth('fast')],
        [o.slowDepthIntervalMs, () => sim.flushDepth('slow')],
        [o.tickerIntervalMs, () => sim.flushTickers()],
      ],
    );
  }

  /** REST base URL, e.g. `http://127.0.0.1:PORT`. */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** REST requests received since start. */
  get restRequests(): number {
    return this.rest.log.length;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly RestLogEntry[] {
    return this.rest.log as readonly RestLogEntry[]; // the weight is counted: every entry has one
  }

  /** Ground truth of `symbol` now, best first, at most `depth` levels per side. */
  override truth(symbol: string, depth = Infinity): BinanceTruth {
    const market = this.state(symbol).market;
    return { ...market.truth(depth), lastUpdateId: market.updateId };
  }

  /** Ground truth of `symbol` right after update `updateId`, if still in history. */
  truthAt(symbol: string, updateId: number, depth = Infinity): BinanceTruth | undefined {
    const image = this.state(symbol).market.bookAt(updateId, depth);
    return image && { ...image, lastUpdateId: updateId };
  }

  /** Streams a connection is subscribed to, in subscription order. */
  subscriptions(connection: TestConnection | number): string[] {
    const session = this.sessionsFor(connection)[0];
    return session ? [...session.streams] : [];
  }

  /** Pushes pending `@depth@100ms`, `@depth` and `@ticker` events now. */
  flush(): void {
    this.flushDepth('fast');
    this.flushDepth('slow');
    this.flushTickers();
  }

  /**
   * Sends a broken frame: `invalid-json` (truncated JSON) or `schema` (valid JSON, a depth
   * event whose `data` fields have wrong types) on `stream` (default: the connection's first
   * depth stream, else its first stream, else the first symbol's `@depth@100ms`).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', target?: ConnectionTarget, stream?: string): void {
    for (const session of this.sessionsFor(target)) {
      const streams = [...session.streams];
      const name =
        stream ??
        streams.find((s) => s.includes('@depth')) ??
        streams[0] ??
        `${this.states.values().next().value?.streamPrefix ?? 'btcusdt'}@depth@100ms`;
      const data = { e: 'depthUpdate', E: 'yesterday', s: 42, U: 'one', u: null, b: 'nope', a: [[1, 2, 3]] };
      let frame: string;
      if (kind === 'schema') frame = session.combined ? JSON.stringify({ stream: name, data }) : JSON.stringify(data);
      else frame = session.combined ? `{"stream":"${name}","data":{"e":"depthUpdate","E":17` : '{"e":"depthUpdate","E":17';
      session.connection.sendRaw(frame);
    }
  }

  /** The next diff-depth event of `symbol` (on both `@depth@100ms` and `@depth`) is not sent: a gap. */
  skipDepthEvent(symbol: string): void {
    const state = this.state(symbol);
    state.skipFast++;
    state.skipSlow++;
  }

  /** The next `times` REST requests fail with `status` and `Retry-After: retryAfterSeconds`. */
  failRest(status: 429 | 418, times = 1, retryAfterSeconds = 1): void {
    this.rest.failNext(() => binanceRestFailure(status, retryAfterSeconds), times);
  }

  /**
   * REST depth snapshots of `symbol` are served `behindUpdates` updates behind the stream (a lagging
   * REST cache) until {@link serveFreshSnapshots}: each is older than what a client buffered from the
   * stream, so it never bridges. Needs the market's history (`historySize`) to reach that far back.
   */
  serveStaleSnapshots(symbol: string, behindUpdates = 50): void {
    this.state(symbol).snapshotLag = Math.max(0, behindUpdates);
  }

  /** Ends {@link serveStaleSnapshots} for `symbol` (default: every symbol). */
  serveFreshSnapshots(symbol?: string): void {
    for (const state of symbol === undefined ? this.states.values() : [this.state(symbol)]) state.snapshotLag = 0;
  }

  /**
   * Binance's `serverShutdown` notice: sends it to the target connections (default all) and closes
   * those still open `closeAfterMs` later with 1001 `Server shutdown` (Binance does not document the
   * delay or the close code; a well-behaved client has moved to a new socket by then).
   * {@link shutdownClosures} counts the connections the simulator had to close itself.
   */
  announceShutdown(target?: ConnectionTarget, options: ShutdownNoticeOptions = {}): void {
    const event = { e: 'serverShutdown', E: Date.now() };
    const frame = JSON.stringify(options.shape === 'bare' ? event : { event });
    for (const session of this.sessionsFor(target)) {
      session.connection.send(frame);
      const timer = setTimeout(() => {
        this.shutdownTimers.delete(timer);
        if (!session.connection.isOpen) return;
        this.shutdownClosuresCount++;
        session.connection.close(1001, 'Server shutdown');
      }, options.closeAfterMs ?? 5_000);
      this.shutdownTimers.add(timer);
    }
  }

  /** Connections {@link announceShutdown} closed because the client had not left them in time. */
  get shutdownClosures(): number {
    return this.shutdownClosuresCount;
  }

  /** Delays every later REST response by `ms` (the snapshot is still taken on receipt). */
  setRestLatency(ms: number): void {
    this.rest.latencyMs = ms;
  }

  protected override release(): void {
    this.rest.stop();
    for (const timer of this.shutdownTimers) clearTimeout(timer);
    this.shutdownTimers.clear();
  }

  protected override findState(symbol: string): SymbolState | undefined {
    return this.states.get(symbol) ?? this.byExchangeSymbol.get(symbol.toUpperCase());
  }

  protected accept(connection: TestConnection): void {
    const route = parseStreamUrl(connection.url);
    if (!route) {
      connection.drop();
      return;
    }
    const session = new BinanceSession(connection, route.combined, route.streams, this.options.maxMessagesPerSecond);
    this.track(session);
    connection.onText((text) => {
      appendBounded(this.controlLog, { connection: connection.id, at: hiResNow(), kind: 'message', text });
      if (this.withinRate(session)) this.handleControl(session, text);
    });
    connection.onPing(() => {
      appendBounded(this.controlLog, { connection: connection.id, at: hiResNow(), kind: 'ping' });
      this.withinRate(session);
    });
    connection.onPong(() => {
      appendBounded(this.controlLog, { connection: connection.id, at: hiResNow(), kind: 'pong' });
      this.withinRate(session);
    });
  }

  /** Counts one incoming message; closes the connection (1008) when over the limit. */
  private withinRate(session: BinanceSession): boolean {
    return session.admit();
  }

  private handleControl(session: BinanceSession, text: string): void {
    const parsed = parseControlMessage(text);
    session.connection.send(parsed.ok ? executeControl(session, parsed.request, this.options.maxStreamsPerConnection) : parsed.reply);
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    state.fastDepth.add(step);
    state.slowDepth.add(step);
    state.tickerDirty = true;
    const eventTime = Date.now();
    for (const trade of step.trades) {
      this.publish(`${state.streamPrefix}@trade`, tradePayload(state.exchangeSymbol, eventTime, trade));
    }
    if (step.topChanged) {
      this.publish(
        `${state.streamPrefix}@bookTicker`,
        bookTickerPayload(state.exchangeSymbol, step.updateId, state.market.top()),
      );
    }
  }

  private flushDepth(speed: 'fast' | 'slow'): void {
    for (const state of this.states.values()) {
      const event = (speed === 'fast' ? state.fastDepth : state.slowDepth).take();
      if (!event) continue;
      if (speed === 'fast' ? state.skipFast > 0 : state.skipSlow > 0) {
        if (speed === 'fast') state.skipFast--;
        else state.skipSlow--;
        continue;
      }
      const stream = speed === 'fast' ? `${state.streamPrefix}@depth@100ms` : `${state.streamPrefix}@depth`;
      this.publish(
        stream,
        depthUpdatePayload(state.exchangeSymbol, Date.now(), event.firstUpdateId, event.finalUpdateId, event.bids, event.asks),
      );
    }
  }

  private flushTickers(): void {
    for (const state of this.states.values()) {
      if (!state.tickerDirty) continue;
      state.tickerDirty = false;
      this.publish(`${state.streamPrefix}@ticker`, tickerPayload(state.exchangeSymbol, Date.now(), state.market.stats()));
    }
  }

  /** Sends `data` on `stream` to every subscribed connection (wrapped on combined ones). */
  private publish(stream: string, data: object): void {
    let raw: string | undefined;
    let combined: string | undefined;
    for (const session of this.sessions.values()) {
      if (!session.streams.has(stream)) continue;
      if (session.combined) session.connection.send((combined ??= JSON.stringify({ stream, data })));
      else session.connection.send((raw ??= JSON.stringify(data)));
    }
  }
}

