import type { BookLevel } from '../../model/book-event';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { executeControl, parseControlMessage } from '../binance/binance-control';
import type { ControlLogEntry } from '../binance/binance-simulator';
import { restError } from '../binance/binance-wire';
import { DepthAccumulator } from '../harness/depth-accumulator';
import { appendBounded } from '../harness/bounded-log';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { type DerivativeState, SimulatedDerivative } from '../harness/simulated-derivative';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';
import { type RestAnswerTuple as RestAnswer, SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import type { TestConnection } from '../harness/test-connection';
import { type BinanceFuturesSimulatorOptions, type ResolvedBinanceFuturesOptions, resolveBinanceFuturesOptions } from './binance-futures-simulator-options';
import { delivers, FuturesSession, parseFuturesStreamUrl } from './binance-futures-session';
import {
  aggTradePayload,
  bookTickerPayload,
  depthUpdatePayload,
  type FuturesListedSymbol,
  markPricePayload,
  restDepthBody,
  restExchangeInfoBody,
  restOpenInterestBody,
  tickerPayload,
  UPDATE_ID_STRIDE,
} from './binance-futures-wire';

/**
 * The ground truth of one USD-M symbol: both sides best first and the wire update id they correspond to.
 *
 * @example
 * ```ts
 * const { bids, asks, lastUpdateId }: BinanceFuturesTruth = sim.truth('BTC/USDT:USDT', 10);
 * ```
 */
export interface BinanceFuturesTruth {
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly lastUpdateId: number;
}

/**
 * One `@markPrice@1s` push: when (its `E`) and what.
 *
 * @example
 * ```ts
 * const pushed: MarkPricePush | undefined = sim.markPricePushes('BTC/USDT:USDT').at(-1);
 * ```
 */
export interface MarkPricePush {
  readonly time: number;
  readonly state: DerivativeState;
}

interface FuturesSymbolState {
  readonly unified: string;
  readonly native: string;
  readonly prefix: string;
  readonly market: SimulatedMarket;
  readonly derivative: SimulatedDerivative;
  readonly depth: DepthAccumulator;
  readonly marks: MarkPricePush[];
  readonly openInterestAnswers: number[];
  /** `u` of the last depth event produced (sent or withheld): the next event's `pu`. */
  lastDepthId: number;
  skipDepth: number;
  breakPu: number;
  tickerDirty: boolean;
}

const PERPETUAL_DELIVERY = 4133404800000;
const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];
const SYMBOL = /^[A-Z0-9]+$/;

function nativeOf(unified: string): string {
  return unified.split(':')[0]!.replace('/', '');
}

function listing(unified: string, tickSize: number, quantityDecimals: number): FuturesListedSymbol {
  const [pair, marginAsset] = unified.split(':') as [string, string];
  const [baseAsset, quoteAsset] = pair.split('/') as [string, string];
  return { symbol: nativeOf(unified), baseAsset, quoteAsset, marginAsset, contractType: 'PERPETUAL', deliveryDate: PERPETUAL_DELIVERY, tickSize, quantityDecimals };
}

