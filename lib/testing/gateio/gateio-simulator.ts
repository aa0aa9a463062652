import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from '../harness/bounded-log';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { RateWindow } from '../harness/rate-window';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';
import { type RestAnswer, SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import type { TestConnection } from '../harness/test-connection';
import { WindowedDepth } from '../harness/windowed-depth';
import { type GateioControlRequest, parseGateioRequest } from './gateio-control';
import { type GateioSimulatorOptions, type ResolvedGateioOptions, resolveGateioOptions } from './gateio-simulator-options';
import {
  bookTickerResult,
  controlReply,
  orderBookUpdateResult,
  pongFrame,
  restCurrencyPairsBody,
  restErrorBody,
  restOrderBookBody,
  tickerResult,
  tradeResult,
  updateFrame,
} from './gateio-wire';

/** `spot.order_book_update` intervals and the level each carries. */
const BOOK_LEVELS: Readonly<Record<string, number>> = { '20ms': 20, '100ms': 100 };
const PAIR_CHANNELS = ['spot.tickers', 'spot.book_ticker', 'spot.trades'];

/**
 * One incoming text message of the simulator, with receipt time (`spot.ping` included).
 *
 * @example
 * ```ts
 * sim.requests.filter((r: GateioRequestLogEntry) => r.text.includes('"subscribe"'));
 * ```
 */
export interface GateioRequestLogEntry {
  readonly connection: number;
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly text: string;
}

interface SymbolState {
  readonly symbol: string;
  readonly pair: string;
  readonly market: SimulatedMarket;
  /** One windowed feed per book interval someone subscribes. */
  readonly feeds: Map<string, WindowedDepth>;
  skipBook: number;
  fullBook: number;
  tickerDirty: boolean;
}

interface Session {
  readonly connection: TestConnection;
  /** `spot.tickers` / `spot.book_ticker` / `spot.trades` → pairs. */
  readonly pairs: Map<string, Set<string>>;
  /** pair → `spot.order_book_update` interval. */
  readonly books: Map<string, string>;
}

/**
 * A local Gate.io spot market-data server on `ws://127.0.0.1:PORT/ws/v4/` speaking Gate.io's
 * WebSocket v4 wire format, with REST `GET /api/v4/spot/order_book` (`with_id`) and
 * `GET /api/v4/spot/currency_pairs` on the same port. Channels `spot.tickers` (pushed each
 * `tickerIntervalMs`), `spot.book_ticker` and `spot.trades` (every market step), and
 * `spot.order_book_update` at `20ms` (20 levels) or `100ms` (100 levels): each push covers the
 * update ids since the previous one (`U` = previous `u` + 1) and carries the levels of that top N
 * that changed, `"0"` for a level that left it. Requests carry `time` (refused beyond 60 s of the
 * server clock), `spot.ping` is answered with `spot.pong`, replies echo `id`, `payload`, `conn_id`.
 * Limits as documented: ≤ 300 connections, 200 REST requests per endpoint in 10 s (then HTTP 429
 * with `X-Gate-RateLimit-*` headers).
 *
 * Faults: {@link dropConnections}, {@link goSilent}/{@link resumeSending}, {@link closeAll},
 * {@link sendMalformed}, {@link skipBookUpdate} (a sequence break), {@link resetBook} (a
 * `full: true` push), {@link failRest} (429 or 5xx), {@link failNextSubscription}, and any unknown
 * pair, channel or interval is refused like on Gate.io (`{"error":{"code":2,…},"result":{"status":"fail"}}`).
 *
 * Documented choices where Gate.io is silent: a request naming several pairs is refused whole when
 * one is unknown; a level pushed below the subscribed level gets an explicit `"0"` (the client cuts
 * its book to the level anyway); server pings every 20 s with a 60 s pong timeout.
 *
 * @example
 * ```ts
 * const sim = await GateioSimulator.start({ symbols: ['BTC/USDT'], seed: 7 });
 * const gt = gateio({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * gt.book('BTC/USDT').subscribe(console.log);
 * sim.truth('BTC/USDT', 100); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class GateioSimulator extends ExchangeSimulator<Session, SymbolState, ResolvedGateioOptions> {
  /** Every incoming text message. */
  readonly requests: GateioRequestLogEntry[] = [];
  private readonly rest: SimulatorRest;
  private readonly byPair = new Map<string, SymbolState>();
  private readonly listedPairs = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly restWindows = new Map<string, RateWindow>();
  private traces = 0;

  private constructor(options: ResolvedGateioOptions) {
    super(options, (symbol, market) => ({ symbol, pair: symbol.replace('/', '_'), market, feeds: new Map(), skipBook: 0, fullBook: 0, tickerDirty: true }));
    for (const state of this.states.values()) this.byPair.set(state.pair, state);
    for (const symbol of [...options.symbols, ...options.listedSymbols]) this.listedPairs.add(symbol.replace('/', '_'));
    this.rest = new SimulatorRest((path, query) => this.answerRest(path, query), { status: 404, body: restErrorBody('NOT_FOUND', 'Not Found') });
    this.rest.latencyMs = options.restLatencyMs;
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: GateioSimulatorOptions = {}): Promise<GateioSimulator> {
    const sim = new GateioSimulator(resolveGateioOptions(options));
    const o = sim.options;
    return sim.listen(
      {
        onHttpRequest: (request, response) => sim.rest.handle(request, response),
        heartbeat: o.serverPingIntervalMs > 0 ? { intervalMs: o.serverPingIntervalMs, timeoutMs: o.pongTimeoutMs } : undefined,
      },
      [
        [o.fastBookIntervalMs, () => sim.flushBooks('20ms')],
        [o.bookIntervalMs, () => sim.flushBooks('100ms')],
        [o.tickerIntervalMs, () => sim.flushTickers()],
      ],
    );
  }

  /** The v4 endpoint, `ws://127.0.0.1:PORT/ws/v4/`: pass it as `wsUrl`. */
  override get wsUrl(): string {
    return `${super.wsUrl}/ws/v4/`;
  }

  /** REST base URL, `http://127.0.0.1:PORT` (the client adds `/api/v4/…`). */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** The book update id of `symbol` now (what `GET /api/v4/spot/order_book?with_id=true` returns as `id`). */
  updateId(symbol: string): number {
    return this.state(symbol).market.updateId;
  }

  /** Subscriptions of a connection, as `channel:pair` (books: `spot.order_book_update:pair:interval`). */
  subscriptions(target: TestConnection | number): string[] {
    const session = this.sessionsFor(target)[0];
    if (!session) return [];
    const list: string[] = [];
    for (const [channel, pairs] of session.pairs) for (const pair of pairs) list.push(`${channel}:${pair}`);
    for (const [pair, interval] of session.books) list.push(`spot.order_book_update:${pair}:${interval}`);
    return list;
  }

  /** Pushes pending book updates (both intervals) and tickers now. */
  flush(): void {
    this.flushBooks('20ms');
    this.flushBooks('100ms');
    this.flushTickers();
  }

  /**
   * Sends a broken `spot.order_book_update` frame about `symbol`: `invalid-json` (cut short) or
   * `schema` (valid JSON, wrong types in `result`).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: SimulatorTarget): void {
    const pair = this.state(symbol).pair;
    const now = Date.now();
    const frame =
      kind === 'schema'
        ? updateFrame('spot.order_book_update', { t: 'later', e: 'depthUpdate', E: now, s: pair, U: 'one', u: null, b: 'none', a: [[1, 2, 3]] }, now)
        : `{"time":${Math.floor(now / 1000)},"time_ms":${now},"channel":"spot.order_book_update","event":"update","result":{"t":${now},"s":"${pair}","U":1`;
    for (const session of this.sessionsFor(target)) session.connection.sendRaw(frame);
  }

  /** The next `count` book pushes of `symbol` (every interval) are not sent: a sequence break. */
  skipBookUpdate(symbol: string, count = 1): void {
    this.state(symbol).skipBook += count;
  }

  /** The next `count` book pushes of `symbol` (every interval) carry the whole book with `full: true`. */
  resetBook(symbol: string, count = 1): void {
    this.state(symbol).fullBook += count;
  }

  /**
   * The next `times` REST requests fail: 429 (`TOO_MANY_REQUESTS`, with `X-Gate-RateLimit-*` headers
   * whose reset is `resetInMs` away) or a server error.
   */
  failRest(status: 429 | 500 | 502 = 429, times = 1, resetInMs = 1000): void {
    this.rest.failNext(() => this.failure(status, resetInMs), times);
  }

  /** Delays every later REST response by `ms`. */
  setRestLatency(ms: number): void {
    this.rest.latencyMs = ms;
  }

  /** The next `count` subscribe requests naming `symbol` are refused as if the pair were unknown. */
  failNextSubscription(symbol: string, count = 1): void {
    const pair = symbol.replace('/', '_');
    this.failures.set(pair, (this.failures.get(pair) ?? 0) + count);
  }

  protected override release(): void {
    this.rest.stop();
  }

  protected override findState(symbol: string): SymbolState | undefined {
    return this.states.get(symbol) ?? this.byPair.get(symbol);
  }

  protected accept(connection: TestConnection): void {
    const path = new URL(connection.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    if (path !== '/ws/v4' || this.connections.size > this.options.maxConnections) {
      connection.drop();
      return;
    }
    const session: Session = { connection, pairs: new Map(), books: new Map() };
    this.track(session);
    connection.onClose(() => this.dropUnusedFeeds());
    connection.onText((text) => {
      appendBounded(this.requests, { connection: connection.id, at: hiResNow(), text });
      this.onRequest(session, text);
    });
  }

  private onRequest(session: Session, text: string): void {
    const now = Date.now();
    const { connection } = session;
    const parsed = parseGateioRequest(text, now / 1000, this.options.maxRequestSkewSeconds);
    if (!parsed.ok) {
      connection.send(controlReply(parsed.echo, now, connection.id, this.trace(), parsed.error));
      return;
    }
    const request = parsed.request;
    if (request.channel === 'spot.ping') {
      connection.send(pongFrame(now));
      return;
    }
    const refusal = this.refusal(request);
    if (refusal) {
      connection.send(controlReply(request, now, connection.id, this.trace(), refusal));
      return;
    }
    if (request.channel === 'spot.order_book_update') this.bookRequest(session, request);
    else this.pairsRequest(session, request);
    connection.send(controlReply(request, now, connection.id, this.trace()));
    if (request.channel === 'spot.order_book_update' && request.event === 'subscribe' && this.options.fullOnSubscribe) this.sendWholeBook(session, request.payload[0]!);
  }

  /** Why Gate.io would refuse `request` (code 2), or `undefined`. A refused request changes nothing. */
  private refusal(request: GateioControlRequest): { code: number; message: string } | undefined {
    const { channel, event, payload } = request;
    if (event !== 'subscribe' && event !== 'unsubscribe') return { code: 1, message: 'Invalid request body format' };
    if (channel !== 'spot.order_book_update' && !PAIR_CHANNELS.includes(channel)) return { code: 2, message: `unknown channel: ${channel}` };
    const pairs = channel === 'spot.order_book_update' ? payload.slice(0, 1) : payload;
    if (pairs.length === 0) return { code: 2, message: 'Invalid argument provided' };
    if (channel === 'spot.order_book_update' && (payload.length !== 2 || BOOK_LEVELS[payload[1]!] === undefined)) return { code: 2, message: 'Invalid argument provided' };
    if (event === 'unsubscribe') return undefined;
    for (const pair of pairs) {
      const forced = this.failures.get(pair) ?? 0;
      if (forced > 0) this.failures.set(pair, forced - 1);
      if (forced > 0 || !this.listedPairs.has(pair)) return { code: 2, message: `unknown currency pair: ${pair}` };
    }
    return undefined;
  }

  private pairsRequest(session: Session, { channel, event, payload }: GateioControlRequest): void {
    let pairs = session.pairs.get(channel);
    if (!pairs) session.pairs.set(channel, (pairs = new Set()));
    for (const pair of payload) {
      if (event === 'subscribe') pairs.add(pair);
      else pairs.delete(pair);
    }
  }

  private bookRequest(session: Session, { event, payload }: GateioControlRequest): void {
    const [pair, interval] = payload as [string, string];
    if (event === 'unsubscribe') {
      session.books.delete(pair);
      this.dropUnusedFeeds();
      return;
    }
    session.books.set(pair, interval);
    const state = this.byPair.get(pair);
    if (state && !state.feeds.has(interval)) state.feeds.set(interval, new WindowedDepth(state.market, BOOK_LEVELS[interval]!));
  }

  private sendWholeBook(session: Session, pair: string): void {
    const state = this.byPair.get(pair);
    const interval = session.books.get(pair);
    if (!state || interval === undefined) return;
    const level = BOOK_LEVELS[interval]!;
    const image = state.market.truth(level);
    const id = state.market.updateId;
    const now = Date.now();
    session.connection.send(updateFrame('spot.order_book_update', orderBookUpdateResult(pair, now, id, id, image.bids, image.asks, level, true, state.market.grid), now));
  }

  private dropUnusedFeeds(): void {
    for (const state of this.states.values()) {
      for (const interval of state.feeds.keys()) {
        if (![...this.sessions.values()].some((session) => session.books.get(state.pair) === interval)) state.feeds.delete(interval);
      }
    }
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    for (const feed of state.feeds.values()) feed.add(step);
    state.tickerDirty = true;
    const now = Date.now();
    for (const trade of step.trades) this.publish('spot.trades', state.pair, () => updateFrame('spot.trades', tradeResult(state.pair, trade), now));
    if (step.topChanged) {
      this.publish('spot.book_ticker', state.pair, () => updateFrame('spot.book_ticker', bookTickerResult(state.pair, now, step.updateId, state.market.top(), state.market.grid), now));
    }
  }

  private flushBooks(interval: string): void {
    for (const state of this.states.values()) {
      const feed = state.feeds.get(interval);
      if (!feed) continue;
      const whole = state.fullBook > 0;
      const update = feed.take(whole);
      if (!update) continue;
      if (state.skipBook > 0) {
        state.skipBook--;
        continue;
      }
      if (whole) state.fullBook--;
      const level = BOOK_LEVELS[interval]!;
      const now = Date.now();
      const { grid } = state.market;
      const result = whole
        ? orderBookUpdateResult(state.pair, now, update.first, update.last, update.image.bids, update.image.asks, level, true, grid)
        : orderBookUpdateResult(state.pair, now, update.first, update.last, update.bids, update.asks, level, false, grid);
      let text: string | undefined;
      for (const session of this.sessions.values()) {
        if (session.books.get(state.pair) === interval) session.connection.send((text ??= updateFrame('spot.order_book_update', result, now)));
      }
    }
  }

  private flushTickers(): void {
    const now = Date.now();
    for (const state of this.states.values()) {
      if (!state.tickerDirty) continue;
      state.tickerDirty = false;
      this.publish('spot.tickers', state.pair, () => updateFrame('spot.tickers', tickerResult(state.pair, state.market.stats(), state.market.grid), now));
    }
  }

  /** Sends the frame `build` makes (once) to every session subscribed to `channel` for `pair`. */
  private publish(channel: string, pair: string, build: () => string): void {
    let text: string | undefined;
    for (const session of this.sessions.values()) {
      if (session.pairs.get(channel)?.has(pair)) session.connection.send((text ??= build()));
    }
  }

  private answerRest(path: string, query: Readonly<Record<string, string>>): RestAnswer | undefined {
    if (path !== '/api/v4/spot/order_book' && path !== '/api/v4/spot/currency_pairs') return undefined;
    let window = this.restWindows.get(path);
    if (!window) this.restWindows.set(path, (window = new RateWindow(this.options.restRequestsPer10s, 10_000)));
    if (!window.hit()) return this.failure(429, 10_000);
    if (path === '/api/v4/spot/currency_pairs') {
      const listed = [...this.listedPairs].map((id) => {
        const state = this.byPair.get(id);
        const [base, quote] = id.split('_') as [string, string];
        return { id, base, quote, precision: state?.market.grid.priceDecimals ?? 2, amountPrecision: state?.market.grid.quantityDecimals ?? 4 };
      });
      return { status: 200, body: restCurrencyPairsBody(listed) };
    }
    const pair = query['currency_pair'] ?? '';
    if (!this.listedPairs.has(pair)) return { status: 400, body: restErrorBody('INVALID_CURRENCY_PAIR', `Invalid currency pair ${pair}`) };
    const limit = query['limit'] === undefined ? 10 : Number(query['limit']);
    if (!Number.isInteger(limit) || limit < 1) return { status: 400, body: restErrorBody('INVALID_PARAM_VALUE', `Invalid parameter limit with value: ${query['limit']}`) };
    const withId = query['with_id'] === 'true';
    const state = this.byPair.get(pair);
    const now = Date.now();
    if (!state) return { status: 200, body: restOrderBookBody(withId ? 1 : undefined, now, now, { bids: [], asks: [] }, { tickSize: 0.01, priceDecimals: 2, quantityDecimals: 4 }) };
    return { status: 200, body: restOrderBookBody(withId ? state.market.updateId : undefined, now, now, state.market.truth(limit), state.market.grid) };
  }

  private failure(status: number, resetInMs: number): RestAnswer {
    if (status !== 429) return { status, body: restErrorBody('SERVER_ERROR', 'Internal server error') };
    const now = Date.now();
    return {
      status: 429,
      body: restErrorBody('TOO_MANY_REQUESTS', 'Request Rate Limit Exceeded'),
      headers: { 'X-Gate-RateLimit-Requests-Remain': '0', 'X-Gate-RateLimit-Limit': String(this.options.restRequestsPer10s), 'X-Gate-RateLimit-Reset-Timestamp': String(now + resetInMs) },
    };
  }

  private trace(): string {
    return (++this.traces).toString(16).padStart(32, '0');
  }
}
