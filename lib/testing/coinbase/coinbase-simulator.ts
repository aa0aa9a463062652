import { hiResNow } from '../../socket/hi-res-scheduler';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import type { MarketStep, SimulatedMarket, SimulatedTrade } from '../harness/simulated-market';
import type { TestConnection } from '../harness/test-connection';
import { type CoinbaseChannelName, type CoinbaseControlRequest, parseCoinbaseControl } from './coinbase-control';
import { CoinbaseProductTable } from './coinbase-product-table';
import { type CoinbaseRestLogEntry, coinbaseRest } from './coinbase-rest';
import { CoinbaseSimSession } from './coinbase-session';
import { type CoinbaseSimulatorOptions, type ResolvedCoinbaseOptions, resolveCoinbaseOptions } from './coinbase-simulator-options';
import {
  coinbaseEventTime,
  coinbaseFrame,
  coinbaseTimestamp,
  errorMessage,
  heartbeatEvent,
  level2Event,
  subscriptionsEvent,
  tickerEvent,
  tickerItem,
  tradeItem,
  tradesEvent,
  wireLevels,
  type YearRange,
} from './coinbase-wire';
import { appendBounded } from '../harness/bounded-log';

/**
 * One incoming control message, with receipt time.
 *
 * @example
 * ```ts
 * const first = sim.controlLog.find((e: CoinbaseControlLogEntry) => e.connection === 1);
 * ```
 */
export interface CoinbaseControlLogEntry {
  /** `TestConnection.id` of the sender. */
  readonly connection: number;
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  /** Milliseconds since the connection opened. */
  readonly sinceOpen: number;
  readonly text: string;
}

/**
 * A connection or channel the simulator closed on its own: `idle` (nothing subscribed within the
 * deadline; the connection is closed) or `quiet` (a channel that sent nothing for too long, without
 * `heartbeats`; the channel is dropped silently).
 *
 * @example
 * ```ts
 * expect(sim.closures.filter((c: CoinbaseClosure) => c.kind === 'quiet')).toEqual([]);
 * ```
 */
export interface CoinbaseClosure {
  readonly kind: 'idle' | 'quiet';
  readonly connection: number;
  readonly channel?: string;
}

/**
 * Which connection(s) a fault applies to: one (`TestConnection` or its id) or, when omitted, all.
 *
 * @example
 * ```ts
 * sim.dropNextFrame('l2_data', 1);
 * ```
 */
export type CoinbaseTarget = SimulatorTarget;

interface ProductState {
  readonly unified: string;
  readonly product: string;
  readonly market: SimulatedMarket;
  readonly year: YearRange;
  /** Newest first. */
  readonly recent: SimulatedTrade[];
}

const WIRE_CHANNEL: Readonly<Record<string, string>> = { level2: 'l2_data' };
const UNSIMULATED_PRODUCTLESS = new Set(['status']);


/**
 * A local Coinbase Advanced Trade market-data server speaking the exact message formats of the real
 * capture (`{channel, timestamp, sequence_num, events}`, `l2_data` snapshots/updates with `bid`/`offer`,
 * `ticker`, `market_trades` with the maker's side, `heartbeats`, `subscriptions`), on one seeded
 * {@link SimulatedMarket} per product whose ground truth tests compare against.
 *
 * Coinbase's rules it enforces: one channel per (un)subscribe message; a connection with nothing
 * subscribed for `subscribeDeadlineMs` (5 s) is closed (code 1008); a channel that sent nothing for
 * `quietChannelTimeoutMs` (60 s) is closed server-side, silently, unless the connection subscribes to
 * `heartbeats`; `sequence_num` counts every message of a connection; more than 8 messages per second
 * are refused; a message naming an unknown or delisted product is refused whole. USDC products are
 * served under their USD product, as on Coinbase ("Other channels will return the same data as the
 * corresponding -USD based products"): subscribing `BTC-USDC` yields `BTC-USD` frames (option
 * `aliases`). REST: `GET /api/v3/brokerage/market/products` at {@link restUrl} lists every product
 * (served ones, their aliases, delisted ones) in the real capture's shape. Faults: dropped connection,
 * half-open socket, malformed frame, lost message (a `sequence_num` gap), server close, error
 * replies, a product delisted while clients use it ({@link delist}). Choices where Coinbase's docs
 * are silent: error texts (`failure to subscribe`, `failure to parse message`, `rate limit
 * exceeded`), the close code of an idle connection, that a frame of a served product goes once to a
 * connection subscribed to it through several aliases, and `candles`/`status`/`ticker_batch` being
 * accepted but not simulated.
 *
 * Notes:
 * - Any WebSocket path is served; symbols may be given as `BTC/USD` or `BTC-USD`.
 * - {@link step} sends everything it produces at once; heartbeats go on while {@link pause}d.
 * - Messages not sent during {@link goSilent} still take their `sequence_num`, so after
 *   {@link resumeSending} the next message shows a gap.
 *
 * @example
 * ```ts
 * const sim = await CoinbaseSimulator.start({ symbols: ['BTC/USD'], seed: 7 });
 * const cb = coinbase({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }); // restUrl: the products list
 * const socket = new WebSocket(sim.wsUrl);
 * socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'level2' })));
 * sim.truth('BTC/USD', 10); // what a correct local book must show
 * await sim.stop();
 * ```
 */