/**
 * A local Binance USD-M futures market-data server in USD-M's exact wire format: the routed
 * endpoints `/public/stream` (and `/public/ws`) for `<sym>@depth@100ms` and `<sym>@bookTicker`,
 * `/market/stream` (and `/market/ws`) for `<sym>@aggTrade`, `<sym>@ticker` and `<sym>@markPrice@1s`
 * (the unrouted `/stream` and `/ws` deliver public streams only, as since 2026-04-23), Binance's
 * control messages, REST `GET /fapi/v1/exchangeInfo`, `/fapi/v1/depth` (limits 5…1000),
 * `/fapi/v1/openInterest`, `/fapi/v1/ping`, `/fapi/v1/time`, server pings every 3 minutes, 10 incoming
 * messages per second, 1024 streams per connection. Depth events carry `U`, `u` and `pu` (the previous
 * event's `u`); ids step by {@link UPDATE_ID_STRIDE} per market step, so `U` is never the previous
 * `u + 1`, as on the real exchange. Mark price, index, funding and open interest come from a
 * {@link SimulatedDerivative} per symbol.
 *
 * Faults: the harness's (`dropConnections`, `goSilent`/`resumeSending`, `closeAll`), plus
 * {@link sendMalformed}, {@link skipDepthEvent} (a withheld event: the next one's `pu` names it),
 * {@link breakPu} (an event whose `pu` is wrong while its data is intact), {@link failRest} (429/418
 * with `Retry-After`) and {@link setRestLatency}.
 *
 * Documented choices where the docs are silent: a valid stream name for an unknown symbol or an
 * unsimulated stream type is accepted and stays quiet; a stream subscribed on the other route is
 * accepted and stays quiet; an invalid depth `limit` is refused with `-1100`; only perpetuals are
 * simulated.
 *
 * @example
 * ```ts
 * const sim = await BinanceFuturesSimulator.start({ symbols: ['BTC/USDT:USDT'], seed: 7 });
 * const bf = binanceFutures({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * bf.book('BTC/USDT:USDT').subscribe(console.log);
 * sim.truth('BTC/USDT:USDT', 10); // what a correct local book must show
 * await sim.stop();
 * ```
 */
export class BinanceFuturesSimulator extends ExchangeSimulator<FuturesSession, FuturesSymbolState, ResolvedBinanceFuturesOptions> {
  /** Every incoming text message, ping and pong, with receipt time (USD-M counts all three in its 10/s). */
  readonly controlLog: ControlLogEntry[] = [];
  private readonly byNative = new Map<string, FuturesSymbolState>();
  private readonly rest: SimulatorRest;

  private constructor(options: ResolvedBinanceFuturesOptions) {
    super(options, (unified, market) => ({
      unified,
      native: nativeOf(unified),
      prefix: nativeOf(unified).toLowerCase(),
      market,
      derivative: new SimulatedDerivative(market, { seed: options.seed }),
      depth: new DepthAccumulator(),
      marks: [],
      openInterestAnswers: [],
      lastDepthId: market.updateId * UPDATE_ID_STRIDE,
      skipDepth: 0,
      breakPu: 0,
      tickerDirty: true,
    }));
    for (const state of this.states.values()) this.byNative.set(state.native, state);
    this.rest = new SimulatorRest(
      {
        '/fapi/v1/ping': () => [200, '{}'],
        '/fapi/v1/time': () => [200, JSON.stringify({ serverTime: Date.now() })],
        '/fapi/v1/exchangeInfo': () => [200, restExchangeInfoBody(this.listed(), Date.now())],
        '/fapi/v1/depth': (query) => this.depthAnswer(query),
        '/fapi/v1/openInterest': (query) => this.openInterestAnswer(query),
      },
      undefined,
      'application/json;charset=UTF-8',
    );
    this.rest.latencyMs = options.restLatencyMs;
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: BinanceFuturesSimulatorOptions = {}): Promise<BinanceFuturesSimulator> {
    const sim = new BinanceFuturesSimulator(resolveBinanceFuturesOptions(options));
    const o = sim.options;
    return sim.listen(
      {
        onHttpRequest: (request, response) => sim.rest.handle(request, response),
        heartbeat: o.serverPingIntervalMs > 0 ? { intervalMs: o.serverPingIntervalMs, timeoutMs: o.pongTimeoutMs } : undefined,
      },
      [
        [o.depthIntervalMs, () => sim.flushDepth()],
        [o.tickerIntervalMs, () => sim.flushTickers()],
        [o.markPriceIntervalMs, () => sim.pushMarkPrices()],
      ],
    );
  }

  /** REST base URL, e.g. `http://127.0.0.1:PORT`. */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** Ground truth of `symbol` now, best first, at most `depth` levels per side, with its wire update id. */
  override truth(symbol: string, depth = Infinity): BinanceFuturesTruth {
    const market = this.state(symbol).market;
    return { ...market.truth(depth), lastUpdateId: market.updateId * UPDATE_ID_STRIDE };
  }

