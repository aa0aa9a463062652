import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from '../harness/bounded-log';
import { DepthAccumulator } from '../harness/depth-accumulator';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { RateWindow } from '../harness/rate-window';
import { SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import type { MarketStep } from '../harness/simulated-market';
import type { TestConnection } from '../harness/test-connection';
import { OkxDerivatives } from './okx-derivatives';
import { createOkxMarketState, type OkxDerivativeSent, type OkxMarketState, okxWireImage } from './okx-market-state';
import { okxRestRoutes } from './okx-rest-routes';
import { okxContractValue, type OkxSimulatorOptions, type ResolvedOkxOptions, resolveOkxOptions } from './okx-simulator-options';
import { bookPush, errorEvent, okxLevel, okxWireChecksum, restBody, subscriptionEvent, tickerPush, tradePush, unknownArgMessage } from './okx-wire';

/** The channels the simulator serves on `/ws/v5/public`. */
const CHANNELS = new Set(['books', 'tickers', 'trades', 'funding-rate', 'mark-price', 'open-interest', 'index-tickers']);
const SWAP_ONLY = new Set(['funding-rate', 'mark-price', 'open-interest']);

/**
 * One incoming text frame (request or `ping`) of the simulator.
 *
 * @example
 * ```ts
 * sim.controlLog.filter((e: OkxControlLogEntry) => e.text.includes('"op":"subscribe"'));
 * ```
 */
export interface OkxControlLogEntry {
  readonly connection: number;
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly text: string;
}

interface Session {
  readonly connection: TestConnection;
  readonly connId: string;
  /** `channel:instId` keys. */
  readonly subscriptions: Set<string>;
  readonly requests: RateWindow;
  lastReceivedAt: number;
}

/**
 * A local OKX v5 public market-data server on `ws://127.0.0.1:PORT/ws/v5/public` plus REST, speaking
 * OKX's wire format as its docs show it: `{"id","op":"subscribe"|"unsubscribe","args":[{channel,instId}]}`
 * with one `event` reply per arg (`error` 60018 for an unknown channel/instrument, 60012 for an
 * unreadable request, 60014 past 480 requests per connection and hour), text `ping` → `pong`, and
 * a close (4004 "No data received in 30s") when a connection sent nothing for 30 s. Channels:
 * `books` (a snapshot with `prevSeqId` -1, then every 100 ms the net changes as
 * `[px, sz, "0", numOrders]` strings with `seqId`/`prevSeqId` and the CRC32 `checksum` of the top 25 on
 * the wire text; an empty update with the same `seqId` after 60 s without change), `tickers`,
 * `trades`, and for swaps `mark-price`, `funding-rate`, `open-interest`, `index-tickers`. REST:
 * `GET /api/v5/market/books` (with `seqId`) and `GET /api/v5/public/instruments?instType=SPOT|SWAP`.
 * Spot pairs and linear swaps (`BTC/USDT:USDT` → `BTC-USDT-SWAP`, sizes in contracts) run side by
 * side, each a seeded {@link SimulatedMarket}; `seqId` is the market's update id (plus an offset after
 * {@link resetSequence}).
 *
 * OKX's 2026 generations: `checksum: 'zero' | 'absent'` and `socketSnapshots: false`.
 *
 * Faults: {@link dropConnections}, {@link goSilent}/{@link resumeSending}, {@link closeAll}, plus
 * {@link corruptNextChecksum}, {@link skipBookUpdate} (a `seqId` break), {@link resetSequence} (OKX's
 * documented maintenance reset: not a fault for a correct client), {@link sendMalformed},
 * {@link failNextSubscription}, {@link failRest} (429 / 50011), {@link serveStaleSnapshots} (REST answers
 * from an older cache, as OKX warns), {@link setRestLatency}.
 *
 * Behaviour where OKX's docs are silent (choices): each arg of a request is acknowledged or refused on
 * its own; subscribing an arg again is acknowledged again (with a new `books` snapshot); an unknown
 * path is dropped.
 *
 * @example
 * ```ts
 * const sim = await OkxSimulator.start({ symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 7 });
 * const ok = okx({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * ok.book('BTC/USDT:USDT').subscribe(console.log);
 * sim.truth('BTC/USDT:USDT', 25); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class OkxSimulator extends ExchangeSimulator<Session, OkxMarketState, ResolvedOkxOptions> {
  /** Every incoming text frame. */
  readonly controlLog: OkxControlLogEntry[] = [];
  /** When each connection was accepted (`TestConnection.id`, epoch ms). */
  readonly connectionLog: { readonly connection: number; readonly at: number }[] = [];
  /** Empty keepalive `books` updates sent (OKX's "no change" exception), over every book. */
  keepalivesSent = 0;
  private readonly byInstId = new Map<string, OkxMarketState>();
  private readonly failures = new Map<string, number>();
  private readonly rest: SimulatorRest;
  private readonly derivatives: OkxDerivatives;

  private constructor(options: ResolvedOkxOptions) {
    super(options, (symbol, market) => createOkxMarketState(symbol, market, new DepthAccumulator(), symbol.includes(':') ? okxContractValue(symbol.slice(0, symbol.indexOf('/'))) : undefined));
    for (const state of this.states.values()) this.byInstId.set(state.instId, state);
    this.derivatives = new OkxDerivatives(this.states);
    this.rest = new SimulatorRest(okxRestRoutes(this.byInstId, options.listedSymbols));
    this.rest.latencyMs = options.restLatencyMs;
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: OkxSimulatorOptions = {}): Promise<OkxSimulator> {
    const sim = new OkxSimulator(resolveOkxOptions(options));
    const o = sim.options;
    return sim.listen({ onHttpRequest: (request, response) => sim.rest.handle(request, response) }, [
      [o.bookIntervalMs, () => sim.flushBooks(true)],
      [o.markPriceIntervalMs, () => sim.pushMarks()],
      [o.fundingIntervalMs, () => sim.pushFunding()],
      [o.openInterestIntervalMs, () => sim.pushOpenInterest()],
      [Math.max(10, Math.min(1000, o.idleTimeoutMs / 4)), () => sim.closeIdle()],
    ]);
  }

  /** The public endpoint, `ws://127.0.0.1:PORT/ws/v5/public`: pass it as `wsUrl`. */
  override get wsUrl(): string {
    return `${super.wsUrl}/ws/v5/public`;
  }

  /** REST base URL, `http://127.0.0.1:PORT`: pass it as `restUrl`. */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** OKX's instrument id of a simulated symbol (`BTC/USDT:USDT` → `BTC-USDT-SWAP`). */
  instIdOf(symbol: string): string {
    return this.state(symbol).instId;
  }

  /** The `seqId` the book of `symbol` is at now (what a REST snapshot would carry). */
  seqIdOf(symbol: string): number {
    const state = this.state(symbol);
    return state.market.updateId + state.seqOffset;
  }

  /** Subscriptions of a connection, as `channel:instId`. */
  subscriptions(target: TestConnection | number): string[] {
    const session = this.sessionsFor(target)[0];
    return session ? [...session.subscriptions] : [];
  }

  /** The derivative values last pushed for swap `symbol`. */
  derivativeSent(symbol: string): OkxDerivativeSent {
    return { ...this.state(symbol).sent };
  }

  /** Pushes the pending `books` changes now (the 100 ms push, early). */
  flush(): void {
    this.flushBooks(false);
  }

  /** The next `count` `books` pushes of `symbol` carry a wrong checksum (with `checksum: 'crc32'`). */
  corruptNextChecksum(symbol: string, count = 1): void {
    this.state(symbol).corruptChecksums += count;
  }

  /** The next `count` `books` pushes of `symbol` are lost: the next one's `prevSeqId` breaks the chain. */
  skipBookUpdate(symbol: string, count = 1): void {
    this.state(symbol).skipBookPushes += count;
  }

  /** OKX's maintenance reset: the next `books` push of `symbol` has a `seqId` smaller than its `prevSeqId`. */
  resetSequence(symbol: string): void {
    const state = this.state(symbol);
    state.seqOffset = 3 - state.market.updateId;
  }

  /** The next `count` subscribe args naming `symbol` (or its instId) are refused with 60018. */
  failNextSubscription(symbol: string, count = 1): void {
    const instId = this.findState(symbol)?.instId ?? symbol;
    this.failures.set(instId, (this.failures.get(instId) ?? 0) + count);
  }

  /** The next `times` REST requests get HTTP 429 `{"code":"50011","msg":"Too Many Requests"}`. */
  failRest(times = 1): void {
    this.rest.failNext([429, restBody([], '50011', 'Too Many Requests')], times);
  }

  /** The next `times` REST book snapshots of `symbol` come from a cache `stepsBehind` market steps old. */
  serveStaleSnapshots(symbol: string, stepsBehind: number, times = 1): void {
    this.state(symbol).stale = { steps: stepsBehind, remaining: times };
  }

  /** Delays every later REST answer by `ms` (the book is still taken on receipt). */
  setRestLatency(ms: number): void {
    this.rest.latencyMs = ms;
  }

  /**
   * Sends a broken `books` frame of `symbol`: `invalid-json` (truncated) or `schema` (valid JSON,
   * wrong types).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: SimulatorTarget): void {
    const instId = this.state(symbol).instId;
    const frame =
      kind === 'schema'
        ? JSON.stringify({ arg: { channel: 'books', instId }, action: 'update', data: [{ asks: 'none', bids: [[1, 2]], ts: 17, seqId: 'x', prevSeqId: null }] })
        : `{"arg":{"channel":"books","instId":"${instId}"},"action":"update","data":[{"asks":[["1`;
    for (const session of this.sessionsFor(target)) session.connection.sendRaw(frame);
  }

  protected override release(): void {
    this.rest.stop();
  }

  protected override findState(symbol: string): OkxMarketState | undefined {
    return this.states.get(symbol) ?? this.byInstId.get(symbol);
  }

  protected accept(connection: TestConnection): void {
    if (new URL(connection.url, 'http://127.0.0.1').pathname.replace(/\/+$/, '') !== '/ws/v5/public') {
      connection.drop();
      return;
    }
    appendBounded(this.connectionLog, { connection: connection.id, at: hiResNow() });
    const session: Session = {
      connection,
      connId: ((connection.id * 2_654_435_761) >>> 0).toString(16).padStart(8, '0'),
      subscriptions: new Set(),
      requests: new RateWindow(this.options.subscribeRequestsPerHour, 3_600_000),
      lastReceivedAt: Date.now(),
    };
    this.track(session);
    connection.onText((text) => this.onText(session, text));
  }

  private onText(session: Session, text: string): void {
    session.lastReceivedAt = Date.now();
    appendBounded(this.controlLog, { connection: session.connection.id, at: hiResNow(), text });
    if (text === 'ping') {
      session.connection.send('pong');
      return;
    }
    let request: any;
    try {
      request = JSON.parse(text);
    } catch {
      session.connection.send(errorEvent(undefined, '60012', `Invalid request: ${text}`, session.connId));
      return;
    }
    const id = typeof request?.id === 'string' ? request.id : undefined;
    const op = request?.op;
    if (op !== 'subscribe' && op !== 'unsubscribe') {
      session.connection.send(errorEvent(id, '60019', `Invalid op: ${String(op)}`, session.connId));
      return;
    }
    const args: unknown = request.args;
    if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a?.channel === 'string' && typeof a?.instId === 'string')) {
      session.connection.send(errorEvent(id, '60013', 'Invalid args', session.connId));
      return;
    }
    if (!session.requests.hit()) {
      session.connection.send(errorEvent(id, '60014', 'Requests too frequent.', session.connId));
      return;
    }
    for (const arg of args as { channel: string; instId: string }[]) {
      if (op === 'subscribe') this.subscribe(session, id, arg);
      else {
        session.subscriptions.delete(`${arg.channel}:${arg.instId}`);
        session.connection.send(subscriptionEvent('unsubscribe', id, { channel: arg.channel, instId: arg.instId }, session.connId));
      }
    }
  }

  private subscribe(session: Session, id: string | undefined, { channel, instId }: { channel: string; instId: string }): void {
    const forced = this.failures.get(instId) ?? 0;
    if (forced > 0) this.failures.set(instId, forced - 1);
    const state = channel === 'index-tickers' ? this.derivatives.indexSource(instId) : this.byInstId.get(instId);
    const valid = CHANNELS.has(channel) && state !== undefined && !(SWAP_ONLY.has(channel) && state.instType !== 'SWAP');
    if (!valid || forced > 0) {
      session.connection.send(errorEvent(id, '60018', unknownArgMessage(channel, instId), session.connId));
      return;
    }
    session.subscriptions.add(`${channel}:${instId}`);
    session.connection.send(subscriptionEvent('subscribe', id, { channel, instId }, session.connId));
    const now = Date.now();
    switch (channel) {
      case 'books':
        this.flushBook(state, false); // every subscriber is at the same seqId from here on
        if (this.options.socketSnapshots) {
          const { bids, asks } = okxWireImage(state, state.market.truth());
          session.connection.send(bookPush(instId, 'snapshot', bids, asks, now, -1, state.lastPushedSeq, this.checksumOf(state, false)));
        }
        return;
      case 'tickers':
        session.connection.send(tickerPush(state.instType, instId, state.market.stats(), state.market.grid, state.contractValue, now));
        return;
      case 'mark-price':
        session.connection.send(this.derivatives.markPush(state, now));
        return;
      case 'index-tickers':
        session.connection.send(this.derivatives.indexPush(instId, now));
        return;
      case 'funding-rate':
        session.connection.send(this.derivatives.fundingPush(state, now));
        return;
      case 'open-interest':
        session.connection.send(this.derivatives.openInterestPush(state, now));
        return;
    }
  }

  protected publishStep(state: OkxMarketState, step: MarketStep): void {
    state.depth.add(step);
    if (step.trades.length > 0 || step.topChanged) state.tickerDirty = true;
    const key = `trades:${state.instId}`;
    for (const trade of step.trades) {
      const text = tradePush(state.instId, trade, state.market.grid, step.updateId + state.seqOffset);
      this.publish(key, text);
    }
  }

  private flushBooks(timer: boolean): void {
    for (const state of this.states.values()) {
      this.flushBook(state, timer);
      if (state.tickerDirty) {
        state.tickerDirty = false;
        this.publish(`tickers:${state.instId}`, tickerPush(state.instType, state.instId, state.market.stats(), state.market.grid, state.contractValue, Date.now()));
      }
    }
  }

  /** Pushes the pending changes of one book (or, from the timer, a keepalive after a quiet period). */
  private flushBook(state: OkxMarketState, timer: boolean): void {
    const now = Date.now();
    const key = `books:${state.instId}`;
    const event = state.depth.take();
    if (event === undefined) {
      if (!timer || now - state.lastBookPushAt < this.options.bookKeepaliveMs) return;
      state.lastBookPushAt = now;
      if (this.subscribed(key)) this.keepalivesSent++;
      this.publish(key, bookPush(state.instId, 'update', [], [], now, state.lastPushedSeq, state.lastPushedSeq, this.checksumOf(state, true)));
      return;
    }
    const seqId = event.finalUpdateId + state.seqOffset;
    const prevSeqId = state.lastPushedSeq;
    state.lastPushedSeq = seqId;
    state.lastBookPushAt = now;
    if (state.skipBookPushes > 0) {
      state.skipBookPushes--;
      return;
    }
    const grid = state.market.grid;
    const bids = event.bids.map((level) => okxLevel(level, grid));
    const asks = event.asks.map((level) => okxLevel(level, grid));
    this.publish(key, bookPush(state.instId, 'update', bids, asks, now, prevSeqId, seqId, this.checksumOf(state, true)));
  }

  /** The `checksum` field for the book as it is now (corrupted while a fault is pending, when `corruptible`). */
  private checksumOf(state: OkxMarketState, corruptible: boolean): number | undefined {
    if (this.options.checksum === 'absent') return undefined;
    if (this.options.checksum === 'zero') return 0;
    const top = okxWireImage(state, state.market.truth(25));
    const checksum = okxWireChecksum(top.bids, top.asks);
    if (corruptible && state.corruptChecksums > 0) {
      state.corruptChecksums--;
      return (checksum ^ 0x5a5a5a5a) | 0;
    }
    return checksum;
  }

  private publish(key: string, text: string): void {
    for (const session of this.sessions.values()) if (session.subscriptions.has(key)) session.connection.send(text);
  }

  private subscribed(key: string): boolean {
    for (const session of this.sessions.values()) if (session.subscriptions.has(key)) return true;
    return false;
  }

  private pushMarks(): void {
    const now = Date.now();
    for (const state of this.derivatives.swaps()) {
      const key = `mark-price:${state.instId}`;
      if (this.subscribed(key)) this.publish(key, this.derivatives.markPush(state, now));
    }
    for (const indexId of this.derivatives.indexIds()) {
      const key = `index-tickers:${indexId}`;
      if (this.subscribed(key)) this.publish(key, this.derivatives.indexPush(indexId, now));
    }
  }

  private pushFunding(): void {
    const now = Date.now();
    for (const state of this.derivatives.swaps()) {
      const key = `funding-rate:${state.instId}`;
      if (this.subscribed(key)) this.publish(key, this.derivatives.fundingPush(state, now));
    }
  }

  private pushOpenInterest(): void {
    const now = Date.now();
    for (const state of this.derivatives.swaps()) {
      this.derivatives.moveOpenInterest(state);
      const key = `open-interest:${state.instId}`;
      if (this.subscribed(key)) this.publish(key, this.derivatives.openInterestPush(state, now));
    }
  }

  /** OKX closes a connection that sent nothing for 30 s (a silent one is left to the client's ping timeout). */
  private closeIdle(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (!session.connection.isSilent && now - session.lastReceivedAt > this.options.idleTimeoutMs) session.connection.close(4004, 'No data received in 30s');
    }
  }
}