export class CoinbaseSimulator extends ExchangeSimulator<CoinbaseSimSession, ProductState, ResolvedCoinbaseOptions> {
  /** Every incoming text message, with receipt time. */
  readonly controlLog: CoinbaseControlLogEntry[] = [];
  /** Connections and channels the server closed on its own. */
  readonly closures: CoinbaseClosure[] = [];
  private readonly startedAt = hiResNow();
  private heartbeatCounter = 0;
  /** Served products, their aliases, delisted ones. */
  private readonly products: CoinbaseProductTable<ProductState>;
  private readonly rest = coinbaseRest(() => this.products.listed());

  private constructor(options: ResolvedCoinbaseOptions) {
    super(
      options,
      (unified, market) => {
        const stats = market.stats();
        const tick = market.grid.tickSize;
        const year = { low: Math.max(tick, Number((stats.low * 0.85).toFixed(market.grid.priceDecimals))), high: Number((stats.high * 1.6).toFixed(market.grid.priceDecimals)) };
        return { unified, product: coinbaseProductId(unified), market, year, recent: [] };
      },
      coinbaseProductId,
    );
    this.products = new CoinbaseProductTable(this.states, options.aliases);
  }

  /** Starts the server on an ephemeral 127.0.0.1 port. */
  static async start(options: CoinbaseSimulatorOptions = {}): Promise<CoinbaseSimulator> {
    const sim = new CoinbaseSimulator(resolveCoinbaseOptions(options));
    const o = sim.options;
    const heartbeat = o.serverPingIntervalMs > 0 ? { intervalMs: o.serverPingIntervalMs, timeoutMs: 3 * o.serverPingIntervalMs } : undefined;
    return sim.listen({ heartbeat, onHttpRequest: (request, response) => sim.rest.handle(request, response) }, [
      [o.heartbeatIntervalMs, () => sim.sendHeartbeats()],
      [Math.max(5, Math.min(1000, o.quietChannelTimeoutMs / 4)), () => sim.closeQuietChannels()],
    ]);
  }

  /** REST base URL (`http://127.0.0.1:PORT`): pass it as the client's `restUrl` (the products list). */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request received. */
  get restLog(): readonly CoinbaseRestLogEntry[] {
    return this.rest.log;
  }

  /**
   * Delists a product after clients may have checked it (`BTC/USD` or `BTC-USD`; delisting a served
   * product delists its aliases too): the products list shows it `delisted` with `trading_disabled`,
   * every (un)subscribe message naming it is refused WHOLE with `failure to subscribe` (the other
   * products of the message too), and it sends nothing more.
   */
  delist(symbol: string): void {
    if (!this.products.delist(symbol.includes('/') ? coinbaseProductId(symbol) : symbol)) this.state(symbol); // throws, naming the simulated symbols
  }

  /** Heartbeat ticks since start (each goes to every connection subscribed to `heartbeats`). */
  get heartbeatCount(): number {
    return this.heartbeatCounter;
  }

  /** Subscriptions of a connection, as the `subscriptions` channel reports them. */
  subscriptions(connection: TestConnection | number): Record<string, string[]> {
    return this.sessionsFor(connection)[0]?.report() ?? {};
  }

  /** The next message of `wireChannel` (e.g. `l2_data`; default: any) is lost: a `sequence_num` gap. */
  dropNextFrame(wireChannel = '*', target?: CoinbaseTarget): void {
    for (const session of this.sessionsFor(target)) session.dropNext(wireChannel);
  }