  /** The `@markPrice@1s` pushes of `symbol` so far (the newest 20 000). */
  markPricePushes(symbol: string): readonly MarkPricePush[] {
    return this.state(symbol).marks;
  }

  /** The open interest values `GET /fapi/v1/openInterest` answered for `symbol`, in order. */
  openInterestAnswers(symbol: string): readonly number[] {
    return this.state(symbol).openInterestAnswers;
  }

  /** Streams a connection is subscribed to, in subscription order. */
  subscriptions(connection: TestConnection | number): string[] {
    const session = this.sessionsFor(connection)[0];
    return session ? [...session.streams] : [];
  }

  /** Pushes pending depth, ticker and mark price events now. */
  flush(): void {
    this.flushDepth();
    this.flushTickers();
    this.pushMarkPrices();
  }

  /**
   * Sends a broken frame on `stream` (default: the connection's first depth stream, else its first
   * stream): `invalid-json` (truncated) or `schema` (a depth event whose fields have wrong types).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', target?: SimulatorTarget, stream?: string): void {
    for (const session of this.sessionsFor(target)) {
      const name = stream ?? [...session.streams].find((s) => s.includes('@depth')) ?? [...session.streams][0] ?? 'btcusdt@depth@100ms';
      const data = { e: 'depthUpdate', E: 'now', T: 1, s: 7, U: 'one', u: null, pu: [], b: 'nope', a: [[1, 2, 3]] };
      const frame =
        kind === 'schema'
          ? JSON.stringify(session.combined ? { stream: name, data } : data)
          : session.combined
            ? `{"stream":"${name}","data":{"e":"depthUpdate","E":17`
            : '{"e":"depthUpdate","E":17';
      session.connection.sendRaw(frame);
    }
  }

  /** The next depth event of `symbol` is not sent: the one after it carries its `u` as `pu` (a gap). */
  skipDepthEvent(symbol: string): void {
    this.state(symbol).skipDepth++;
  }

  /** The next depth event of `symbol` is sent intact but with a `pu` that is not the previous `u`. */
  breakPu(symbol: string): void {
    this.state(symbol).breakPu++;
  }

  /** The next `times` REST requests fail with `status` and `Retry-After: retryAfterSeconds`. */
  failRest(status: 429 | 418, times = 1, retryAfterSeconds = 1): void {
    const body = (): string =>
      status === 418
        ? restError(-1003, `Way too many requests; IP(127.0.0.1) banned until ${Date.now() + retryAfterSeconds * 1000}. Please use the websocket for live updates to avoid bans.`)
        : restError(-1003, 'Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.');
    this.rest.failNext(() => [status, body(), { 'Retry-After': String(retryAfterSeconds) }], times);
  }

  /** Delays every later REST response by `ms` (the answer is still taken on receipt). */
  setRestLatency(ms: number): void {
    this.rest.latencyMs = ms;
  }

  protected override release(): void {
    this.rest.stop();
  }

  protected override findState(symbol: string): FuturesSymbolState | undefined {
    return this.states.get(symbol) ?? this.byNative.get(symbol.toUpperCase());
  }

  protected accept(connection: TestConnection): void {
    const route = parseFuturesStreamUrl(connection.url);
    if (!route) {
      connection.drop();
      return;
    }
    const session = new FuturesSession(connection, route.route, route.combined, route.streams, this.options.maxMessagesPerSecond);
    this.track(session);
    const log = (kind: ControlLogEntry['kind'], text?: string): void =>
      appendBounded(this.controlLog, { connection: connection.id, at: hiResNow(), kind, ...(text === undefined ? {} : { text }) });
    connection.onText((text) => {
      log('message', text);
      if (!session.admit()) return;
      const parsed = parseControlMessage(text);
      connection.send(parsed.ok ? executeControl(session, parsed.request, this.options.maxStreamsPerConnection) : parsed.reply);
    });
    connection.onPing(() => {
      log('ping');
      session.admit();
    });
    connection.onPong(() => {
      log('pong');
      session.admit();
    });
  }

