import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { share } from 'rxjs';
import { binance, type ClientOptions, coinbase, conflateBy, type ExchangeClient, type ExchangeId, kraken, type Ticker, venues } from 'rxmarket';
import { MARKET_DATA_OPTIONS, type MarketDataOptions } from './market-data.options';

const CLIENTS: Partial<Record<ExchangeId, (options?: ClientOptions) => ExchangeClient>> = {
  binance,
  coinbase,
  kraken,
};

/** The factory of `exchange`; a clear error for one this service does not configure. */
function clientFor(exchange: ExchangeId): (options?: ClientOptions) => ExchangeClient {
  const factory = CLIENTS[exchange];
  if (!factory) throw new Error(`market-data: no client factory for ${exchange}`);
  return factory;
}

/**
 * One normalized ticker stream for the whole application. It is cold and shared: the first SSE
 * client opens one socket per exchange (all symbols multiplexed on it), the last one to leave
 * closes them. Nothing runs while nobody listens, so there is nothing to clean up on shutdown.
 */
@Injectable()
export class MarketDataService {
  /** Normalized tickers of every configured exchange and symbol, conflated per exchange+symbol. */
  readonly tickers$: Observable<Ticker>;

  constructor(@Inject(MARKET_DATA_OPTIONS) options: MarketDataOptions) {
    const exchanges = Object.keys(options.symbols) as ExchangeId[];
    const group = venues(exchanges.map((exchange) => clientFor(exchange)(options.clients?.[exchange])));
    this.tickers$ = group.tickers(options.symbols).pipe(
      conflateBy((t) => `${t.exchange} ${t.symbol}`, { window: options.conflateMs ?? 250 }),
      share(),
    );
  }
}