  /**
   * Sends a broken message that takes the next `sequence_num`: `invalid-json` (a truncated `l2_data`
   * frame) or `schema` (a well-formed envelope whose `l2_data` update has wrong types) for `symbol`
   * (default: the connection's first `level2` product, else the first simulated one).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', target?: CoinbaseTarget, symbol?: string): void {
    for (const session of this.sessionsFor(target)) {
      const product = symbol ? this.state(symbol).product : ([...(session.channels.get('level2') ?? [])][0] ?? this.states.keys().next().value!);
      const sequence = session.sequence++;
      const head = coinbaseFrame('l2_data', coinbaseTimestamp(hiResNow()), sequence, '');
      const events = [{ type: 'update', product_id: product, updates: [{ side: 'sideways', event_time: 42, price_level: null, new_quantity: 'lots' }] }];
      session.connection.sendRaw(kind === 'schema' ? coinbaseFrame('l2_data', coinbaseTimestamp(hiResNow()), sequence, JSON.stringify(events)) : `${head.slice(0, -1)}[{"type":"upd`);
    }
  }

  /** Sends `{"type":"error","message":…}`. */
  sendError(message: string, target?: CoinbaseTarget): void {
    for (const session of this.sessionsFor(target)) session.connection.send(errorMessage(message));
  }

  protected override release(): void {
    for (const session of this.sessions.values()) clearTimeout(session.deadline);
  }

  /** Accepts `BTC/USD` and `BTC-USD`; an alias (`BTC/USDC`) finds the product serving it. */
  protected override findState(symbol: string): ProductState | undefined {
    return this.products.find(symbol.includes('/') ? coinbaseProductId(symbol) : symbol);
  }

  protected accept(connection: TestConnection): void {
    const session = new CoinbaseSimSession(connection, this.options.maxMessagesPerSecond);
    this.track(session);
    this.armDeadline(session);
    connection.onClose(() => clearTimeout(session.deadline));
    connection.onText((text) => {
      const at = hiResNow();
      appendBounded(this.controlLog, { connection: connection.id, at, sinceOpen: Date.now() - connection.openedAt, text });
      if (!session.rate.hit()) {
        connection.send(errorMessage('rate limit exceeded'));
        return;
      }
      const parsed = parseCoinbaseControl(text);
      if (!parsed.ok) {
        connection.send(errorMessage(parsed.message));
        return;
      }
      this.execute(session, parsed.request);
    });
  }

  /** Closes the connection if it still has nothing subscribed after the deadline. */
  private armDeadline(session: CoinbaseSimSession): void {
    clearTimeout(session.deadline);
    session.deadline = setTimeout(() => {
      session.deadline = undefined;
      if (session.hasSubscriptions || !session.connection.isOpen) return;
      appendBounded(this.closures, { kind: 'idle', connection: session.connection.id });
      session.connection.close(1008, `no subscription within ${this.options.subscribeDeadlineMs} ms`);
    }, this.options.subscribeDeadlineMs);
  }

  private execute(session: CoinbaseSimSession, request: CoinbaseControlRequest): void {
    const { channel, productIds } = request;
    if (productIds.some((product) => this.products.serving(product) === undefined)) {
      session.connection.send(errorMessage('failure to subscribe')); // the whole message, healthy products too
      return;
    }
    const at = hiResNow();
    if (request.type === 'subscribe') {
      session.subscribe(channel, productIds, at);
      clearTimeout(session.deadline);
      session.deadline = undefined;
      for (const product of productIds) this.sendSnapshot(session, channel, this.products.serving(product)!);
    } else {
      session.unsubscribe(channel, UNSIMULATED_PRODUCTLESS.has(channel) ? [] : productIds);
      if (!session.hasSubscriptions) this.armDeadline(session);
    }
    this.send(session, 'subscriptions', undefined, JSON.stringify([subscriptionsEvent(session.report())]));
  }

