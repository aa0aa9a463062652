/**
 * rxmarket: exchange WebSocket feeds as normalized, cold RxJS Observables with verified order books.
 *
 * @example
 * ```ts
 * import { binance, orderBook } from 'rxmarket';
 * binance().book('BTC/USDT').pipe(orderBook({ depth: 10 })).subscribe((s) => console.log(s.bids[0], s.asks[0]));
 * ```
 * @packageDocumentation
 */

// normalized model
export type { ExchangeId } from './model/exchange-id';
export type { Ticker } from './model/ticker';
export type { Trade, TradeSide } from './model/trade';
export type { BookLevel, BookSnapshot, BookDelta, BookEvent } from './model/book-event';
export type { OrderBookState } from './model/order-book-state';
export type { ExchangeEvent, ExchangeEventType, ResyncReason, ErrorKind } from './model/exchange-event';
export type { ClientOptions, ReconnectOptions, BookOptions, ExchangeClient } from './model/client';
export type { DerivativeTicker } from './model/derivative-ticker';
export type { Instrument, InstrumentType } from './model/instrument';
export { parseSymbol, isDerivativeSymbol } from './model/symbol';
export type { SymbolParts } from './model/symbol';

// socket
export { openSocket, defaultCreateWebSocket } from './socket/open-socket';
export type { SocketOptions } from './socket/open-socket';
export type { SocketEvent, SocketHandle } from './socket/socket-event';
export type { WebSocketLike, CreateWebSocket } from './socket/web-socket-like';
export { TransportError } from './socket/transport-error';
export { reconnect } from './socket/reconnect';
export type { ReconnectPolicy } from './socket/reconnect';
export { backoffDelay } from './socket/backoff';
export type { BackoffPolicy } from './socket/backoff';
export { hiResScheduler, hiResNow } from './socket/hi-res-scheduler';
export { httpRequest, httpGet } from './socket/http-transport';
export type { HttpRequest, HttpResponse, HttpTransport } from './socket/http-transport';

// exchange adapters
export { StreamHub } from './exchanges/common/stream-hub';
export type { ListenerFactory } from './exchanges/common/stream-hub';
export type { ConnectionEndpoint, ExchangeProtocol, FrameSession, FrameSink } from './exchanges/common/exchange-protocol';
export type { ControlRequest } from './exchanges/common/control-queue';
export type { StreamListener, StreamStatus, StreamContext, RaisedEvent } from './exchanges/common/stream-listener';
export { resolveOptions, checkUrl } from './exchanges/common/resolved-options';
export { assembleClient, clientInternals } from './exchanges/common/assemble-client';
export { ClientTap } from './exchanges/common/client-tap';
export type { TapHooks } from './exchanges/common/client-tap';
export type { VenueStreams, ClientInternals } from './exchanges/common/assemble-client';
export { InstrumentCatalog } from './exchanges/common/instrument-catalog';
export type { InstrumentCatalogSettings } from './exchanges/common/instrument-catalog';
export { UnknownSymbolError } from './exchanges/common/unknown-symbol-error';
export { fetchJson, HttpStatusError } from './exchanges/common/fetch-json';
export { EXCHANGE_FACTORIES, exchangeFactory } from './exchanges/exchange-factories';
export type { ResolvedOptions } from './exchanges/common/resolved-options';
export { binance, BINANCE_WS_URL, BINANCE_REST_URL } from './exchanges/binance/binance';
export type { BinanceOptions } from './exchanges/binance/binance';
export { coinbase, COINBASE_WS_URL, COINBASE_REST_URL } from './exchanges/coinbase/coinbase';
export type { CoinbaseOptions } from './exchanges/coinbase/coinbase';
export { kraken, KRAKEN_WS_URL, KRAKEN_BOOK_DEPTHS } from './exchanges/kraken/kraken';
export type { KrakenOptions } from './exchanges/kraken/kraken';
export { gateio, GATEIO_WS_URL, GATEIO_REST_URL, GATEIO_BOOK_DEPTHS } from './exchanges/gateio/gateio';
export type { GateioOptions } from './exchanges/gateio/gateio';
export { bybit, BYBIT_WS_URL, BYBIT_REST_URL, BYBIT_BOOK_DEPTHS, BYBIT_PING_INTERVAL } from './exchanges/bybit/bybit';
export type { BybitOptions } from './exchanges/bybit/bybit';
export { binanceFutures, BINANCE_FUTURES_WS_URL, BINANCE_FUTURES_REST_URL } from './exchanges/binance-futures/binance-futures';
export type { BinanceFuturesOptions } from './exchanges/binance-futures/binance-futures';
export { okx, OKX_WS_URL, OKX_REST_URL, OKX_BOOK_DEPTH } from './exchanges/okx/okx';
export type { OkxOptions } from './exchanges/okx/okx';
export { okxChecksum, okxChecksumText } from './exchanges/okx/okx-checksum';
export { bitfinex, BITFINEX_WS_URL, BITFINEX_REST_URL, BITFINEX_BOOK_DEPTHS } from './exchanges/bitfinex/bitfinex';
export type { BitfinexOptions } from './exchanges/bitfinex/bitfinex';
export { deribit, DERIBIT_WS_URL, DERIBIT_REST_URL, DERIBIT_HEARTBEAT_INTERVAL } from './exchanges/deribit/deribit';
export type { DeribitOptions } from './exchanges/deribit/deribit';
export { kucoin, KUCOIN_WS_URL, KUCOIN_REST_URL, KUCOIN_MAX_BOOK_DEPTH } from './exchanges/kucoin/kucoin';
export type { KucoinOptions } from './exchanges/kucoin/kucoin';
export { forwardPayloads } from './exchanges/common/forward-payloads';

