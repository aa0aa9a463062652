import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from '../harness/bounded-log';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { RateWindow } from '../harness/rate-window';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';
import { type RestAnswer, SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import type { TestConnection } from '../harness/test-connection';
import { type KucoinControlRequest, parseKucoinRequest } from './kucoin-control';
import { KucoinLevel2Feed } from './kucoin-level2-feed';
import { type KucoinSimulatorOptions, type ResolvedKucoinOptions, resolveKucoinOptions } from './kucoin-simulator-options';
import {
  bulletData,
  controlFrame,
  errorFrame,
  level2Data,
  matchData,
  messageFrame,
  orderBookData,
  restBody,
  restErrorBody,
  snapshotData,
  symbolInfo,
} from './kucoin-wire';

const CHANNELS = ['/market/level2', '/market/match', '/market/snapshot'];
/** Public REST weights (KuCoin's documented ones for these endpoints). */
const WEIGHTS: Readonly<Record<string, number>> = { bullet: 10, symbols: 4, level2_20: 2, level2_100: 4 };

/**
 * One incoming text message of the simulator, with receipt time (pings included).
 *
 * @example
 * ```ts
 * sim.requests.filter((r: KucoinRequestLogEntry) => r.text.includes('"subscribe"'));
 * ```
 */
export interface KucoinRequestLogEntry {
  readonly connection: number;
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly text: string;
}

interface SymbolState {
  readonly native: string;
  readonly base: string;
  readonly quote: string;
  readonly market: SimulatedMarket;
  readonly feed: KucoinLevel2Feed;
  skipBook: number;
  tickerDirty: boolean;
}

interface Session {
  readonly connection: TestConnection;
  readonly connectId: string;
  readonly token: string;
  /** channel → KuCoin symbols subscribed. */
  readonly topics: Map<string, Set<string>>;
  readonly uplink: RateWindow;
  /** When `welcome` was sent (hi-res epoch ms), `undefined` before. */
  welcomedAt: number | undefined;
  lastHeardAt: number;
}

/**
 * A local KuCoin spot market-data server speaking KuCoin's wire format: REST on `sim.restUrl` —
 * `POST /api/v1/bullet-public` (a token and one instance server, this simulator's WebSocket endpoint),
 * `GET /api/v2/symbols`, `GET /api/v1/market/orderbook/level2_20|level2_100` — and the WebSocket
 * endpoint (`ws://127.0.0.1:PORT/?token=…&connectId=…`): a connection with a token it issued gets
 * `{"id":<connectId>,"type":"welcome"}`, answers `ping` with `pong` and (un)subscriptions with `ack`,
 * and pushes `/market/level2` (changes `[price, size, sequence]` since the previous push, `sequenceStart`
 * = previous `sequenceEnd` + 1, every trade taking a sequence too), `/market/match` and `/market/snapshot`
 * (every 2 s, when the market moved). A topic names up to 100 symbols (`/market/match:A,B`).
 * Limits as documented: 100 topics per connection and 100 symbols per request (`509`), 100 messages
 * per 10 s (`509 exceed max permits per 10 seconds`, then the connection is dropped), a connection
 * silent for 60 s is closed, REST weight 2000 per 30 s (then HTTP 429 `429000` with `gw-ratelimit-*`).
 *
 * Faults: {@link dropConnections}, {@link goSilent}/{@link resumeSending}, {@link closeAll},
 * {@link sendMalformed}, {@link skipBookUpdate} (a sequence break), {@link expireTokens} (every token
 * issued so far expires: open connections get `401 token is expired` and are closed; a connection
 * presenting such a token is refused the same way), {@link refuseSymbol} / {@link failNextSubscription}
 * (a subscription naming the symbol is refused whole: `404 topic … is not found`), {@link failRest},
 * {@link setRestLatency}; unknown symbols and topics are refused like on KuCoin.
 *
 * Documented choices where KuCoin is silent: a refused token gets the 401 error and a normal close
 * (1000); a request naming one unknown symbol is refused whole; malformed requests get code 400.
 *
 * @example
 * ```ts
 * const sim = await KucoinSimulator.start({ symbols: ['BTC/USDT'], seed: 7 });
 * const kc = kucoin({ restUrl: sim.restUrl });
 * kc.book('BTC/USDT').subscribe(console.log);
 * sim.truth('BTC/USDT', 50); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class KucoinSimulator extends ExchangeSimulator<Session, SymbolState, ResolvedKucoinOptions> {
  /** Every incoming text message. */
  readonly requests: KucoinRequestLogEntry[] = [];
  private readonly rest: SimulatorRest;
  private readonly byNative = new Map<string, SymbolState>();
  private readonly listed = new Map<string, { base: string; quote: string }>();
  private readonly tokens = new Map<string, 'valid' | 'expired'>();
  private readonly refused = new Set<string>();
  private readonly failNext = new Map<string, number>();
  private readonly restWeight: RateWindow;
  private readonly welcomes = new Set<ReturnType<typeof setTimeout>>();
  private issued = 0;

  private constructor(options: ResolvedKucoinOptions) {
    super(options, (symbol, market) => {
      const [base, quote] = symbol.split('/') as [string, string];
      return { native: `${base}-${quote}`, base, quote, market, feed: new KucoinLevel2Feed(market.updateId * 4), skipBook: 0, tickerDirty: true };
    });
    for (const state of this.states.values()) this.byNative.set(state.native, state);
    for (const symbol of [...options.symbols, ...options.listedSymbols]) {
      const [base, quote] = symbol.split('/') as [string, string];
      this.listed.set(`${base}-${quote}`, { base, quote });
    }
    this.rest = new SimulatorRest((path, query, method) => this.answerRest(path, query, method), { status: 404, body: restErrorBody('404000', 'Url Not Found') });
    this.rest.latencyMs = options.restLatencyMs;
    this.restWeight = new RateWindow(options.restWeightPer30s, 30_000);
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: KucoinSimulatorOptions = {}): Promise<KucoinSimulator> {
    const sim = new KucoinSimulator(resolveKucoinOptions(options));
    const o = sim.options;
    return sim.listen({ onHttpRequest: (request, response) => sim.rest.handle(request, response) }, [
      [o.bookIntervalMs, () => sim.flushBooks()],
      [o.tickerIntervalMs, () => sim.flushTickers()],
      [1000, () => sim.closeIdle()],
    ]);
  }

  /** The WebSocket endpoint the token answers name, `ws://127.0.0.1:PORT/` (a client adds `?token=…&connectId=…`). */
  override get wsUrl(): string {
    return `${super.wsUrl}/`;
  }

  /** REST base URL, `http://127.0.0.1:PORT` (the client adds `/api/…`): pass it as `restUrl`. */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** Tokens issued by `POST /api/v1/bullet-public` so far. */
  get tokensIssued(): number {
    return this.issued;
  }

  /** The level-2 sequence of `symbol` now (what a REST snapshot returns as `sequence`). */
  sequence(symbol: string): number {
    return this.state(symbol).feed.sequence;
  }

  /** Topics a connection holds, e.g. `/market/level2:BTC-USDT`. */
  subscriptions(target: TestConnection | number): string[] {
    const session = this.sessionsFor(target)[0];
    if (!session) return [];
    return [...session.topics].flatMap(([channel, symbols]) => [...symbols].map((symbol) => `${channel}:${symbol}`));
  }

  /** When `welcome` was sent on a connection (hi-res epoch ms), `undefined` before or when refused. */
  welcomedAt(target: TestConnection | number): number | undefined {
    return this.sessionsFor(target)[0]?.welcomedAt;
  }

  /** Pushes pending book updates and (changed) tickers now. */
  flush(): void {
    this.flushBooks();
    this.flushTickers();
  }

  /**
   * Sends a broken `/market/level2` frame about `symbol`: `invalid-json` (cut short) or `schema`
   * (valid JSON, wrong types in `data`).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: SimulatorTarget): void {
    const topic = `/market/level2:${this.state(symbol).native}`;
    const frame =
      kind === 'schema'
        ? messageFrame(topic, 'trade.l2update', { changes: { asks: 'none', bids: [[1, 2, 3]] }, sequenceEnd: 'later', sequenceStart: null, symbol: 1, time: 'now' })
        : `{"topic":"${topic}","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[["1`;
    for (const session of this.sessionsFor(target)) session.connection.sendRaw(frame);
  }

  /** The next `count` `/market/level2` pushes of `symbol` are not sent: a sequence break. */
  skipBookUpdate(symbol: string, count = 1): void {
    this.state(symbol).skipBook += count;
  }

  /**
   * Every token issued so far expires: each open connection gets `{"type":"error","code":401,"data":"token is expired"}`
   * and is closed (1000), and a connection presenting such a token is refused the same way. Tokens
   * issued afterwards are valid.
   */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 'expired');
    for (const session of this.sessionsFor(undefined)) this.refuse(session.connection, session.connectId, 'token is expired');
  }

  /** Every subscription naming `symbol` is refused whole (`404 topic … is not found`), like a delisted symbol, until {@link acceptSymbol}. */
  refuseSymbol(symbol: string): void {
    this.refused.add(symbol.replace('/', '-'));
  }

  /** Ends {@link refuseSymbol}. */
  acceptSymbol(symbol: string): void {
    this.refused.delete(symbol.replace('/', '-'));
  }

  /** The next `count` subscriptions naming `symbol` are refused whole (`404`). */
  failNextSubscription(symbol: string, count = 1): void {
    const native = symbol.replace('/', '-');
    this.failNext.set(native, (this.failNext.get(native) ?? 0) + count);
  }

  /**
   * The next `times` REST requests fail: 429 (`429000`, with `gw-ratelimit-*` headers, reset in
   * `resetInMs`) or a 5xx.
   */
  failRest(status: 429 | 500 | 502 = 429, times = 1, resetInMs = 1000): void {
    this.rest.failNext(() => this.failure(status, resetInMs), times);
  }

  /** Delay of every REST response from now on, in ms. */
  setRestLatency(ms: number): void {
    this.rest.latencyMs = ms;
  }

  protected override findState(symbol: string): SymbolState | undefined {
    return this.states.get(symbol) ?? this.byNative.get(symbol);
  }

  protected override release(): void {
    this.rest.stop();
    for (const timer of this.welcomes) clearTimeout(timer);
    this.welcomes.clear();
  }

  protected accept(connection: TestConnection): void {
    const url = new URL(connection.url, 'http://127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    const connectId = url.searchParams.get('connectId') ?? '';
    if (url.pathname !== '/') {
      connection.drop();
      return;
    }
    const tokenState = this.tokens.get(token);
    if (tokenState !== 'valid') {
      this.refuse(connection, connectId, tokenState === 'expired' ? 'token is expired' : 'token is invalid');
      return;
    }
    const session: Session = { connection, connectId, token, topics: new Map(), uplink: new RateWindow(this.options.messagesPer10s, 10_000), welcomedAt: undefined, lastHeardAt: Date.now() };
    this.track(session);
    connection.onText((text) => this.onText(session, text));
    const welcome = (): void => {
      if (connection.send(controlFrame('welcome', connectId))) session.welcomedAt = hiResNow();
    };
    if (this.options.welcomeDelayMs <= 0) {
      welcome();
      return;
    }
    const timer = setTimeout(() => {
      this.welcomes.delete(timer);
      welcome();
    }, this.options.welcomeDelayMs);
    this.welcomes.add(timer);
    connection.onClose(() => {
      clearTimeout(timer);
      this.welcomes.delete(timer);
    });
  }

  /** The 401 answer to a token the server does not accept, then a normal close. */
  private refuse(connection: TestConnection, connectId: string, reason: string): void {
    connection.send(errorFrame(connectId === '' ? undefined : connectId, 401, reason));
    connection.close(1000, reason);
  }

  private onText(session: Session, text: string): void {
    const { connection } = session;
    session.lastHeardAt = Date.now();
    appendBounded(this.requests, { connection: connection.id, at: hiResNow(), text });
    const parsed = parseKucoinRequest(text);
    if (!session.uplink.hit()) {
      connection.send(errorFrame(parsed.ok ? parsed.request.id : parsed.id, 509, 'exceed max permits per 10 seconds'));
      connection.drop();
      return;
    }
    if (!parsed.ok) {
      connection.send(errorFrame(parsed.id, parsed.code, parsed.message));
      return;
    }
    const { request } = parsed;
    if (request.type === 'ping') {
      connection.send(controlFrame('pong', request.id));
      return;
    }
    const refusal = this.subscription(session, request);
    if (refusal) connection.send(errorFrame(request.id, refusal.code, refusal.message));
    else if (request.response) connection.send(controlFrame('ack', request.id));
  }

  /** Applies an (un)subscription; the error to answer with when it is refused (as a whole). */
  private subscription(session: Session, { type, topic }: KucoinControlRequest): { code: number; message: string } | undefined {
    const colon = topic.indexOf(':');
    const channel = colon < 0 ? topic : topic.slice(0, colon);
    const symbols = colon < 0 ? [] : topic.slice(colon + 1).split(',');
    if (!CHANNELS.includes(channel) || symbols.length === 0 || symbols.includes('')) return { code: 404, message: 'topic does not exist' };
    const held = session.topics.get(channel) ?? new Set<string>();
    if (type === 'unsubscribe') {
      for (const symbol of symbols) held.delete(symbol);
      return undefined;
    }
    if (symbols.length > 100) return { code: 509, message: 'exceed max subscription count limitation of 100 per time' };
    const unknown = symbols.find((symbol) => !this.listed.has(symbol) || this.refused.has(symbol) || this.takeFailure(symbol));
    if (unknown !== undefined) return { code: 404, message: `topic ${channel}:${unknown} is not found` };
    const total = [...session.topics.values()].reduce((sum, set) => sum + set.size, 0);
    const added = symbols.filter((symbol) => !held.has(symbol)).length;
    if (total + added > this.options.topicsPerConnection) return { code: 509, message: `exceed max subscription count limitation of ${this.options.topicsPerConnection} per session` };
    for (const symbol of symbols) held.add(symbol);
    session.topics.set(channel, held);
    return undefined;
  }

  private takeFailure(symbol: string): boolean {
    const remaining = this.failNext.get(symbol) ?? 0;
    if (remaining <= 0) return false;
    if (remaining === 1) this.failNext.delete(symbol);
    else this.failNext.set(symbol, remaining - 1);
    return true;
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    state.feed.record(step);
    state.tickerDirty = true;
    const firstTrade = state.feed.sequence - step.trades.length + 1;
    step.trades.forEach((trade, i) => {
      this.publish('/market/match', state.native, () => messageFrame(`/market/match:${state.native}`, 'trade.l3match', matchData(state.native, trade, firstTrade + i, state.market.grid)));
    });
  }

  private flushBooks(): void {
    for (const state of this.states.values()) {
      const push = state.feed.take();
      if (!push) continue;
      if (state.skipBook > 0) {
        state.skipBook--;
        continue;
      }
      const data = (): object => level2Data(state.native, push.start, push.end, push.asks, push.bids, Date.now(), state.market.grid);
      this.publish('/market/level2', state.native, () => messageFrame(`/market/level2:${state.native}`, 'trade.l2update', data()));
    }
  }

  private flushTickers(): void {
    for (const state of this.states.values()) {
      if (!state.tickerDirty) continue;
      state.tickerDirty = false;
      const data = (): object => snapshotData(state.native, state.base, state.quote, state.market.stats(), state.feed.sequence, state.market.grid);
      this.publish('/market/snapshot', state.native, () => messageFrame(`/market/snapshot:${state.native}`, 'trade.snapshot', data()));
    }
  }

  /** Closes connections that sent nothing (not even a ping) for `idleTimeoutMs`. */
  private closeIdle(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (!session.connection.isSilent && now - session.lastHeardAt > this.options.idleTimeoutMs) session.connection.drop();
    }
  }

  /** Sends the frame `build` makes (once) to every greeted session holding `channel` for `symbol`. */
  private publish(channel: string, symbol: string, build: () => string): void {
    let text: string | undefined;
    for (const session of this.sessions.values()) {
      if (session.welcomedAt !== undefined && session.topics.get(channel)?.has(symbol)) session.connection.send((text ??= build()));
    }
  }

  private answerRest(path: string, query: Readonly<Record<string, string>>, method: string): RestAnswer | undefined {
    const level = /^\/api\/v1\/market\/orderbook\/(level2_20|level2_100)$/.exec(path)?.[1];
    const endpoint = path === '/api/v1/bullet-public' && method === 'POST' ? 'bullet' : path === '/api/v2/symbols' && method === 'GET' ? 'symbols' : level;
    if (endpoint === undefined) return undefined;
    let allowed = true;
    for (let i = 0; i < WEIGHTS[endpoint]!; i++) allowed = this.restWeight.hit() && allowed;
    if (!allowed) return this.failure(429, 30_000);
    if (endpoint === 'bullet') {
      const token = `${(++this.issued).toString(36)}.${this.options.seed.toString(36)}${Math.floor(Date.now()).toString(36)}`;
      this.tokens.set(token, 'valid');
      return { status: 200, body: restBody(bulletData(token, this.wsUrl, this.options.pingIntervalMs, this.options.pingTimeoutMs)) };
    }
    if (endpoint === 'symbols') {
      const grid = { tickSize: 0.01, priceDecimals: 2, quantityDecimals: 4 };
      const list = [...this.listed].map(([symbol, { base, quote }]) => symbolInfo({ symbol, base, quote, grid: this.byNative.get(symbol)?.market.grid ?? grid }));
      return { status: 200, body: restBody(list) };
    }
    const symbol = query['symbol'] ?? '';
    if (!this.listed.has(symbol)) return { status: 400, body: restErrorBody('900001', 'Trading pair does not exist') };
    const state = this.byNative.get(symbol);
    const depth = level === 'level2_20' ? 20 : 100;
    const image = state ? state.market.truth(depth) : { bids: [], asks: [] };
    const grid = state?.market.grid ?? { tickSize: 0.01, priceDecimals: 2, quantityDecimals: 4 };
    return { status: 200, body: restBody(orderBookData(state?.feed.sequence ?? 1, Date.now(), image, grid)) };
  }

  private failure(status: number, resetInMs: number): RestAnswer {
    if (status !== 429) return { status, body: restErrorBody('500000', 'Internal Server Error') };
    return {
      status: 429,
      body: restErrorBody('429000', 'Too Many Requests'),
      headers: { 'gw-ratelimit-limit': String(this.options.restWeightPer30s), 'gw-ratelimit-remaining': '0', 'gw-ratelimit-reset': String(resetInMs) },
    };
  }
}
