import type { BookImage } from '../harness/ground-truth-book';
import { appendBounded } from '../harness/bounded-log';
import { bookWindowDelta } from '../harness/book-window';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { priceOfTicks, quantityOfUnits, unitsOfQuantity } from '../harness/price-grid';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';
import type { TestConnection } from '../harness/test-connection';
import { type BybitListedInstrument, type BybitRestLogEntry, bybitRestRoute, bybitTooManyVisits } from './bybit-rest';
import { SimulatorRest } from '../harness/simulator-rest';
import { type BybitSimulatorOptions, type ResolvedBybitOptions, resolveBybitOptions } from './bybit-simulator-options';
import { type BybitNumberFormat, type BybitSimCategory, bookMessage, bybitNumber, replyMessage, tickerMessage, tradeMessage } from './bybit-wire';

/** Book depths Bybit v5 offers on spot and linear. */
const DEPTHS = [1, 50, 200, 1000];
const SPOT_ARGS_PER_REQUEST = 10;
const PATHS: Readonly<Record<string, BybitSimCategory>> = { '/v5/public/spot': 'spot', '/v5/public/linear': 'linear' };
const EIGHT_HOURS = 8 * 3_600_000;

/**
 * One incoming text message of the simulator, with receipt time.
 *
 * @example
 * ```ts
 * sim.requests.filter((r: BybitRequestLogEntry) => r.message?.op === 'ping').length;
 * ```
 */
export interface BybitRequestLogEntry {
  readonly connection: number;
  readonly category: BybitSimCategory;
  readonly at: number;
  readonly text: string;
  /** The parsed message, `undefined` if it was not JSON. */
  readonly message?: any;
}

interface BookFeed {
  readonly topic: string;
  readonly depth: number;
  image: BookImage;
  u: number;
  /** Deltas still to lose on the way (a `u` gap), see {@link BybitSimulator.skipDelta}. */
  skip: number;
  /** Nobody held the topic at the last step: the image is refreshed on the next subscribe. */
  stale: boolean;
  lastSentAt: number;
}

interface SymbolState {
  readonly symbol: string;
  readonly market: SimulatedMarket;
  readonly category: BybitSimCategory;
  readonly native: string;
  readonly format: BybitNumberFormat;
  readonly feeds: Map<number, BookFeed>;
  seq: number;
  fundingRate: number;
  nextFundingTime: number;
  openInterestUnits: number;
  /** Linear ticker fields as last published (deltas carry what changed since). */
  tickerFields: Record<string, string>;
  failures: number;
}

interface Session {
  readonly connection: TestConnection;
  readonly category: BybitSimCategory;
  readonly connId: string;
  readonly topics: Set<string>;
  lastPingAt: number;
}

/** Bybit's name of a unified symbol: `BTCUSDT`; a USDC perpetual is `BTCPERP`. */
function nativeOf(symbol: string): string {
  const [pair, settle] = symbol.split(':');
  const [base, quote] = pair!.split('/') as [string, string];
  return settle === 'USDC' && quote === 'USDC' ? `${base}PERP` : `${base}${quote}`;
}

