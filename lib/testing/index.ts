/**
 * `rxmarket/testing`: local exchange simulators (real WebSocket + REST servers on 127.0.0.1)
 * and the harness they are built on, so bots can be tested without touching a real exchange.
 *
 * @example
 * ```ts
 * import { BinanceSimulator } from 'rxmarket/testing';
 * const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 1 });
 * const bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * // ...
 * await sim.stop();
 * ```
 * @packageDocumentation
 */

// harness (exchange-independent)
export { seededRandom, randomInt, randomPick, randomChance, randomTopBiasedIndex } from './harness/seeded-random';
export type { RandomSource } from './harness/seeded-random';
export {
  priceGrid,
  decimalsOf,
  roundTo,
  priceOfTicks,
  ticksOfPrice,
  quantityOfUnits,
  unitsOfQuantity,
} from './harness/price-grid';
export type { PriceGrid } from './harness/price-grid';
export { marketSpecFor } from './harness/market-spec';
export type { MarketSpec } from './harness/market-spec';
export { GroundTruthBook } from './harness/ground-truth-book';
export type { BookSide, BookImage } from './harness/ground-truth-book';
export { SimulatedMarket, applyLevelChanges } from './harness/simulated-market';
export { bookWindowDelta } from './harness/book-window';
export type {
  SimulatedMarketOptions,
  LevelChange,
  SimulatedTrade,
  MarketStep,
  TopOfBook,
  MarketStats,
} from './harness/simulated-market';
export { Pacer } from './harness/pacer';
export type { PacerOptions } from './harness/pacer';
export { WsTestServer } from './harness/ws-test-server';
export type { WsTestServerOptions } from './harness/ws-test-server';
export { TestConnection } from './harness/test-connection';
export type { HeartbeatOptions } from './harness/test-connection';
export { RateWindow } from './harness/rate-window';
export { CreditPool } from './harness/credit-pool';
export { resolveSimulatorOptions } from './harness/simulator-options';
export type { SimulatorOptions, ResolvedOptions, ResolvedSimulatorOptions } from './harness/simulator-options';
export { ExchangeSimulator } from './harness/exchange-simulator';
export { SimulatedDerivative } from './harness/simulated-derivative';
export type { DerivativeState, SimulatedDerivativeOptions } from './harness/simulated-derivative';
export { DepthAccumulator } from './harness/depth-accumulator';
export type { AggregatedDepth } from './harness/depth-accumulator';
export type { SimulatorTarget, SimulatorState, SimulatorPush } from './harness/exchange-simulator';
export { WindowedDepth } from './harness/windowed-depth';
export type { WindowedUpdate } from './harness/windowed-depth';
// the one REST harness every simulator uses; `SimulatedRestApi` keeps its first call form as an adapter over it
export { SimulatorRest, getRoutes } from './harness/simulator-rest';
export { SimulatedRestApi } from './harness/simulated-rest-api';
export type {
  SimulatorRestLogEntry,
  SimulatorRestLogEntry as SimulatedRestLogEntry,
  SimulatorRestOptions,
  RestAnswer,
  RestAnswerTuple,
  RestReply,
  RestRoute,
  RestRoutes,
  RestWeightLimit,
} from './harness/simulator-rest';
export { WeightWindow } from './harness/weight-window';

// Binance spot
export { BinanceSimulator } from './binance/binance-simulator';
export type { ControlLogEntry, BinanceTruth, ConnectionTarget, ShutdownNoticeOptions } from './binance/binance-simulator';
export type { BinanceSimulatorOptions } from './binance/binance-simulator-options';
export type { RestLogEntry } from './binance/binance-rest';

// Binance USD-M futures
export { BinanceFuturesSimulator } from './binance-futures/binance-futures-simulator';
export type { BinanceFuturesTruth, MarkPricePush } from './binance-futures/binance-futures-simulator';
export type { BinanceFuturesSimulatorOptions } from './binance-futures/binance-futures-simulator-options';

// Kraken WS v2
export { KrakenSimulator } from './kraken/kraken-simulator';
export type { KrakenRequestLogEntry, KrakenConnectionTarget } from './kraken/kraken-simulator';
export type { KrakenSimulatorOptions } from './kraken/kraken-simulator-options';
export { KrakenBookFeed } from './kraken/kraken-book-feed';

