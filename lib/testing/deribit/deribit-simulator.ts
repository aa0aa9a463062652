import { appendBounded } from '../harness/bounded-log';
import { CreditPool } from '../harness/credit-pool';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { roundTo } from '../harness/price-grid';
import { SimulatedDerivative } from '../harness/simulated-derivative';
import type { MarketStep, SimulatedMarket, SimulatedTrade } from '../harness/simulated-market';
import { type RestAnswer, SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import type { TestConnection } from '../harness/test-connection';
import { DeribitBookFeed } from './deribit-book-feed';
import { type DeribitSimulatorOptions, type ResolvedDeribitOptions, resolveDeribitOptions } from './deribit-simulator-options';
import { bookNotification, type DeribitListing, deribitListing, errorMessage, heartbeatMessage, instrumentEntry, notification, resultMessage } from './deribit-wire';

const PATH = '/ws/api/v2';
const MAX_REQUEST_BYTES = 32_768;
const VERSION = '1.2.26';
/** Deribit's credits: subscriptions cost 3 000 of a 30 000 pool, other requests 500 of 50 000; both refill 10 000 a second. */
const SUBSCRIBE_COST = 3_000;
const REQUEST_COST = 500;

/**
 * One incoming text message of the simulator, with receipt time.
 *
 * @example
 * ```ts
 * sim.requests.filter((r: DeribitRequestLogEntry) => r.message?.method === 'public/test').length;
 * ```
 */
export interface DeribitRequestLogEntry {
  readonly connection: number;
  readonly at: number;
  readonly text: string;
  /** The parsed message, `undefined` if it was not JSON. */
  readonly message?: any;
}

interface SymbolState {
  readonly symbol: string;
  readonly market: SimulatedMarket;
  readonly listing: DeribitListing;
  readonly feed: DeribitBookFeed;
  readonly derivative: SimulatedDerivative;
  funding8h: number;
  funding: number | undefined;
  tradeSeq: number;
  lastTradePrice: number;
  refusals: number;
  /** Book notifications still to lose on the way (a `change_id` break). */
  skip: number;
}

interface Session {
  readonly connection: TestConnection;
  readonly channels: Set<string>;
  /** Heartbeat interval in ms (0: off), when the last one was sent, and whether its test_request is unanswered. */
  heartbeatMs: number;
  beatAt: number;
  testPending: boolean;
}

const CHANNEL = /^(book|ticker|trades)\.([^.]+)\.100ms$/;

/**
 * A local Deribit market-data server: JSON-RPC 2.0 on `ws://127.0.0.1:PORT/ws/api/v2` (pass
 * `sim.wsUrl` as `wsUrl`) and `GET /api/v2/public/get_instruments` (pass `sim.restUrl`), in Deribit's
 * wire format as its docs give it. `public/subscribe` / `public/unsubscribe` answer with the channels
 * done (an unknown instrument, kind or interval is left out, as Deribit does); `book.{instrument}.100ms`
 * sends a `snapshot` (every level `new`) then `change`s chained by `prev_change_id` with `new` /
 * `change` / `delete` levels, shared by every subscriber; `ticker.{instrument}.100ms` (best bid/ask,
 * last, mark, index, funding of perpetuals, open interest, 24 h `stats`) and `trades.{instrument}.100ms`
 * each market step. `public/set_heartbeat` (interval ≥ 10 s) turns on a `heartbeat` and a
 * `test_request` every interval; a connection that has not answered the previous `test_request`
 * with `public/test` is closed (1000, `test_request not answered`). Limits: requests over 32 KB are
 * refused (`-32600 request entity too large`); with `enforceCredits`, subscriptions cost 3 000 credits
 * of a 30 000 pool and other requests 500 of 50 000, both refilled at 10 000 a second, shared by all
 * connections; a request without credits gets `10028 too_many_requests` and its connection is
 * closed (1000). Each symbol is a seeded `SimulatedMarket` whose ground truth tests compare against.
 *
 * Faults: {@link skipChange} (a `change_id` break), {@link sendBadAction} (a `delete` of a missing
 * level, a `change` of one, a `new` of an existing one), {@link sendMalformed},
 * {@link failNextSubscription}, {@link failRest}, {@link setFunding}, and the shared
 * {@link dropConnections}, {@link goSilent}/{@link resumeSending} (heartbeats are suspended while
 * silent), {@link closeAll}.
 *
 * @example
 * ```ts
 * const sim = await DeribitSimulator.start({ symbols: ['BTC/USD:BTC', 'ETH/USD:ETH'], seed: 7 });
 * const db = deribit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * db.book('BTC/USD:BTC').subscribe(console.log);
 * sim.truth('BTC/USD:BTC'); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class DeribitSimulator extends ExchangeSimulator<Session, SymbolState, ResolvedDeribitOptions> {
  /** Every incoming message. */
  readonly requests: DeribitRequestLogEntry[] = [];
  private readonly rest: SimulatorRest;
  private readonly byNative = new Map<string, SymbolState>();
  private readonly subscribeCredits = new CreditPool(30_000, 10_000);
  private readonly requestCredits = new CreditPool(50_000, 10_000);

  private constructor(options: ResolvedDeribitOptions) {
    super(options, (symbol, market) => ({
      symbol,
      market,
      listing: deribitListing(symbol),
      feed: new DeribitBookFeed(market, 14_000_000_000 + (market.updateId % 1_000_000) * 100),
      derivative: new SimulatedDerivative(market, { seed: options.seed }),
      funding8h: 0.00001,
      funding: undefined,
      tradeSeq: 100_000 + (market.updateId % 100_000),
      lastTradePrice: NaN,
      refusals: 0,
      skip: 0,
    }));
    for (const state of this.states.values()) this.byNative.set(state.listing.native, state);
    this.rest = new SimulatorRest((path, query) => this.answerRest(path, query), { status: 404, body: errorMessage(undefined, -32601, 'Method not found', undefined, Date.now()) });
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
    const sim = new DeribitSimulator(resolveDeribitOptions(options));
    return sim.listen({ onHttpRequest: (request, response) => sim.rest.handle(request, response) }, [[20, () => sim.beat()]]);
  }

  /** The JSON-RPC endpoint, `ws://127.0.0.1:PORT/ws/api/v2`: pass it as `wsUrl`. */
  override get wsUrl(): string {
    return `${super.wsUrl}${PATH}`;
  }

  /** REST base URL, `http://127.0.0.1:PORT` (the client adds `/api/v2/…`). */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** Channels a connection holds. */
  subscriptions(target: TestConnection | number): string[] {
    return [...(this.sessionsFor(target)[0]?.channels ?? [])];
  }

  /** The next `count` book notifications of `symbol` are lost on the way: the client sees a `prev_change_id` break. */
  skipChange(symbol: string, count = 1): void {
    this.state(symbol).skip += count;
  }

  /** Sends a well-chained book notification whose level breaks the book rules (the book itself is unchanged). */
  sendBadAction(symbol: string, kind: 'delete-missing' | 'change-missing' | 'new-existing' = 'delete-missing'): void {
    const state = this.state(symbol);
    if (!state.feed.active) return;
    const change = state.feed.broken(kind);
    this.sendBook(state, { type: 'change', timestamp: Date.now(), native: state.listing.native, ...change });
  }

  /** The next `count` subscriptions to any channel of `symbol` are left out of the reply (refused). */
  failNextSubscription(symbol: string, count = 1): void {
    this.state(symbol).refusals += count;
  }

  /** The next `times` REST requests answer HTTP `status` (429: `too_many_requests`). */
  failRest(status = 429, times = 1): void {
    this.rest.failNext(() => ({ status, body: errorMessage(undefined, status === 429 ? 10028 : 11094, status === 429 ? 'too_many_requests' : 'internal_server_error', undefined, Date.now()) }), times);
  }

  /** The funding rate (`current_funding`) of a perpetual from now on (default: follows the premium). */
  setFunding(symbol: string, rate: number): void {
    this.state(symbol).funding = rate;
  }

  /**
   * Sends a broken frame on `symbol`'s book channel to its holders: `invalid-json` (a truncated book
   * notification naming the channel) or `schema` (valid JSON whose levels have wrong types).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: SimulatorTarget): void {
    const { native } = this.state(symbol).listing;
    const channel = `book.${native}.100ms`;
    const frame =
      kind === 'schema'
        ? notification(channel, { type: 'change', timestamp: Date.now(), prev_change_id: 'x', instrument_name: native, change_id: null, bids: [[1, 'new']], asks: 'none' })
        : `{"jsonrpc":"2.0","method":"subscription","params":{"channel":"${channel}","data":{"type":"change","timestamp":${Date.now()},"bids":[["new",1`;
    for (const session of this.sessionsFor(target)) if (session.channels.has(channel)) session.connection.sendRaw(frame);
  }

  protected accept(connection: TestConnection): void {
    if (new URL(connection.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '') !== PATH) {
      connection.drop();
      return;
    }
    const session: Session = { connection, channels: new Set(), heartbeatMs: 0, beatAt: 0, testPending: false };
    this.track(session);
    connection.onText((text) => this.onRequest(session, text));
  }

  private onRequest(session: Session, text: string): void {
    const { connection } = session;
    const at = Date.now();
    let message: any;
    try {
      message = JSON.parse(text);
    } catch {
      appendBounded(this.requests, { connection: connection.id, at, text });
      connection.send(errorMessage(undefined, -32700, 'Parse error', undefined, at));
      return;
    }
    appendBounded(this.requests, { connection: connection.id, at, text, message });
    if (Buffer.byteLength(text) > MAX_REQUEST_BYTES) {
      connection.send(errorMessage(undefined, -32600, 'request entity too large', undefined, at));
      return;
    }
    const id: unknown = message?.id;
    const method: unknown = message?.method;
    const params = message?.params ?? {};
    if (typeof method !== 'string') {
      connection.send(errorMessage(id, -32600, 'Invalid Request', undefined, at));
      return;
    }
    const subscription = method === 'public/subscribe' || method === 'public/unsubscribe';
    if (this.options.enforceCredits && !(subscription ? this.subscribeCredits : this.requestCredits).spend(subscription ? SUBSCRIBE_COST : REQUEST_COST)) {
      connection.send(errorMessage(id, 10028, 'too_many_requests', undefined, at));
      connection.close(1000, 'too_many_requests');
      return;
    }
    if (subscription) {
      const channels: unknown = params.channels;
      if (!Array.isArray(channels) || !channels.every((c) => typeof c === 'string')) {
        connection.send(errorMessage(id, -32602, 'Invalid params', { reason: 'value must be a list', param: 'channels' }, at));
        return;
      }
      if (method === 'public/subscribe') this.subscribe(session, id, channels as string[], at);
      else connection.send(resultMessage(id, (channels as string[]).filter((channel) => session.channels.delete(channel)), at));
      return;
    }
    switch (method) {
      case 'public/set_heartbeat': {
        const interval: unknown = params.interval;
        if (typeof interval !== 'number' || !(interval >= 10)) {
          connection.send(errorMessage(id, -32602, 'Invalid params', { reason: 'must be at least 10', param: 'interval' }, at));
          return;
        }
        Object.assign(session, { heartbeatMs: this.options.heartbeatIntervalMs || interval * 1000, beatAt: at, testPending: false });
        connection.send(resultMessage(id, 'ok', at));
        return;
      }
      case 'public/disable_heartbeat':
        session.heartbeatMs = 0;
        connection.send(resultMessage(id, 'ok', at));
        return;
      case 'public/test':
        session.testPending = false;
        connection.send(resultMessage(id, { version: VERSION }, at));
        return;
      case 'public/hello':
        connection.send(resultMessage(id, { version: VERSION }, at));
        return;
      default:
        connection.send(errorMessage(id, -32601, 'Method not found', undefined, at));
    }
  }

  private subscribe(session: Session, id: unknown, channels: readonly string[], at: number): void {
    const accepted: string[] = [];
    for (const channel of channels) {
      const state = this.stateOf(channel);
      if (state === undefined) continue;
      if (state.refusals > 0) {
        state.refusals--;
        continue;
      }
      accepted.push(channel);
      session.channels.add(channel);
    }
    session.connection.send(resultMessage(id, accepted, at));
    for (const channel of accepted) {
      const state = this.stateOf(channel)!;
      if (channel.startsWith('book.')) {
        const snapshot = state.feed.snapshot();
        session.connection.send(bookNotification({ type: 'snapshot', timestamp: Date.now(), native: state.listing.native, ...snapshot }));
      }
    }
  }

  /** The state a channel names, when it is one Deribit serves publicly. */
  private stateOf(channel: string): SymbolState | undefined {
    const match = CHANNEL.exec(channel);
    return match ? this.byNative.get(match[2]!) : undefined;
  }

  private holders(channel: string): Session[] {
    const held: Session[] = [];
    for (const session of this.sessions.values()) if (session.channels.has(channel)) held.push(session);
    return held;
  }

  private sendBook(state: SymbolState, book: Parameters<typeof bookNotification>[0]): void {
    const text = bookNotification(book);
    for (const session of this.holders(`book.${state.listing.native}.100ms`)) session.connection.send(text);
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    const now = Date.now();
    const { native } = state.listing;
    state.derivative.update();
    if (this.holders(`book.${native}.100ms`).length === 0) state.feed.idle();
    else if (state.feed.active) {
      const change = state.feed.next(step.changes, step.updateId);
      if (state.skip > 0) state.skip--;
      else this.sendBook(state, { type: 'change', timestamp: now, native, ...change });
    }
    if (step.trades.length > 0) {
      const trades = notification(`trades.${native}.100ms`, step.trades.map((trade) => this.tradeData(state, trade)));
      for (const session of this.holders(`trades.${native}.100ms`)) session.connection.send(trades);
    }
    const tickerHolders = this.holders(`ticker.${native}.100ms`);
    if (tickerHolders.length > 0) {
      const ticker = notification(`ticker.${native}.100ms`, this.tickerData(state, now));
      for (const session of tickerHolders) session.connection.send(ticker);
    }
  }

  /** A trade item in Deribit's key order; ids of USDC instruments carry their `USDC-` prefix. */
  private tradeData(state: SymbolState, trade: SimulatedTrade): object {
    const { markPrice, indexPrice } = state.derivative.state();
    const previous = state.lastTradePrice;
    const tickDirection = trade.price > previous ? 0 : trade.price < previous ? 2 : trade.side === 'buy' ? 1 : 3;
    state.lastTradePrice = trade.price;
    const id = state.listing.inverse ? String(trade.id) : `${state.listing.quote}-${trade.id}`;
    return {
      trade_seq: ++state.tradeSeq,
      trade_id: id,
      timestamp: trade.timestamp,
      tick_direction: tickDirection,
      price: trade.price,
      mark_price: markPrice,
      instrument_name: state.listing.native,
      index_price: indexPrice,
      direction: trade.side,
      amount: trade.amount,
    };
  }

  /** A ticker in Deribit's key order: futures carry settlement and open interest, perpetuals funding too; `null` for what is missing. */
  private tickerData(state: SymbolState, now: number): object {
    const { market, listing } = state;
    const { priceDecimals } = market.grid;
    const stats = market.stats();
    const derivative = state.derivative.state();
    const nullable = (value: number): number | null => (Number.isFinite(value) ? value : null);
    const volumeUsd = listing.inverse ? stats.volume : roundTo(stats.volume * stats.last, 2);
    const volume = listing.inverse ? roundTo(stats.volume / stats.last, 8) : stats.volume;
    const funding = state.funding ?? derivative.fundingRate;
    state.funding8h = roundTo(state.funding8h * 0.98 + funding * 0.02, 8);
    const future = listing.kind === 'future';
    return {
      timestamp: now,
      stats: { volume_usd: volumeUsd, volume, price_change: roundTo(((stats.last - stats.open) / stats.open) * 100, 4), low: stats.low, high: stats.high },
      state: 'open',
      ...(future ? { settlement_price: roundTo(derivative.markPrice, priceDecimals), open_interest: derivative.openInterest } : {}),
      min_price: roundTo(derivative.markPrice * 0.97, priceDecimals),
      max_price: roundTo(derivative.markPrice * 1.03, priceDecimals),
      mark_price: derivative.markPrice,
      last_price: stats.last,
      instrument_name: listing.native,
      index_price: derivative.indexPrice,
      ...(listing.perpetual ? { funding_8h: state.funding8h } : {}),
      estimated_delivery_price: derivative.indexPrice,
      ...(listing.perpetual ? { current_funding: funding } : {}),
      best_bid_price: nullable(stats.bid),
      best_bid_amount: nullable(stats.bidSize),
      best_ask_price: nullable(stats.ask),
      best_ask_amount: nullable(stats.askSize),
    };
  }

  /** Heartbeats: every interval a `heartbeat` and a `test_request`; the previous one unanswered closes the connection. */
  private beat(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      const { connection } = session;
      if (session.heartbeatMs <= 0 || connection.isSilent || now - session.beatAt < session.heartbeatMs) continue;
      if (session.testPending) {
        connection.close(1000, 'test_request not answered');
        continue;
      }
      session.beatAt = now;
      session.testPending = true;
      connection.send(heartbeatMessage('heartbeat'));
      connection.send(heartbeatMessage('test_request'));
    }
  }

  private answerRest(path: string, query: Readonly<Record<string, string>>): RestAnswer | undefined {
    if (path !== '/api/v2/public/get_instruments') return undefined;
    const now = Date.now();
    const kind = query['kind'];
    const currency = (query['currency'] ?? 'any').toUpperCase();
    if (kind !== undefined && !['future', 'option', 'spot', 'future_combo', 'option_combo'].includes(kind)) {
      return { status: 400, body: errorMessage(undefined, -32602, 'Invalid params', { reason: 'wrong format', param: 'kind' }, now) };
    }
    const result: Record<string, unknown>[] = [];
    let instrumentId = 100_000;
    for (const state of this.states.values()) {
      instrumentId++;
      const { listing } = state;
      if ((kind !== undefined && listing.kind !== kind) || (currency !== 'ANY' && currency !== listing.base && currency !== listing.settle)) continue;
      result.push(instrumentEntry(listing, state.market.grid, instrumentId));
    }
    return { status: 200, body: JSON.stringify({ jsonrpc: '2.0', result, usIn: now * 1000, usOut: now * 1000 + 312, usDiff: 312, testnet: false }) };
  }
}
