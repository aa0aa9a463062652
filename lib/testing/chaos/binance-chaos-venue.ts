import { binance } from '../../exchanges/binance/binance';
import { BinanceSimulator } from '../binance/binance-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

function depthStream(symbol: string): string {
  return `${symbol.replace('/', '').toLowerCase()}@depth@100ms`;
}

/**
 * Binance set up for a chaos run: a {@link BinanceSimulator}, a {@link ChaosProxy} in front of its
 * WebSocket and another in front of its REST API (depth snapshots), and a `binance()` client with
 * short ping timeouts and reconnect delays. Faults: every proxy fault plus the simulator's gap,
 * truncated JSON, wrong types on a depth stream, REST 429 and 418 during a resync, the 24 h close
 * (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await binanceChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function binanceChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const sim = await BinanceSimulator.start({
    symbols: options.symbols ?? ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    depthIntervalMs: 10,
    tickerIntervalMs: 100,
    bookLevels,
    // 50 faults in half a minute resync books far faster than Binance's REST weight (6000 per minute)
    // would allow: the budget is not what chaos tests, so neither side limits it here.
    restWeightPerMinute: Infinity,
    // A socket the client gave up behind a stalled proxy link stays open on the server side (the proxy
    // no longer reads it); with Binance's own heartbeat (a ping every 20 s, 60 s to answer) the
    // simulator would buffer up to ~80 s of depth for it. Ping every second, drop after 2 s unanswered.
    serverPingIntervalMs: 1000,
    pongTimeoutMs: 2000,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const restProxy = await ChaosProxy.start({ target: sim.restUrl, seed: seed + 1 });
  const client = binance({
    wsUrl: proxy.url,
    restUrl: restProxy.httpUrl,
    // Binance counts pings and pongs in its 5 messages/s: 300 ms keeps well inside it.
    pingInterval: 300,
    pingTimeout: 250,
    reconnect: { delay: 20, maxDelay: 100 },
    snapshotWeightPerMinute: Number.MAX_SAFE_INTEGER,
  });
  const binanceFaults: ChaosFault[] = [
    {
      name: 'sim: skipped depth event (gap)',
      inject: (symbol) => sim.skipDepthEvent(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated JSON frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', undefined, depthStream(symbol)),
      expected: (events) => events.some((e) => e.type === 'error' && e.kind === 'decode' && e.frame !== undefined),
      resyncs: 'none',
    },
    {
      name: 'sim: wrong types on a depth stream',
      inject: (symbol) => sim.sendMalformed('schema', undefined, depthStream(symbol)),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 429 during a resync',
      inject: (symbol) => {
        sim.failRest(429, 1, 0);
        sim.skipDepthEvent(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /429/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 418 during a resync',
      inject: (symbol) => {
        sim.failRest(418, 1, 0);
        sim.skipDepthEvent(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /418/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: { depth: 1000 },
    compareDepth: options.compareDepth ?? bookLevels,
    keepalive: { pingInterval: 300, pingTimeout: 250 },
    faults: [...proxyFaults(proxy, restProxy), ...binanceFaults, ...connectionFaults(sim, 'daily', 'sim: server close 1000 (24 h)')],
    stop: async () => {
      await Promise.all([proxy.close(), restProxy.close()]);
      await sim.stop();
    },
  };
}