  protected publishStep(state: FuturesSymbolState, step: MarketStep): void {
    state.depth.add(step);
    state.tickerDirty = true;
    const now = Date.now();
    for (const trade of step.trades) this.publish(`${state.prefix}@aggTrade`, aggTradePayload(state.native, now, trade, state.market.grid));
    if (step.topChanged) {
      this.publish(`${state.prefix}@bookTicker`, bookTickerPayload(state.native, step.updateId * UPDATE_ID_STRIDE, state.market.top(), now, state.market.grid));
    }
  }

  private flushDepth(): void {
    for (const state of this.states.values()) {
      const event = state.depth.take();
      if (!event) continue;
      const ids = { first: (event.firstUpdateId - 1) * UPDATE_ID_STRIDE + 7, last: event.finalUpdateId * UPDATE_ID_STRIDE, previous: state.lastDepthId };
      state.lastDepthId = ids.last;
      if (state.skipDepth > 0) {
        state.skipDepth--;
        continue;
      }
      if (state.breakPu > 0) {
        state.breakPu--;
        ids.previous -= UPDATE_ID_STRIDE;
      }
      const now = Date.now();
      this.publish(`${state.prefix}@depth@100ms`, depthUpdatePayload(state.native, now, now, ids, event.bids, event.asks, state.market.grid));
    }
  }

  private flushTickers(): void {
    for (const state of this.states.values()) {
      if (!state.tickerDirty) continue;
      state.tickerDirty = false;
      this.publish(`${state.prefix}@ticker`, tickerPayload(state.native, Date.now(), state.market.stats(), state.market.grid));
    }
  }

  private pushMarkPrices(): void {
    for (const state of this.states.values()) {
      state.derivative.update();
      const push: MarkPricePush = { time: Date.now(), state: state.derivative.state() };
      appendBounded(state.marks, push);
      this.publish(`${state.prefix}@markPrice@1s`, markPricePayload(state.native, push.time, push.state));
    }
  }

  /** Sends `data` on `stream` to every connection subscribed to it on the route that serves it. */
  private publish(stream: string, data: object): void {
    let raw: string | undefined;
    let combined: string | undefined;
    for (const session of this.sessions.values()) {
      if (!session.streams.has(stream) || !delivers(session.route, stream)) continue;
      if (session.combined) session.connection.send((combined ??= JSON.stringify({ stream, data })));
      else session.connection.send((raw ??= JSON.stringify(data)));
    }
  }

  private listed(): FuturesListedSymbol[] {
    return [
      ...[...this.states.values()].map((state) => listing(state.unified, state.market.grid.tickSize, state.market.grid.quantityDecimals)),
      ...this.options.listedSymbols.map((unified) => listing(unified, 0.01, 3)),
    ];
  }

  private symbolOf(query: Readonly<Record<string, string>>): FuturesSymbolState | RestAnswer {
    const symbol = query['symbol'];
    if (!symbol) return [400, restError(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")];
    const state = SYMBOL.test(symbol) ? this.byNative.get(symbol) : undefined;
    return state ?? [400, restError(-1121, 'Invalid symbol.')];
  }

  private depthAnswer(query: Readonly<Record<string, string>>): RestAnswer {
    const state = this.symbolOf(query);
    if (Array.isArray(state)) return state as RestAnswer;
    const limit = query['limit'] === undefined ? 500 : Number(query['limit']);
    if (!DEPTH_LIMITS.includes(limit)) return [400, restError(-1100, "Illegal characters found in parameter 'limit'; legal range is '5, 10, 20, 50, 100, 500, 1000'.")];
    const { market } = state as FuturesSymbolState;
    return [200, restDepthBody(market.updateId * UPDATE_ID_STRIDE, Date.now(), market.truth(limit), market.grid)];
  }

  private openInterestAnswer(query: Readonly<Record<string, string>>): RestAnswer {
    const state = this.symbolOf(query);
    if (Array.isArray(state)) return state as RestAnswer;
    const symbolState = state as FuturesSymbolState;
    const derivative = symbolState.derivative.state();
    appendBounded(symbolState.openInterestAnswers, derivative.openInterest);
    return [200, restOpenInterestBody(symbolState.native, derivative, Date.now())];
  }
}
