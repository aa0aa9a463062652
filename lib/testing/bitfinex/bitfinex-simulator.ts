import { appendBounded } from '../harness/bounded-log';
import { ExchangeSimulator, type SimulatorTarget } from '../harness/exchange-simulator';
import { RateWindow } from '../harness/rate-window';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';
import { SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import type { TestConnection } from '../harness/test-connection';
import { WindowedDepth } from '../harness/windowed-depth';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { type BitfinexSimulatorOptions, type ResolvedBitfinexOptions, resolveBitfinexOptions } from './bitfinex-simulator-options';
import { bookChecksum, bookLevel, bookSnapshotBody, channelMessage, errorReply, infoCode, infoGreeting, pairInfo, tickerBody, tradeTuple } from './bitfinex-wire';

const SEQ_ALL = 65536;
const OB_CHECKSUM = 131072;
const RECENT_TRADES = 30;
/** Bitfinex's currency labels the simulator lists (`pub:map:currency:sym`). */
const CURRENCY_LABELS: readonly (readonly [string, string])[] = [['UST', 'USDt'], ['EUT', 'EURt']];

/**
 * One incoming text message of the simulator, with receipt time (pings included).
 *
 * @example
 * ```ts
 * sim.requests.filter((r: BitfinexRequestLogEntry) => r.text.includes('"subscribe"'));
 * ```
 */
export interface BitfinexRequestLogEntry {
  readonly connection: number;
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly text: string;
}

type ChannelName = 'ticker' | 'trades' | 'book';

interface SymbolState {
  readonly symbol: string;
  /** Bitfinex's symbol, e.g. `tBTCUSD`. */
  readonly native: string;
  readonly market: SimulatedMarket;
  /** One windowed feed per book length someone subscribes. */
  readonly feeds: Map<number, WindowedDepth>;
  readonly recentTrades: string[];
  /** `tu` bodies of the last step, sent at the next one (a trade is written 1–2 s after its `te`). */
  pendingUpdates: string[];
  corruptChecksum: number;
  tickerDirty: boolean;
}

interface Channel {
  readonly chanId: number;
  readonly name: ChannelName;
  readonly native: string;
  /** `undefined` for a symbol listed without a market (a quiet channel). */
  readonly state: SymbolState | undefined;
  readonly length?: number;
  lastSentAt: number;
}

interface Session {
  readonly connection: TestConnection;
  flags: number;
  /** Last sequence number sent. */
  seq: number;
  readonly channels: Map<number, Channel>;
}

/**
 * A local Bitfinex WebSocket v2 server (public channels) on `ws://127.0.0.1:PORT/ws/2`, with REST
 * `GET /v2/conf/<configs>` (`pub:info:pair`, `pub:map:currency:sym`, `pub:list:pair:exchange`) on
 * the same port. On connect it sends `info`; `conf` sets the flags (SEQ_ALL appends the
 * connection's sequence number to every channel message, OB_CHECKSUM adds a `cs` after each book
 * iteration); `{"event":"ping","cid":n}` is answered with `pong`. Channels: `ticker` (each
 * `tickerIntervalMs`, if the market moved), `trades` (snapshot of the last 30, newest first, then
 * `te` at each trade and `tu` one step later), `book` `P0`/`F0` with `len` 25 or 100 (snapshot, then
 * one message per level that changed within the length — count 0 and amount ±1 for a level that
 * left it — then `cs`). Quiet channels get `hb` every `heartbeatIntervalMs`. Limits as documented:
 * 25 channels per connection (error 10305), 20 connections per minute (HTTP 429 on the handshake).
 *
 * Faults: {@link dropConnections}, {@link goSilent}/{@link resumeSending}, {@link closeAll},
 * {@link corruptNextChecksum}, {@link skipSequence} (a sequence break), {@link sendMalformed},
 * {@link failNextSubscription} (error 10300), {@link restart} (info 20051, then the server closes),
 * {@link startMaintenance}/{@link endMaintenance} (info 20060/20061; no channel data meanwhile),
 * {@link failRest}; unknown symbols, channels, lengths and precisions are refused like on Bitfinex.
 *
 * @example
 * ```ts
 * const sim = await BitfinexSimulator.start({ symbols: ['BTC/USD'], seed: 7 });
 * const bf = bitfinex({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * bf.book('BTC/USD').subscribe(console.log);
 * sim.truth('BTC/USD', 25); // what a correct local book shows
 * await sim.stop();
 * ```
 */
export class BitfinexSimulator extends ExchangeSimulator<Session, SymbolState, ResolvedBitfinexOptions> {
  /** Every incoming text message. */
  readonly requests: BitfinexRequestLogEntry[] = [];
  private readonly rest: SimulatorRest;
  private readonly byNative = new Map<string, SymbolState>();
  private readonly listed = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly connectionWindow: RateWindow;
  private readonly delayed = new Set<ReturnType<typeof setTimeout>>();
  private nextChanId = 17_000;
  private maintenance = false;

  private constructor(options: ResolvedBitfinexOptions) {
    super(options, (symbol, market) => ({ symbol, native: nativeOf(symbol), market, feeds: new Map(), recentTrades: [], pendingUpdates: [], corruptChecksum: 0, tickerDirty: true }));
    for (const state of this.states.values()) this.byNative.set(state.native, state);
    for (const symbol of [...options.symbols, ...options.listedSymbols]) this.listed.add(nativeOf(symbol));
    this.connectionWindow = new RateWindow(options.maxConnectionsPerMinute, 60_000);
    this.rest = new SimulatorRest((path) => this.answerRest(path), { status: 404, body: '["error",10020,"not found"]' });
    this.rest.latencyMs = options.restLatencyMs;
  }

  /** Starts the servers on an ephemeral 127.0.0.1 port. */
  static async start(options: BitfinexSimulatorOptions = {}): Promise<BitfinexSimulator> {
    const sim = new BitfinexSimulator(resolveBitfinexOptions(options));
    return sim.listen(
      {
        onHttpRequest: (request, response) => sim.rest.handle(request, response),
        refuseHandshake: () => (sim.connectionWindow.hit() ? undefined : { status: 429, message: 'Too Many Requests' }),
      },
      [
        [sim.options.tickerIntervalMs, () => sim.flushTickers()],
        [Math.max(10, sim.options.heartbeatIntervalMs / 4), () => sim.sendHeartbeats()],
      ],
    );
  }

  /** The v2 endpoint, `ws://127.0.0.1:PORT/ws/2`: pass it as `wsUrl`. */
  override get wsUrl(): string {
    return `${super.wsUrl}/ws/2`;
  }

  /** REST base URL, `http://127.0.0.1:PORT` (the client adds `/v2/conf/…`). */
  get restUrl(): string {
    return this.server.httpUrl;
  }

  /** Every REST request with receipt time and status. */
  get restLog(): readonly SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** Channels of a connection, as `channel:symbol` (books: `book:symbol:len`), e.g. `book:tBTCUSD:25`. */
  subscriptions(target: TestConnection | number): string[] {
    const session = this.sessionsFor(target)[0];
    return session ? [...session.channels.values()].map((c) => (c.length === undefined ? `${c.name}:${c.native}` : `${c.name}:${c.native}:${c.length}`)) : [];
  }

  /** Pushes due tickers now. */
  flush(): void {
    this.flushTickers();
  }

  /** The next `cs` of every book of `symbol` carries a wrong checksum. */
  corruptNextChecksum(symbol: string, count = 1): void {
    this.state(symbol).corruptChecksum += count;
  }

  /** The next message to each target connection skips one sequence number, as if a message were lost. */
  skipSequence(target?: SimulatorTarget): void {
    for (const session of this.sessionsFor(target)) session.seq++;
  }

  /**
   * Sends a broken book message about `symbol` to the connections subscribed to it: `invalid-json`
   * (cut short; its sequence number is spent, so the client also sees a jump) or `schema` (valid
   * JSON with its sequence number, a price as a string).
   */
  sendMalformed(kind: 'invalid-json' | 'schema' = 'invalid-json', symbol = this.options.symbols[0]!, target?: SimulatorTarget): void {
    const state = this.state(symbol);
    for (const session of this.sessionsFor(target)) {
      for (const channel of session.channels.values()) {
        if (channel.name !== 'book' || channel.state !== state) continue;
        const seq = ++session.seq;
        const price = state.market.top().bid;
        session.connection.sendRaw(kind === 'schema' ? `[${channel.chanId},["${price}",1,0.5],${seq}]` : `[${channel.chanId},[${price},1,`);
      }
    }
  }

  /** The next `count` subscriptions naming `symbol` are refused with error 10300. */
  failNextSubscription(symbol: string, count = 1): void {
    this.failures.set(nativeOf(symbol), (this.failures.get(nativeOf(symbol)) ?? 0) + count);
  }

  /** Info 20051 ("Stopping. Please try to reconnect") to the target connections, which the server closes after `closeAfterMs` if still open. */
  restart(closeAfterMs = 1000, target?: SimulatorTarget): void {
    for (const session of this.sessionsFor(target)) {
      session.connection.send(infoCode(20051));
      this.later(closeAfterMs, () => session.connection.close(1001, 'restart'));
    }
  }

  /** Info 20060 to every connection; no channel message is sent until {@link endMaintenance} (the market goes on). */
  startMaintenance(): void {
    this.maintenance = true;
    for (const session of this.sessions.values()) session.connection.send(infoCode(20060));
  }

  /** Info 20061 to every connection, and channel messages resume. */
  endMaintenance(): void {
    this.maintenance = false;
    for (const session of this.sessions.values()) session.connection.send(infoCode(20061));
  }

  /** The next `times` REST requests fail: 429 (`{"error":"ERR_RATE_LIMIT"}`) or a 5xx (`["error",10020,"…"]`). */
  failRest(status: 429 | 500 | 502 = 500, times = 1): void {
    this.rest.failNext(() => ({ status, body: status === 429 ? '{"error":"ERR_RATE_LIMIT"}' : '["error",10020,"internal error"]' }), times);
  }

  protected accept(connection: TestConnection): void {
    const session: Session = { connection, flags: 0, seq: 0, channels: new Map() };
    this.track(session);
    connection.onText((text) => {
      appendBounded(this.requests, { connection: connection.id, at: hiResNow(), text });
      this.handleRequest(session, text);
    });
    connection.send(infoGreeting(`00000000-0000-4000-8000-${connection.id.toString(16).padStart(12, '0')}`, 1));
  }

  protected override release(): void {
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    this.rest.stop();
  }

  private handleRequest(session: Session, text: string): void {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(text) as Record<string, unknown>;
      if (typeof request !== 'object' || request === null || Array.isArray(request)) throw new TypeError();
    } catch {
      session.connection.send(errorReply(10000, 'event: invalid'));
      return;
    }
    const { connection } = session;
    switch (request['event']) {
      case 'conf':
        session.flags = typeof request['flags'] === 'number' ? request['flags'] : 0;
        connection.send(JSON.stringify({ event: 'conf', status: 'OK', flags: session.flags }));
        return;
      case 'ping':
        connection.send(JSON.stringify({ event: 'pong', ts: Date.now(), ...(request['cid'] === undefined ? {} : { cid: request['cid'] }) }));
        return;
      case 'subscribe':
        this.subscribe(session, request);
        return;
      case 'unsubscribe': {
        const chanId = request['chanId'];
        if (typeof chanId !== 'number' || !session.channels.delete(chanId)) {
          connection.send(errorReply(10400, 'unsubscribe: invalid', { chanId }));
          return;
        }
        this.dropUnusedFeeds();
        connection.send(JSON.stringify({ event: 'unsubscribed', status: 'OK', chanId }));
        return;
      }
      default:
        connection.send(errorReply(10000, 'event: invalid'));
    }
  }

  private subscribe(session: Session, request: Record<string, unknown>): void {
    const { event: _event, ...echo } = request;
    const refuse = (code: number, msg: string): void => {
      session.connection.send(errorReply(code, msg, echo));
    };
    const name = request['channel'];
    const native = request['symbol'];
    if (name !== 'ticker' && name !== 'trades' && name !== 'book') return refuse(10302, 'channel: unknown');
    if (typeof native !== 'string' || !this.listed.has(native)) return refuse(10300, 'symbol: invalid');
    const failures = this.failures.get(native) ?? 0;
    if (failures > 0) {
      this.failures.set(native, failures - 1);
      return refuse(10300, 'symbol: invalid');
    }
    let length: number | undefined;
    if (name === 'book') {
      if ((request['prec'] ?? 'P0') !== 'P0') return refuse(10300, 'prec: invalid');
      if ((request['freq'] ?? 'F0') !== 'F0') return refuse(10300, 'freq: invalid');
      length = Number(request['len'] ?? '25');
      if (length !== 25 && length !== 100) return refuse(10300, 'len: invalid');
    }
    const channels = [...session.channels.values()];
    if (channels.some((c) => c.name === name && c.native === native && c.length === length)) return refuse(10301, 'subscribe: dup');
    if (channels.length >= this.options.maxChannelsPerConnection) return refuse(10305, 'subscribe: limit');
    const chanId = this.nextChanId++;
    const pair = native.slice(1);
    const reply = name === 'book' ? { event: 'subscribed', channel: name, chanId, symbol: native, prec: 'P0', freq: 'F0', len: String(length), pair } : { event: 'subscribed', channel: name, chanId, symbol: native, pair };
    session.connection.send(JSON.stringify(reply));
    const state = this.byNative.get(native);
    const channel: Channel = { chanId, name, native, state, ...(length === undefined ? {} : { length }), lastSentAt: Date.now() };
    session.channels.set(chanId, channel);
    if (!state) return; // listed without a market: a quiet channel (heartbeats only)
    if (name === 'book') {
      if (!state.feeds.has(length!)) state.feeds.set(length!, new WindowedDepth(state.market, length!));
      this.send(session, channel, bookSnapshotBody(state.market.truth(length)));
    } else if (name === 'trades') {
      this.send(session, channel, `[${state.recentTrades.join(',')}]`);
    } else {
      this.send(session, channel, tickerBody(state.market.stats()));
    }
  }

  protected publishStep(state: SymbolState, step: MarketStep): void {
    const updates = state.pendingUpdates;
    state.tickerDirty = true;
    const executed = step.trades.map(tradeTuple);
    for (const tuple of executed) {
      state.recentTrades.unshift(tuple);
      if (state.recentTrades.length > RECENT_TRADES) state.recentTrades.pop();
    }
    state.pendingUpdates = executed;
    const books = new Map<number, string[]>();
    for (const [length, feed] of state.feeds) {
      feed.add(step);
      const update = feed.take();
      if (!update) continue;
      const bodies = [...update.bids.map(([p, q]) => bookLevel(p, q, 'bid')), ...update.asks.map(([p, q]) => bookLevel(p, q, 'ask'))];
      const checksum = bookChecksum(update.image);
      bodies.push(`"cs",${state.corruptChecksum > 0 ? checksum ^ 0x5a5a : checksum}`);
      books.set(length, bodies);
    }
    if (books.size > 0 && state.corruptChecksum > 0) state.corruptChecksum--;
    if (this.maintenance) return;
    for (const session of this.sessions.values()) {
      for (const channel of session.channels.values()) {
        if (channel.state !== state) continue;
        if (channel.name === 'trades') {
          for (const tuple of updates) this.send(session, channel, `"tu",${tuple}`);
          for (const tuple of executed) this.send(session, channel, `"te",${tuple}`);
        } else if (channel.name === 'book') {
          for (const body of books.get(channel.length!) ?? []) this.send(session, channel, body);
        }
      }
    }
  }

  private flushTickers(): void {
    if (this.maintenance) return;
    for (const state of this.states.values()) {
      if (!state.tickerDirty) continue;
      state.tickerDirty = false;
      let body: string | undefined;
      for (const session of this.sessions.values()) {
        for (const channel of session.channels.values()) {
          if (channel.state === state && channel.name === 'ticker') this.send(session, channel, (body ??= tickerBody(state.market.stats())));
        }
      }
    }
  }

  private sendHeartbeats(): void {
    if (this.maintenance) return;
    const quietSince = Date.now() - this.options.heartbeatIntervalMs;
    for (const session of this.sessions.values()) {
      for (const channel of session.channels.values()) if (channel.lastSentAt <= quietSince) this.send(session, channel, '"hb"');
    }
  }

  /** One channel message: the body, with the connection's next sequence number when asked for; `cs` only with OB_CHECKSUM. */
  private send(session: Session, channel: Channel, body: string): void {
    if (body.startsWith('"cs"') && (session.flags & OB_CHECKSUM) === 0) return;
    channel.lastSentAt = Date.now();
    session.connection.send(channelMessage(channel.chanId, body, (session.flags & SEQ_ALL) === 0 ? undefined : ++session.seq));
  }

  private dropUnusedFeeds(): void {
    for (const state of this.states.values()) {
      for (const length of state.feeds.keys()) {
        const used = [...this.sessions.values()].some((s) => [...s.channels.values()].some((c) => c.state === state && c.length === length));
        if (!used) state.feeds.delete(length);
      }
    }
  }

  private answerRest(path: string): { status: number; body: string } | undefined {
    if (!path.startsWith('/v2/conf/')) return undefined;
    const answers: unknown[] = [];
    for (const config of decodeURIComponent(path.slice('/v2/conf/'.length)).split(',')) {
      const pairs = [...this.listed].map((native) => native.slice(1));
      if (config === 'pub:info:pair') answers.push(pairs.map((pair) => pairInfo(pair, '0.00004', '2000.0')));
      else if (config === 'pub:list:pair:exchange') answers.push(pairs);
      else if (config === 'pub:map:currency:sym') answers.push(CURRENCY_LABELS);
      else return { status: 500, body: '["error",10020,"config: invalid"]' };
    }
    return { status: 200, body: JSON.stringify(answers) };
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      fn();
    }, ms);
    this.delayed.add(timer);
  }

  protected override findState(symbol: string): SymbolState | undefined {
    return this.states.get(symbol) ?? this.byNative.get(symbol);
  }
}

/** Bitfinex's symbol of a unified spot symbol: `t` + codes (`USDT` → `UST`, `EURT` → `EUT`), `:` between codes longer than 3 letters. */
function nativeOf(symbol: string): string {
  const code = (currency: string): string => CURRENCY_LABELS.find(([, label]) => label.toUpperCase() === currency)?.[0] ?? currency;
  const [base, quote] = symbol.split('/').map(code) as [string, string];
  return base.length === 3 && quote.length === 3 ? `t${base}${quote}` : `t${base}:${quote}`;
}