// Coinbase Advanced Trade
export { CoinbaseSimulator } from './coinbase/coinbase-simulator';
export type { CoinbaseControlLogEntry, CoinbaseClosure, CoinbaseTarget } from './coinbase/coinbase-simulator';
export type { CoinbaseSimulatorOptions } from './coinbase/coinbase-simulator-options';
export type { CoinbaseRestLogEntry } from './coinbase/coinbase-rest';

// Gate.io v4 spot
export { GateioSimulator } from './gateio/gateio-simulator';
export type { GateioRequestLogEntry } from './gateio/gateio-simulator';
export type { GateioSimulatorOptions } from './gateio/gateio-simulator-options';

// Bybit v5 (spot + linear)
export { BybitSimulator } from './bybit/bybit-simulator';
export type { BybitRequestLogEntry } from './bybit/bybit-simulator';
export type { BybitSimulatorOptions } from './bybit/bybit-simulator-options';
export type { BybitRestLogEntry } from './bybit/bybit-rest';

// OKX v5
export { OkxSimulator } from './okx/okx-simulator';
export type { OkxControlLogEntry } from './okx/okx-simulator';
export type { OkxDerivativeSent } from './okx/okx-market-state';
export type { OkxSimulatorOptions } from './okx/okx-simulator-options';
// Bitfinex v2
export { BitfinexSimulator } from './bitfinex/bitfinex-simulator';
export type { BitfinexRequestLogEntry } from './bitfinex/bitfinex-simulator';
export type { BitfinexSimulatorOptions } from './bitfinex/bitfinex-simulator-options';
// Deribit (JSON-RPC: perpetuals, futures, spot)
export { DeribitSimulator } from './deribit/deribit-simulator';
export type { DeribitRequestLogEntry } from './deribit/deribit-simulator';
export type { DeribitSimulatorOptions } from './deribit/deribit-simulator-options';
export { DERIBIT_MARKETS } from './deribit/deribit-simulator-options';
// KuCoin spot
export { KucoinSimulator } from './kucoin/kucoin-simulator';
export type { KucoinRequestLogEntry } from './kucoin/kucoin-simulator';
export type { KucoinSimulatorOptions } from './kucoin/kucoin-simulator-options';

// user-pipeline testing
export { mockExchangeClient } from './mock/mock-exchange-client';
export type { MockExchangeStreams } from './mock/mock-exchange-client';

// chaos testing
export { ChaosProxy } from './chaos/chaos-proxy';
export type { ChaosProxyOptions, ChaosProxyStats, CutMode, StallDirection } from './chaos/chaos-proxy';
export { TruthHistory, bookKey } from './chaos/truth-history';
export type { TruthSource } from './chaos/truth-history';
export { BookAuditor } from './chaos/book-auditor';
export { faultSchedule, sawResync, sawError, reopenedAfter } from './chaos/chaos-fault';
export type { ChaosFault } from './chaos/chaos-fault';
export { proxyFaults } from './chaos/proxy-faults';
export type { ChaosVenue, ChaosVenueOptions, PausableTruth } from './chaos/chaos-venue';
export { runChaos } from './chaos/chaos-run';
export type { ChaosRunOptions, ChaosReport, ChaosFaultRecord } from './chaos/chaos-run';
export { binanceChaosVenue } from './chaos/binance-chaos-venue';
export { coinbaseChaosVenue } from './chaos/coinbase-chaos-venue';
export { krakenChaosVenue } from './chaos/kraken-chaos-venue';
export { bybitChaosVenue } from './chaos/bybit-chaos-venue';
export { binanceFuturesChaosVenue } from './chaos/binance-futures-chaos-venue';
export { okxChaosVenue } from './chaos/okx-chaos-venue';
export type { OkxChaosVenueOptions } from './chaos/okx-chaos-venue';
export { bitfinexChaosVenue } from './chaos/bitfinex-chaos-venue';
export { deribitChaosVenue } from './chaos/deribit-chaos-venue';
export { kucoinChaosVenue } from './chaos/kucoin-chaos-venue';
export { gateioChaosVenue } from './chaos/gateio-chaos-venue';
export { connectionFaults } from './chaos/connection-faults';
export type { ConnectionFaultTarget } from './chaos/connection-faults';
