import type { MarketStats } from '../harness/simulated-market';
import { coinbaseDecimal } from './coinbase-wire';

/**
 * What the simulator lists about one product in `GET /api/v3/brokerage/market/products`.
 *
 * @example
 * ```ts
 * const usdc: CoinbaseListedProduct = { productId: 'BTC-USDC', base: 'BTC', quote: 'USDC', alias: 'BTC-USD', aliasTo: [], delisted: false, stats, tickSize: 0.01, priceDecimals: 2, quantityDecimals: 8 };
 * ```
 */
export interface CoinbaseListedProduct {
  readonly productId: string;
  readonly base: string;
  readonly quote: string;
  /** The product whose book and channels carry this one (`''` when it is served under its own id). */
  readonly alias: string;
  /** Products served under this one (`['BTC-USDC']` for `BTC-USD`). */
  readonly aliasTo: readonly string[];
  readonly delisted: boolean;
  /** Statistics of the market serving the product. */
  readonly stats: MarketStats;
  readonly tickSize: number;
  readonly priceDecimals: number;
  readonly quantityDecimals: number;
}

/** Currency names as the real list gives them (`base_name`/`quote_name`); other codes name themselves. */
const CURRENCY_NAMES: Readonly<Record<string, string>> = {
  BTC: 'Bitcoin',
  ETH: 'Ethereum',
  SOL: 'Solana',
  USD: 'US Dollar',
  USDC: 'USDC',
  USDT: 'Tether',
  EUR: 'Euro',
};

/**
 * Go's protobuf JSON as Coinbase's REST API writes it: `"key":value` pairs separated by `", "` (the
 * capture's spacing), arrays the same way.
 */
function protoJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(protoJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${protoJson(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * One product of the products list, with every field of the real capture in its order (a delisted
 * product, like the capture's `DAI-USD`, has `status: "delisted"`, `trading_disabled: true` and empty
 * 24 h figures). A USDC alias shows `quote_display_symbol: "USD"`, as in the capture.
 *
 * @example
 * ```ts
 * coinbaseProductEntry(listed).alias_to; // ['BTC-USDC'] for BTC-USD
 * ```
 */
export function coinbaseProductEntry(listed: CoinbaseListedProduct): Record<string, unknown> {
  const { stats, priceDecimals, quantityDecimals, delisted } = listed;
  const price = (value: number): string => coinbaseDecimal(value, priceDecimals);
  const increment = (decimals: number): string => coinbaseDecimal(10 ** -decimals, decimals);
  const live = (text: string): string => (delisted ? '' : text);
  const tick = coinbaseDecimal(listed.tickSize, priceDecimals);
  const displayQuote = listed.alias === '' ? listed.quote : listed.alias.slice(listed.alias.indexOf('-') + 1);
  return {
    product_id: listed.productId,
    price: price(stats.last),
    price_percentage_change_24h: live(coinbaseDecimal(stats.priceChangePercent, 14)),
    volume_24h: live(coinbaseDecimal(stats.volume, quantityDecimals)),
    volume_percentage_change_24h: live('0'),
    base_increment: increment(quantityDecimals),
    quote_increment: tick,
    quote_min_size: '1',
    quote_max_size: '150000000',
    base_min_size: increment(quantityDecimals),
    base_max_size: '3400',
    base_name: CURRENCY_NAMES[listed.base] ?? listed.base,
    quote_name: CURRENCY_NAMES[listed.quote] ?? listed.quote,
    watched: false,
    is_disabled: false,
    new: false,
    status: delisted ? 'delisted' : 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: delisted,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: listed.quote,
    base_currency_id: listed.base,
    fcm_trading_session_details: null,
    mid_market_price: '',
    alias: listed.alias,
    alias_to: [...listed.aliasTo],
    base_display_symbol: listed.base,
    quote_display_symbol: displayQuote,
    view_only: false,
    price_increment: tick,
    display_name: listed.productId,
    product_venue: 'CBE',
    approximate_quote_24h_volume: live(coinbaseDecimal(stats.quoteVolume, 2)),
    new_at: '2023-01-01T00:00:00Z',
    market_cap: '',
    base_cbrn: '',
    quote_cbrn: '',
    product_cbrn: '',
    icon_color: '',
    icon_url: '',
    display_name_overwrite: '',
    is_alpha_testing: false,
    about_description: '',
    best_bid_price: '',
    best_ask_price: '',
    high_24h: live(price(stats.high)),
    low_24h: live(price(stats.low)),
  };
}

/**
 * The body of `GET /api/v3/brokerage/market/products`: `{"products":[…], "num_products":N,
 * "pagination":{…}}`, everything on one page, in the capture's spacing.
 *
 * @example
 * ```ts
 * JSON.parse(coinbaseProductsBody([listed])).num_products; // 1
 * ```
 */
export function coinbaseProductsBody(products: readonly CoinbaseListedProduct[]): string {
  return protoJson({
    products: products.map(coinbaseProductEntry),
    num_products: products.length,
    pagination: { prev_cursor: '', next_cursor: '', has_next: false, has_prev: false },
  });
}