  private sendSnapshot(session: CoinbaseSimSession, channel: CoinbaseChannelName, state: ProductState): void {
    const { market, product } = state;
    const { priceDecimals, quantityDecimals } = market.grid;
    switch (channel) {
      case 'level2': {
        const { bids, asks } = market.truth();
        const eventTime = coinbaseEventTime(hiResNow());
        const updates = [...wireLevels('bid', bids, eventTime, priceDecimals, quantityDecimals), ...wireLevels('offer', asks, eventTime, priceDecimals, quantityDecimals)];
        this.send(session, 'l2_data', channel, JSON.stringify([level2Event('snapshot', product, updates)]));
        return;
      }
      case 'ticker':
        this.send(session, 'ticker', channel, JSON.stringify([tickerEvent('snapshot', [tickerItem(product, market.stats(), state.year, priceDecimals, quantityDecimals)])]));
        return;
      case 'market_trades': {
        const trades = state.recent.map((trade) => tradeItem(product, trade, priceDecimals, quantityDecimals));
        this.send(session, 'market_trades', channel, JSON.stringify([tradesEvent('snapshot', trades)]));
        return;
      }
      default:
        return; // heartbeats start with the next beat; candles, status and ticker_batch are not simulated
    }
  }

  /** Sends one message on `wireChannel` (its envelope takes the session's next `sequence_num`). */
  private send(session: CoinbaseSimSession, wireChannel: string, channel: CoinbaseChannelName | undefined, eventsJson: string): void {
    const sequence = session.sequence++;
    if (session.takeDrop(wireChannel)) return;
    const at = hiResNow();
    session.connection.send(coinbaseFrame(wireChannel, coinbaseTimestamp(at), sequence, eventsJson));
    session.sent(channel, at);
  }

  /** Sends `eventsJson` (of served `product`) once to every session subscribed to `channel` for it or one of its aliases. */
  private publish(channel: CoinbaseChannelName, product: string, eventsJson: string): void {
    if (this.products.isDelisted(product)) return;
    const wireChannel = WIRE_CHANNEL[channel] ?? channel;
    const aliases = this.products.liveAliasesOf(product);
    for (const session of this.sessions.values()) {
      if (session.isSubscribed(channel, product) || (aliases !== undefined && aliases.some((alias) => session.isSubscribed(channel, alias)))) {
        this.send(session, wireChannel, channel, eventsJson);
      }
    }
  }

  protected publishStep(state: ProductState, step: MarketStep): void {
    const { market, product } = state;
    const { priceDecimals, quantityDecimals } = market.grid;
    const eventTime = coinbaseEventTime(step.timestamp);
    const bids = step.changes.filter((c) => c.side === 'bid').map((c) => [c.price, c.quantity] as const);
    const asks = step.changes.filter((c) => c.side === 'ask').map((c) => [c.price, c.quantity] as const);
    const updates = [...wireLevels('bid', bids, eventTime, priceDecimals, quantityDecimals), ...wireLevels('offer', asks, eventTime, priceDecimals, quantityDecimals)];
    this.publish('level2', product, JSON.stringify([level2Event('update', product, updates)]));
    if (step.trades.length > 0) {
      const newestFirst = [...step.trades].reverse();
      state.recent.unshift(...newestFirst);
      state.recent.length = Math.min(state.recent.length, this.options.recentTrades);
      this.publish('market_trades', product, JSON.stringify([tradesEvent('update', newestFirst.map((t) => tradeItem(product, t, priceDecimals, quantityDecimals)))]));
    }
    if (step.topChanged || step.trades.length > 0) {
      this.publish('ticker', product, JSON.stringify([tickerEvent('update', [tickerItem(product, market.stats(), state.year, priceDecimals, quantityDecimals)])]));
    }
  }

  private sendHeartbeats(): void {
    const at = hiResNow();
    const counter = ++this.heartbeatCounter;
    const eventsJson = JSON.stringify([heartbeatEvent(at, (at - this.startedAt) / 1000, counter)]);
    for (const session of this.sessions.values()) {
      if (session.channels.has('heartbeats')) this.send(session, 'heartbeats', 'heartbeats', eventsJson);
    }
  }

  private closeQuietChannels(): void {
    const at = hiResNow();
    for (const session of this.sessions.values()) {
      if (session.channels.has('heartbeats')) continue;
      for (const channel of session.quietChannels(at, this.options.quietChannelTimeoutMs)) {
        session.closeChannel(channel);
        appendBounded(this.closures, { kind: 'quiet', connection: session.connection.id, channel });
      }
      if (!session.hasSubscriptions && session.deadline === undefined) this.armDeadline(session);
    }
  }
}

/** `BTC/USD` → `BTC-USD`. */
function coinbaseProductId(unified: string): string {
  return unified.replace('/', '-');
}