/**
 * A local Bybit v5 public market-data server: `ws://127.0.0.1:PORT/v5/public/spot` and
 * `/v5/public/linear` (pass `sim.wsUrl` as `wsUrl`) and `GET /v5/market/instruments-info` (pass
 * `sim.restUrl`). Each category speaks its own wire format, taken from Bybit's docs and a real
 * capture: `orderbook.{1|50|200|1000}.{symbol}` (snapshot on subscribe, deltas with `u` + 1 and a
 * rising `seq`, levels leaving the window deleted with `"0"`, level 1 as snapshots resent unchanged
 * every 3 s), `tickers` (linear: snapshot + deltas of the changed fields with mark/index price,
 * funding and open interest; spot: snapshots of the 24 h statistics), `publicTrade`, subscribe
 * replies, `{"op":"ping"}` → pong, and the refusals Bybit sends (`error:handler not found,topic:…`,
 * `error:already subscribed,topic:…`, `args size >10` on spot). Each symbol is a seeded
 * {@link SimulatedMarket} whose ground truth tests compare against.
 *
 * Faults: {@link resetBook} (a mid-stream snapshot, or a `u` = 1 service restart), {@link skipDelta}
 * (a `u` gap), {@link sendMalformed}, {@link failNextSubscription}, {@link failRest}, and the shared
 * {@link dropConnections}, {@link goSilent}/{@link resumeSending}, {@link closeAll}; `idleTimeoutMs`
 * drops a connection that stops pinging.
 *
 * Notes: {@link step} publishes everything at once; every message of one topic shares its `u`
 * chain across connections, as on Bybit.
 *
 * @example
 * ```ts
 * const sim = await BybitSimulator.start({ symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 7 });
 * const by = bybit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * by.book('BTC/USDT:USDT', { depth: 50 }).subscribe(console.log);
 * sim.truth('BTC/USDT:USDT', 50); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class BybitSimulator extends ExchangeSimulator<Session, SymbolState, ResolvedBybitOptions> {
  /** Every incoming message. */
  readonly requests: BybitRequestLogEntry[] = [];
  private readonly rest: SimulatorRest;
  private readonly byNative: Record<BybitSimCategory, Map<string, SymbolState>> = { spot: new Map(), linear: new Map() };
  private nextConnId = 1;

  private constructor(options: ResolvedBybitOptions) {
    const fundingAt = Math.ceil(Date.now() / EIGHT_HOURS) * EIGHT_HOURS;
    super(options, (symbol, market) => {
      const category: BybitSimCategory = symbol.includes(':') ? 'linear' : 'spot';
      const { grid } = market;
      const priceScale = (options.markets?.[symbol] as { priceScale?: number } | undefined)?.priceScale ?? grid.priceDecimals;
      return {
        symbol,
        market,
        category,
        native: nativeOf(symbol),
        format: { category, priceDecimals: category === 'linear' ? priceScale : grid.priceDecimals, quantityDecimals: grid.quantityDecimals },
        feeds: new Map(),
        seq: market.updateId * 10,
        fundingRate: options.fundingRate,
        nextFundingTime: fundingAt,
        openInterestUnits: unitsOfQuantity(grid, 5_000_000 / market.stats().last),
        tickerFields: {},
        failures: 0,
      };
    });
    for (const state of this.states.values()) this.byNative[state.category].set(state.native, state);
    this.rest = new SimulatorRest(bybitRestRoute(() => this.listed(), options.instrumentsPageLimit), [404, 'Not Found']);
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
    const sim = new BybitSimulator(resolveBybitOptions(options));
    const pushes: [number, () => void][] = [[250, () => sim.repeatLevel1()]];
    if (sim.options.idleTimeoutMs > 0) pushes.push([Math.max(10, sim.options.idleTimeoutMs / 4), () => sim.dropIdle()]);
    return sim.listen({ onHttpRequest: (request, response) => sim.rest.handle(request, response) }, pushes);
  }

  /** REST base URL, `http://127.0.0.1:PORT`: pass it as `restUrl`. */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request. */
  get restLog(): readonly BybitRestLogEntry[] {
    return this.rest.log;
  }

  /** Topics a connection holds. */
  subscriptions(target: TestConnection | number): string[] {
    return [...(this.sessionsFor(target)[0]?.topics ?? [])];
  }

  /** The linear ticker fields of `symbol` as last published (what a merged client state holds). */
  tickerFields(symbol: string): Readonly<Record<string, string>> {
    return { ...this.state(symbol).tickerFields };
  }

  /**
   * Bybit resends a book: every subscriber of `symbol`'s book topics gets a fresh `snapshot` mid-stream,
   * with `u` + 1, or `u` = 1 as after a service restart (`restart: true`; deltas then go on from 1).
   */
  resetBook(symbol: string, options: { readonly restart?: boolean } = {}): void {
    const state = this.state(symbol);
    for (const feed of state.feeds.values()) {
      const sessions = this.subscribers(state.category, feed.topic);
      if (sessions.length === 0) continue;
      feed.u = options.restart ? 1 : feed.u + 1;
      const text = this.snapshotOf(state, feed);
      for (const session of sessions) session.connection.send(text);
    }
  }

  /** The next `count` book deltas of `symbol` (each depth) are lost on the way: the client sees a `u` gap. */
  skipDelta(symbol: string, count = 1): void {
    for (const feed of this.state(symbol).feeds.values()) feed.skip += count;
  }

  /** The next `count` subscriptions to any topic of `symbol` are refused (`error:handler not found`). */
  failNextSubscription(symbol: string, count = 1): void {
    this.state(symbol).failures += count;
  }

  /** The next `times` REST requests answer HTTP `status`. */
  failRest(status = 429, times = 1): void {
    this.rest.failNext(() => bybitTooManyVisits(status), times);
  }

  /** Changes a linear market's funding (published at once as a ticker delta). */
  setFunding(symbol: string, rate: number, nextFundingTime?: number): void {
    const state = this.state(symbol);
    state.fundingRate = rate;
    if (nextFundingTime !== undefined) state.nextFundingTime = nextFundingTime;
    this.publishTicker(state, Date.now());
  }

  /**
   * Sends a broken frame on every book topic of `symbol` held: `invalid-json` (a truncated
   * `orderbook` frame naming the topic) or `schema` (valid JSON whose levels have wrong types).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: SimulatorTarget): void {
    const state = this.state(symbol);
    for (const session of this.sessionsFor(target)) {
      for (const feed of state.feeds.values()) {
        if (session.category !== state.category || !session.topics.has(feed.topic)) continue;
        const frame =
          kind === 'schema'
            ? JSON.stringify({ topic: feed.topic, type: 'delta', ts: Date.now(), data: { s: state.native, b: [[1, 'x']], a: 'none', u: 'next', seq: null } })
            : `{"topic":"${feed.topic}","type":"delta","ts":${Date.now()},"data":{"s":"${state.native}","b":[["1`;
        session.connection.sendRaw(frame);
      }
    }
  }

  protected accept(connection: TestConnection): void {
    const category = PATHS[new URL(connection.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '')];
    if (category === undefined) {
      connection.drop();
      return;
    }
    const session: Session = { connection, category, connId: `sim${(this.nextConnId++).toString(36)}-${category}`, topics: new Set(), lastPingAt: Date.now() };
    this.track(session);
    connection.onText((text) => this.onRequest(session, text));
  }

  private onRequest(session: Session, text: string): void {
    const { category, connId, connection } = session;
    const at = Date.now();
    let message: any;
    try {
      message = JSON.parse(text);
    } catch (error) {
      appendBounded(this.requests, { connection: connection.id, category, at, text });
      connection.send(replyMessage(category, false, `Failed to decode incoming data:${(error as Error).message}`, connId, undefined, ''));
      return;
    }
    appendBounded(this.requests, { connection: connection.id, category, at, text, message });
    const reqId = typeof message?.req_id === 'string' ? message.req_id : undefined;
    const op = message?.op;
    if (op === 'ping') {
      session.lastPingAt = at;
      connection.send(replyMessage(category, true, 'pong', connId, reqId, 'ping'));
      return;
    }
    if (op !== 'subscribe' && op !== 'unsubscribe') {
      connection.send(replyMessage(category, false, 'error:invalid op', connId, reqId, typeof op === 'string' ? op : ''));
      return;
    }
    const args: unknown = message.args;
    if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
      connection.send(replyMessage(category, false, 'error:args must be an array of topics', connId, reqId, op));
      return;
    }
    if (category === 'spot' && args.length > SPOT_ARGS_PER_REQUEST) {
      connection.send(replyMessage(category, false, `args size >${SPOT_ARGS_PER_REQUEST}`, connId, reqId, op));
      return;
    }
    if (op === 'unsubscribe') {
      for (const topic of args as string[]) session.topics.delete(topic);
      connection.send(replyMessage(category, true, category === 'spot' ? op : '', connId, reqId, op));
      return;
    }
    this.subscribe(session, args as string[], reqId);
  }

  private subscribe(session: Session, topics: readonly string[], reqId: string | undefined): void {
    const { category, connId, connection } = session;
    const accepted: string[] = [];
    for (const topic of topics) {
      const state = this.stateOfTopic(category, topic);
      const forced = state !== undefined && state.failures > 0 && state.failures-- > 0;
      if (state === undefined || forced) connection.send(replyMessage(category, false, `error:handler not found,topic:${topic}`, connId, reqId, 'subscribe'));
      else if (session.topics.has(topic)) connection.send(replyMessage(category, false, `error:already subscribed,topic:${topic}`, connId, reqId, 'subscribe'));
      else accepted.push(topic);
    }
    if (accepted.length === 0 && topics.length > 0) return;
    for (const topic of accepted) session.topics.add(topic);
    connection.send(replyMessage(category, true, category === 'spot' ? 'subscribe' : '', connId, reqId, 'subscribe'));
    for (const topic of accepted) {
      const state = this.stateOfTopic(category, topic)!;
      if (topic.startsWith('orderbook.')) connection.send(this.snapshotOf(state, this.feedOf(state, Number(topic.split('.')[1]))));
      else if (topic.startsWith('tickers.')) connection.send(this.tickerSnapshot(state));
    }
  }

  /** The state a topic of `category` names, when the topic is one Bybit serves. */
  private stateOfTopic(category: BybitSimCategory, topic: string): SymbolState | undefined {
    const parts = topic.split('.');
    const native = parts.at(-1)!;
    const valid = parts.length === 3 ? parts[0] === 'orderbook' && DEPTHS.includes(Number(parts[1])) && parts[1] === String(Number(parts[1])) : parts.length === 2 && (parts[0] === 'tickers' || parts[0] === 'publicTrade');
    return valid ? this.byNative[category].get(native) : undefined;
  }

  private feedOf(state: SymbolState, depth: number): BookFeed {
    let feed = state.feeds.get(depth);
    if (feed === undefined) {
      feed = { topic: `orderbook.${depth}.${state.native}`, depth, image: state.market.truth(depth), u: 1_000_000 + (state.market.updateId % 9_000_000), skip: 0, stale: false, lastSentAt: 0 };
      state.feeds.set(depth, feed);
    } else if (feed.stale) {
      feed.image = state.market.truth(depth);
      feed.u++;
      feed.stale = false;
    }
    return feed;
  }

  private snapshotOf(state: SymbolState, feed: BookFeed): string {
    feed.lastSentAt = Date.now();
    const { bids, asks } = feed.image;
    return bookMessage({ topic: feed.topic, type: 'snapshot', native: state.native, bids, asks, u: feed.u, seq: state.seq, ts: feed.lastSentAt }, state.format);
  }

  private subscribers(category: BybitSimCategory, topic: string): Session[] {
    const held: Session[] = [];
    for (const session of this.sessions.values()) if (session.category === category && session.topics.has(topic)) held.push(session);
    return held;
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    const now = Date.now();
    state.seq += 1 + (step.updateId % 5);
    for (const trade of step.trades) state.openInterestUnits = Math.max(1, state.openInterestUnits + (trade.side === 'buy' ? 1 : -1) * unitsOfQuantity(state.market.grid, trade.amount));
    for (const feed of state.feeds.values()) {
      const sessions = this.subscribers(state.category, feed.topic);
      if (sessions.length === 0) {
        feed.stale = true;
        continue;
      }
      const next = state.market.truth(feed.depth);
      const { bids, asks } = bookWindowDelta(feed.image, next);
      feed.image = next;
      if (bids.length === 0 && asks.length === 0) continue;
      feed.u++;
      if (feed.skip > 0) {
        feed.skip--;
        continue;
      }
      feed.lastSentAt = now;
      const level1 = feed.depth === 1;
      const text = bookMessage(
        { topic: feed.topic, type: level1 ? 'snapshot' : 'delta', native: state.native, bids: level1 ? next.bids : bids, asks: level1 ? next.asks : asks, u: feed.u, seq: state.seq, ts: now },
        state.format,
      );
      for (const session of sessions) session.connection.send(text);
    }
    if (step.trades.length > 0) {
      const topic = `publicTrade.${state.native}`;
      const text = tradeMessage(topic, state.native, step.trades, state.format, state.seq, now);
      for (const session of this.subscribers(state.category, topic)) session.connection.send(text);
    }
    if (state.category === 'linear' || step.trades.length > 0) this.publishTicker(state, now);
  }

  private publishTicker(state: SymbolState, now: number): void {
    const topic = `tickers.${state.native}`;
    const sessions = this.subscribers(state.category, topic);
    if (state.category === 'spot') {
      const text = sessions.length > 0 ? this.tickerSnapshot(state) : '';
      for (const session of sessions) session.connection.send(text);
      return;
    }
    const fields = this.linearFields(state);
    const changed: Record<string, string> = { symbol: state.native };
    for (const [name, value] of Object.entries(fields)) if (state.tickerFields[name] !== value) changed[name] = value;
    state.tickerFields = fields;
    if (Object.keys(changed).length === 1 || sessions.length === 0) return;
    const text = tickerMessage('linear', topic, 'delta', changed, state.seq, now);
    for (const session of sessions) session.connection.send(text);
  }

  private tickerSnapshot(state: SymbolState): string {
    const topic = `tickers.${state.native}`;
    if (state.category === 'linear') {
      state.tickerFields = this.linearFields(state);
      return tickerMessage('linear', topic, 'snapshot', state.tickerFields, state.seq, Date.now());
    }
    const stats = state.market.stats();
    const { priceDecimals, quantityDecimals } = state.format;
    const price = (value: number): string => bybitNumber(value, priceDecimals, 'spot');
    const fields = {
      symbol: state.native,
      lastPrice: price(stats.last),
      highPrice24h: price(stats.high),
      lowPrice24h: price(stats.low),
      prevPrice24h: price(stats.open),
      volume24h: bybitNumber(stats.volume, quantityDecimals, 'spot'),
      turnover24h: bybitNumber(stats.quoteVolume, priceDecimals + quantityDecimals, 'spot'),
      price24hPcnt: bybitNumber(stats.priceChange / stats.open, 4, 'spot'),
      usdIndexPrice: price(stats.last),
    };
    return tickerMessage('spot', topic, 'snapshot', fields, state.seq, Date.now());
  }

  /** Every field a linear ticker carries now (strings, in the capture's order). */
  private linearFields(state: SymbolState): Record<string, string> {
    const { market, format } = state;
    const stats = market.stats();
    const { grid } = market;
    const price = (value: number): string => value.toFixed(format.priceDecimals);
    const size = (value: number): string => value.toFixed(format.quantityDecimals);
    const mid = (stats.bid + stats.ask) / 2;
    const mark = priceOfTicks(grid, Math.round(mid / grid.tickSize));
    const openInterest = quantityOfUnits(grid, state.openInterestUnits);
    return {
      symbol: state.native,
      price24hPcnt: (stats.priceChange / stats.open).toFixed(6),
      lastPrice: price(stats.last),
      prevPrice24h: price(stats.open),
      highPrice24h: price(stats.high),
      lowPrice24h: price(stats.low),
      prevPrice1h: price(stats.open),
      markPrice: price(mark),
      indexPrice: price(priceOfTicks(grid, Math.round((mid * 1.0002) / grid.tickSize))),
      openInterest: size(openInterest),
      openInterestValue: (openInterest * mark).toFixed(2),
      turnover24h: stats.quoteVolume.toFixed(4),
      volume24h: size(stats.volume),
      fundingIntervalHour: '8',
      fundingCap: '0.005',
      nextFundingTime: String(state.nextFundingTime),
      fundingRate: bybitNumber(state.fundingRate, 8, 'spot'),
      bid1Price: price(stats.bid),
      bid1Size: size(stats.bidSize),
      ask1Price: price(stats.ask),
      ask1Size: size(stats.askSize),
      preOpenPrice: '',
      preQty: '',
      curPreListingPhase: '',
    };
  }

  /** Bybit resends an unchanged level-1 book (same `u`) every 3 s. */
  private repeatLevel1(): void {
    const now = Date.now();
    for (const state of this.states.values()) {
      const feed = state.feeds.get(1);
      if (feed === undefined || now - feed.lastSentAt < this.options.level1RepeatMs) continue;
      const sessions = this.subscribers(state.category, feed.topic);
      if (sessions.length === 0) continue;
      const text = this.snapshotOf(state, feed);
      for (const session of sessions) session.connection.send(text);
    }
  }

  private dropIdle(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) if (now - session.lastPingAt > this.options.idleTimeoutMs) session.connection.drop();
  }

  private listed(): BybitListedInstrument[] {
    return [...this.states.values()].map((state) => {
      const [pair, settle] = state.symbol.split(':');
      const [base, quote] = pair!.split('/') as [string, string];
      return { category: state.category, native: state.native, base, quote, ...(settle ? { settle } : {}), grid: state.market.grid, priceScale: state.format.priceDecimals };
    });
  }
}