// book
export { PriceLevels, isValidLevel } from './book/price-levels';
export type { BookSide, PriceLevelsOptions } from './book/price-levels';
export { OrderBook } from './book/order-book';

// operators
export { orderBook } from './operators/order-book';
export type { OrderBookOptions } from './operators/order-book';
export { venues } from './operators/venues';
export type { Venues, VenueSymbol, VenueSymbols } from './operators/venues';
export { arbitrage } from './operators/arbitrage';
export type { ArbitrageOptions } from './operators/arbitrage';
export { isOpportunity } from './operators/arbitrage-signal';
export type { ArbitrageOpportunity, ArbitrageClosed, ArbitrageCloseReason, ArbitrageSignal } from './operators/arbitrage-signal';
export { bestBid, bestBidSize, bestAsk, bestAskSize } from './operators/top-of-book';
export type { TopOfBookQuote } from './operators/top-of-book';
export { latency } from './operators/latency';
export type { LatencyOptions, LatencySample } from './operators/latency';
export type { LatencyStats, LatencySummary } from './operators/latency-stats';
export { batch } from './operators/batch';
export type { BatchOptions } from './operators/batch';
export { conflateBy } from './operators/conflate-by';
export type { ConflateOptions } from './operators/conflate-by';
export { consumeWithBuffer } from './operators/consume-with-buffer';
export { toAsyncIterable } from './operators/to-async-iterable';
export type { BoundedBufferOptions, OverflowStrategy } from './operators/bounded-buffer-options';
export { BoundedQueue } from './operators/bounded-queue';
export { BufferOverflowError } from './operators/buffer-overflow-error';
export { candles } from './operators/candles';
export type { Candle, CandleOptions } from './operators/candles';
export { bookSnapshots } from './operators/book-snapshots';
export type { BookSample, BookSnapshotsOptions } from './operators/book-snapshots';

// record & replay
export { record } from './replay/record';
export type { RecordOptions, Recording, RecordingClient } from './replay/record';
export type { RecordingStats } from './replay/recording-writer';
export { replay, replayTogether } from './replay/replay';
export type { ReplayOptions, ReplayClient } from './replay/replay';
export { RECORDING_FORMAT, RECORDING_VERSION } from './replay/recording-format';
export type {
  RecordingHeader,
  RecordingRecord,
  RecordingRecordType,
  RecordedClientOptions,
  RecordTimes,
  ConnectionRecordBase,
  StreamMethod,
} from './replay/recording-format';
export { readRecording, readRecordingHeader, parseRecording, recordingText } from './replay/recording-reader';
export type { RecordingContents } from './replay/recording-reader';
export { recordLine, parseRecordLine, RecordingFormatError } from './replay/record-line';
export { epochNs, epochMs } from './replay/epoch-ns';
export type { RecordingFileSystem, RecordingFile } from './replay/recording-file-system';
export { nodeRecordingFileSystem } from './replay/recording-file-system';
export { summarizeRecording } from './replay/recording-summary';
export type { RecordingSummary } from './replay/recording-summary';
export { replayStats, openStream } from './replay/replay-stats';
export type { ReplayStats } from './replay/replay-stats';
export type { WantedStream } from './replay/replay-subscriptions';
export { RecordingBuilder, secondsToMs } from './replay/convert/recording-builder';
export { convertCryptofeedJsonl } from './replay/convert/cryptofeed-jsonl';
export { convertCryptofeedBinanceText } from './replay/convert/cryptofeed-binance-text';
export type { BinanceTextCapture } from './replay/convert/cryptofeed-binance-text';
export { convertKrakenBookFixture } from './replay/convert/kraken-book-fixture';
export type { KrakenBookFixture } from './replay/convert/kraken-book-fixture';
export { cryptofeedExchange, cryptofeedSymbol, splitNativeSymbol } from './replay/convert/cryptofeed-symbols';
