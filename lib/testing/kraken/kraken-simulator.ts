import type { BookLevel } from '../../model/book-event';
import type { BookImage } from '../harness/ground-truth-book';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import type { MarketStep, SimulatedMarket, SimulatedTrade } from '../harness/simulated-market';
import type { TestConnection } from '../harness/test-connection';
import { KrakenBookFeed } from './kraken-book-feed';
import { type KrakenSimulatorOptions, type ResolvedKrakenOptions, resolveKrakenOptions } from './kraken-simulator-options';
import {
  bookMessage,
  errorReply,
  HEARTBEAT_MESSAGE,
  instrumentMessage,
  pongReply,
  statusMessage,
  successReply,
  tickerMessage,
  tradeMessage,
  wireChecksum,
} from './kraken-wire';
import { appendBounded } from '../harness/bounded-log';

/** Book depths Kraken v2 accepts. */
const DEPTHS = [10, 25, 100, 500, 1000];
const TRADE_SNAPSHOT_SIZE = 50;
/** Levels beyond a depth looked at to tell "pushed out of range" from "deleted". */
const LOOKAHEAD = 64;

/**
 * One incoming text message of the simulator, with receipt time.
 *
 * @example
 * ```ts
 * sim.requests.filter((r: KrakenRequestLogEntry) => r.message?.method === 'subscribe');
 * ```
 */
export interface KrakenRequestLogEntry {
  readonly connection: number;
  readonly at: number;
  readonly text: string;
  /** The parsed message, `undefined` if it was not JSON. */
  readonly message?: any;
}

/**
 * Which connection(s) a fault applies to: one (`TestConnection` or its id) or, when omitted, all.
 *
 * @example
 * ```ts
 * sim.dropConnections(1);
 * ```
 */
export type KrakenConnectionTarget = SimulatorTarget;

interface SymbolState {
  readonly symbol: string;
  readonly market: SimulatedMarket;
  /** Book feeds per subscribed depth (the image every subscriber of that depth holds). */
  readonly feeds: Map<number, KrakenBookFeed>;
  readonly recentTrades: SimulatedTrade[];
  corruptChecksums: number;
  /** Precisions Kraken changed to (checksums and the instrument channel use them), when not the grid's. */
  precision?: { readonly price: number; readonly qty: number };
}

interface Session {
  readonly connection: TestConnection;
  readonly tickers: Map<string, 'trades' | 'bbo'>;
  readonly trades: Set<string>;
  /** symbol → subscribed depth. */
  readonly books: Map<string, number>;
  instrument: boolean;
  lastSentAt: number;
}

