import type { ClientOptions, ExchangeClient } from '../model/client';
import type { ExchangeId } from '../model/exchange-id';
import { binance } from './binance/binance';
import { bybit } from './bybit/bybit';
import { binanceFutures } from './binance-futures/binance-futures';
import { bitfinex } from './bitfinex/bitfinex';
import { coinbase } from './coinbase/coinbase';
import { deribit } from './deribit/deribit';
import { gateio } from './gateio/gateio';
import { kraken } from './kraken/kraken';
import { okx } from './okx/okx';
import { kucoin } from './kucoin/kucoin';

/**
 * The client factory of every venue, by id: what record & replay, the CLI and NATS consumers use to
 * build a client from a name. One line per venue.
 *
 * @example
 * ```ts
 * const client = EXCHANGE_FACTORIES.kraken?.({ pingInterval: 5_000 });
 * ```
 */
export const EXCHANGE_FACTORIES: Readonly<Partial<Record<ExchangeId, (options?: ClientOptions) => ExchangeClient>>> = {
  binance,
  coinbase,
  kraken,
  gateio,
  bybit,
  binanceFutures,
  okx,
  bitfinex,
  deribit,
  kucoin,
};

/**
 * The factory of `exchange`; a `TypeError` naming the known venues for an unknown one.
 *
 * @example
 * ```ts
 * exchangeFactory('binance')({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
 * ```
 */
export function exchangeFactory(exchange: string): (options?: ClientOptions) => ExchangeClient {
  const factory = EXCHANGE_FACTORIES[exchange as ExchangeId];
  if (!factory) throw new TypeError(`unknown exchange ${JSON.stringify(exchange)} (known: ${Object.keys(EXCHANGE_FACTORIES).join(', ')})`);
  return factory;
}