/**
 * A local Kraken WebSocket v2 public market-data server on `ws://127.0.0.1:PORT/v2`, speaking Kraken's
 * wire format: `status` on connect, `subscribe`/`unsubscribe` for `book` (depth 10/25/100/500/1000,
 * snapshot + updates with REAL CRC32 checksums of the top 10, no removal for levels pushed out of
 * range), `ticker` (event_trigger `trades`/`bbo`), `trade` (optional 50-trade snapshot) and
 * `instrument` (price/qty precisions), one ack or error per symbol, `ping` → `pong`, and a
 * `heartbeat` about once a second on subscribed connections. Each symbol is a seeded
 * {@link SimulatedMarket} whose ground truth tests compare against.
 *
 * Faults: {@link dropConnections}, {@link goSilent}/{@link resumeSending}, {@link sendMalformed},
 * {@link corruptNextChecksum}, {@link failNextSubscription} (and any unknown symbol or bad depth
 * fails like on Kraken), {@link closeAll}.
 *
 * Notes:
 * - {@link step} publishes everything at once.
 * - {@link goSilent} also silences heartbeats and pong replies.
 *
 * @example
 * ```ts
 * const sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], seed: 7 });
 * const kr = kraken({ wsUrl: sim.wsUrl });
 * kr.book('BTC/USD').subscribe(console.log);
 * sim.truth('BTC/USD', 10); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class KrakenSimulator extends ExchangeSimulator<Session, SymbolState, ResolvedKrakenOptions> {
  /** Every incoming message. */
  readonly requests: KrakenRequestLogEntry[] = [];
  private readonly failures = new Map<string, number>();

  private constructor(options: ResolvedKrakenOptions) {
    super(options, (symbol, market) => ({ symbol, market, feeds: new Map(), recentTrades: [], corruptChecksums: 0 }));
  }

  /** Starts the server on an ephemeral 127.0.0.1 port. */
  static async start(options: KrakenSimulatorOptions = {}): Promise<KrakenSimulator> {
    const sim = new KrakenSimulator(resolveKrakenOptions(options));
    return sim.listen({}, [[Math.max(10, sim.options.heartbeatIntervalMs / 2), () => sim.heartbeats()]]);
  }

  /** The v2 endpoint, `ws://127.0.0.1:PORT/v2`: pass it as `wsUrl`. */
  override get wsUrl(): string {
    return `${super.wsUrl}/v2`;
  }

  /** The checksum Kraken would send for `symbol` now (top 10, the pair's precision). */
  checksumOf(symbol: string): number {
    const state = this.state(symbol);
    const top = state.market.truth(10);
    const { price, qty } = precisionOf(state);
    return wireChecksum(top.asks, top.bids, price, qty);
  }

  /**
   * Kraken changes the pair's `price_precision`/`qty_precision`: from now on its checksums format
   * levels with them and the `instrument` channel lists them. With `announce`, subscribers of the
   * `instrument` channel get an `update` naming the pair; without, only a fresh instrument snapshot
   * tells (a client that missed the update).
   */
  changePrecision(symbol: string, precision: { readonly price: number; readonly qty: number }, options: { readonly announce?: boolean } = {}): void {
    const state = this.state(symbol);
    state.precision = precision;
    if (!options.announce) return;
    const update = instrumentMessage([{ symbol, grid: state.market.grid, precision }], 'update');
    for (const session of this.sessionsFor(undefined)) if (session.instrument) this.send(session, update);
  }

  /** Subscriptions of a connection, as `channel:symbol[:depth]` (and `instrument`). */
  subscriptions(target: TestConnection | number): string[] {
    const session = this.sessionsFor(target)[0];
    if (!session) return [];
    return [
      ...(session.instrument ? ['instrument'] : []),
      ...[...session.tickers.keys()].map((s) => `ticker:${s}`),
      ...[...session.trades].map((s) => `trade:${s}`),
      ...[...session.books].map(([s, d]) => `book:${s}:${d}`),
    ];
  }

  /**
   * Sends a broken frame: `invalid-json` (a truncated `book` frame naming `symbol`) or `schema`
   * (valid JSON, a `book` update of `symbol` whose levels have wrong types).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: KrakenConnectionTarget): void {
    const frame =
      kind === 'schema'
        ? JSON.stringify({ channel: 'book', type: 'update', data: [{ symbol, bids: [{ price: 'high', qty: null }], asks: 'none', checksum: 'x' }] })
        : `{"channel":"book","type":"update","data":[{"symbol":"${symbol}","bids":[{"price":1`;
    for (const session of this.sessionsFor(target)) session.connection.sendRaw(frame);
  }

  /** The next `count` book messages of `symbol` (every depth) carry a wrong checksum. */
  corruptNextChecksum(symbol: string, count = 1): void {
    this.state(symbol).corruptChecksums += count;
  }

  /** The next `count` subscribe requests for `symbol` (any channel) fail as if the pair were unknown. */
  failNextSubscription(symbol: string, count = 1): void {
    this.failures.set(symbol, (this.failures.get(symbol) ?? 0) + count);
  }

  protected accept(connection: TestConnection): void {
    if (new URL(connection.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '') !== '/v2') {
      connection.drop();
      return;
    }
    const session: Session = { connection, tickers: new Map(), trades: new Set(), books: new Map(), instrument: false, lastSentAt: Date.now() };
    this.track(session);
    connection.onClose(() => this.dropUnusedFeeds());
    connection.onText((text) => this.onRequest(session, text));
    this.send(session, statusMessage(connection.id));
  }

  private send(session: Session, text: string): void {
    if (session.connection.send(text)) session.lastSentAt = Date.now();
  }

  private onRequest(session: Session, text: string): void {
    const receivedAt = Date.now();
    let message: any;
    try {
      message = JSON.parse(text);
    } catch {
      appendBounded(this.requests, { connection: session.connection.id, at: receivedAt, text });
      this.send(session, errorReply('error', 'Malformed request', undefined, undefined, receivedAt));
      return;
    }
    appendBounded(this.requests, { connection: session.connection.id, at: receivedAt, text, message });
    const reqId = typeof message?.req_id === 'number' ? message.req_id : undefined;
    const method = message?.method;
    if (method === 'ping') return this.send(session, pongReply(reqId, receivedAt));
    if (method !== 'subscribe' && method !== 'unsubscribe') {
      return this.send(session, errorReply(typeof method === 'string' ? method : 'error', 'Method not found', undefined, reqId, receivedAt));
    }
    const params = message.params;
    const channel = params?.channel;
    if (channel === 'instrument') return this.instrumentRequest(session, method, params, reqId, receivedAt);
    if (channel !== 'book' && channel !== 'ticker' && channel !== 'trade') {
      return this.send(session, errorReply(method, 'Channel not found', undefined, reqId, receivedAt));
    }
    if (!Array.isArray(params.symbol) || params.symbol.length === 0 || !params.symbol.every((s: unknown) => typeof s === 'string')) {
      return this.send(session, errorReply(method, 'Must be a non-empty array of strings: symbol', undefined, reqId, receivedAt));
    }
    const depth = params.depth ?? 10;
    if (channel === 'book' && !DEPTHS.includes(depth)) {
      for (const symbol of params.symbol as string[]) this.send(session, errorReply(method, `Invalid depth ${JSON.stringify(params.depth)}: must be one of 10, 25, 100, 500, 1000`, symbol, reqId, receivedAt));
      return;
    }
    for (const symbol of params.symbol as string[]) {
      if (method === 'subscribe') this.subscribe(session, channel, symbol, depth, params, reqId, receivedAt);
      else this.unsubscribe(session, channel, symbol, reqId, receivedAt);
    }
  }

  private instrumentRequest(session: Session, method: string, params: any, reqId: number | undefined, receivedAt: number): void {
    if (method === 'unsubscribe') {
      if (!session.instrument) return this.send(session, errorReply(method, 'Subscription Not Found', undefined, reqId, receivedAt));
      session.instrument = false;
      return this.send(session, successReply(method, { channel: 'instrument' }, reqId, receivedAt));
    }
    if (session.instrument) return this.send(session, errorReply(method, 'Already subscribed', undefined, reqId, receivedAt));
    session.instrument = true;
    const snapshot = params.snapshot !== false;
    this.send(session, successReply(method, { channel: 'instrument', snapshot }, reqId, receivedAt));
    if (snapshot) this.send(session, instrumentMessage([...this.states.values()].map((s) => ({ symbol: s.symbol, grid: s.market.grid, precision: s.precision }))));
  }

  private subscribe(session: Session, channel: 'book' | 'ticker' | 'trade', symbol: string, depth: number, params: any, reqId: number | undefined, receivedAt: number): void {
    const state = this.states.get(symbol);
    const forced = this.failures.get(symbol) ?? 0;
    if (forced > 0) this.failures.set(symbol, forced - 1);
    if (!state || forced > 0) return this.send(session, errorReply('subscribe', `Currency pair not supported ${symbol}`, symbol, reqId, receivedAt));
    const already = channel === 'book' ? session.books.has(symbol) : channel === 'ticker' ? session.tickers.has(symbol) : session.trades.has(symbol);
    if (already) return this.send(session, errorReply('subscribe', 'Already subscribed', symbol, reqId, receivedAt));
    const now = Date.now();
    switch (channel) {
      case 'book': {
        session.books.set(symbol, depth);
        this.send(session, successReply('subscribe', { channel, depth, snapshot: true, symbol }, reqId, receivedAt));
        const feed = this.feedOf(state, depth);
        const { bids, asks } = feed.current;
        this.send(session, bookMessage('snapshot', symbol, bids, asks, this.checksumFor(state, feed.current), now));
        return;
      }
      case 'ticker': {
        const trigger = params.event_trigger === 'bbo' ? 'bbo' : 'trades';
        const snapshot = params.snapshot !== false;
        session.tickers.set(symbol, trigger);
        this.send(session, successReply('subscribe', { channel, event_trigger: trigger, snapshot, symbol }, reqId, receivedAt));
        if (snapshot) this.send(session, tickerMessage('snapshot', symbol, state.market.stats(), now));
        return;
      }
      case 'trade': {
        const snapshot = params.snapshot !== false;
        session.trades.add(symbol);
        this.send(session, successReply('subscribe', { channel, snapshot, symbol }, reqId, receivedAt));
        if (snapshot) this.send(session, tradeMessage('snapshot', symbol, state.recentTrades));
        return;
      }
    }
  }

  private unsubscribe(session: Session, channel: 'book' | 'ticker' | 'trade', symbol: string, reqId: number | undefined, receivedAt: number): void {
    const removed = channel === 'book' ? session.books.delete(symbol) : channel === 'ticker' ? session.tickers.delete(symbol) : session.trades.delete(symbol);
    if (!removed) return this.send(session, errorReply('unsubscribe', 'Subscription Not Found', symbol, reqId, receivedAt));
    this.send(session, successReply('unsubscribe', { channel, symbol }, reqId, receivedAt));
    if (channel === 'book') this.dropUnusedFeeds();
  }

  private feedOf(state: SymbolState, depth: number): KrakenBookFeed {
    let feed = state.feeds.get(depth);
    if (!feed) state.feeds.set(depth, (feed = new KrakenBookFeed(depth, state.market.truth(depth))));
    return feed;
  }

  private dropUnusedFeeds(): void {
    for (const state of this.states.values()) {
      for (const depth of state.feeds.keys()) {
        const used = [...this.sessions.values()].some((s) => s.books.get(state.symbol) === depth);
        if (!used) state.feeds.delete(depth);
      }
    }
  }

  private checksumFor(state: SymbolState, image: BookImage): number {
    const { price, qty } = precisionOf(state);
    const checksum = wireChecksum(image.asks, image.bids, price, qty);
    if (state.corruptChecksums > 0) {
      state.corruptChecksums--;
      return (checksum ^ 0x5a5a5a5a) >>> 0;
    }
    return checksum;
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    const now = Date.now();
    if (step.trades.length > 0) {
      state.recentTrades.push(...step.trades);
      if (state.recentTrades.length > TRADE_SNAPSHOT_SIZE) state.recentTrades.splice(0, state.recentTrades.length - TRADE_SNAPSHOT_SIZE);
    }
    this.publishBooks(state, now);
    const sessions = [...this.sessions.values()];
    let trades: string | undefined;
    let ticker: string | undefined;
    for (const session of sessions) {
      if (step.trades.length > 0 && session.trades.has(state.symbol)) this.send(session, (trades ??= tradeMessage('update', state.symbol, step.trades)));
      const trigger = session.tickers.get(state.symbol);
      if ((trigger === 'trades' && step.trades.length > 0) || (trigger === 'bbo' && step.topChanged)) {
        this.send(session, (ticker ??= tickerMessage('update', state.symbol, state.market.stats(), now)));
      }
    }
  }

  private publishBooks(state: SymbolState, now: number): void {
    for (const [depth, feed] of state.feeds) {
      const deeper = state.market.truth(depth + LOOKAHEAD);
      const beyond = { bid: new Set(deeper.bids.slice(depth).map(([p]) => p)), ask: new Set(deeper.asks.slice(depth).map(([p]) => p)) };
      const next: BookImage = { bids: deeper.bids.slice(0, depth), asks: deeper.asks.slice(0, depth) };
      const update = feed.next(next, (side, price) => beyond[side].has(price));
      if (!update) continue;
      const text = bookMessage('update', state.symbol, update.bids as BookLevel[], update.asks as BookLevel[], this.checksumFor(state, next), now);
      for (const session of this.sessions.values()) if (session.books.get(state.symbol) === depth) this.send(session, text);
    }
  }

  private heartbeats(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      const subscribed = session.instrument || session.books.size > 0 || session.tickers.size > 0 || session.trades.size > 0;
      if (subscribed && now - session.lastSentAt >= this.options.heartbeatIntervalMs) this.send(session, HEARTBEAT_MESSAGE);
    }
  }
}

/** The precisions a symbol's checksums use: Kraken's changed ones, else the grid's. */
function precisionOf(state: SymbolState): { readonly price: number; readonly qty: number } {
  return state.precision ?? { price: state.market.grid.priceDecimals, qty: state.market.grid.quantityDecimals };
}
