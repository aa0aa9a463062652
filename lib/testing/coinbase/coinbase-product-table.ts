import type { SimulatedMarket } from '../harness/simulated-market';
import type { CoinbaseListedProduct } from './coinbase-products';

/**
 * The products of the Coinbase simulator: the simulated ones (`states`, by product id), the aliases
 * served under them (`BTC-USDC` under `BTC-USD`, as Coinbase serves its USDC books) and which are
 * delisted. Answers which state serves a product id, and what `GET /api/v3/brokerage/market/products` lists.
 *
 * @example
 * ```ts
 * const table = new CoinbaseProductTable(states, { 'BTC/USDC': 'BTC/USD' });
 * table.serving('BTC-USDC'); // the BTC-USD state
 * table.delist('BTC-USD'); // BTC-USDC too
 * ```
 */
export class CoinbaseProductTable<State extends { readonly product: string; readonly market: SimulatedMarket }> {
  /** Alias product id → the product id serving it. */
  private readonly aliasOf = new Map<string, string>();
  /** Served product id → its alias product ids. */
  private readonly aliasesOf = new Map<string, string[]>();
  private readonly delisted = new Set<string>();

  /** `aliases`: alias → served, as unified symbols or product ids; throws a `RangeError` for an impossible one. */
  constructor(
    private readonly states: ReadonlyMap<string, State>,
    aliases: Readonly<Record<string, string>>,
  ) {
    for (const [alias, served] of Object.entries(aliases)) {
      const aliasId = productIdOf(alias);
      const servedId = productIdOf(served);
      if (!states.has(servedId)) throw new RangeError(`CoinbaseSimulator: alias ${alias} names ${served}, which is not simulated`);
      if (states.has(aliasId)) throw new RangeError(`CoinbaseSimulator: alias ${alias} is simulated itself`);
      this.aliasOf.set(aliasId, servedId);
      this.aliasesOf.set(servedId, [...(this.aliasesOf.get(servedId) ?? []), aliasId]);
    }
  }

  /** The state carrying `product` (itself, or the product it is an alias of), delisted or not. */
  find(product: string): State | undefined {
    return this.states.get(product) ?? this.states.get(this.aliasOf.get(product) ?? '');
  }

  /** The state carrying `product`, unless the product is unknown or delisted (a subscribe naming it is refused). */
  serving(product: string): State | undefined {
    return this.delisted.has(product) ? undefined : this.find(product);
  }

  /** The aliases of served `product` that are still listed. */
  liveAliasesOf(product: string): readonly string[] | undefined {
    const aliases = this.aliasesOf.get(product);
    return aliases === undefined || this.delisted.size === 0 ? aliases : aliases.filter((alias) => !this.delisted.has(alias));
  }

  isDelisted(product: string): boolean {
    return this.delisted.has(product);
  }

  /** Delists `product` (a served product takes its aliases along); `false` when it is not a product here. */
  delist(product: string): boolean {
    if (this.find(product) === undefined) return false;
    this.delisted.add(product);
    for (const alias of this.aliasesOf.get(product) ?? []) this.delisted.add(alias);
    return true;
  }

  /** Served products, each followed by its aliases, as the products list gives them. */
  listed(): CoinbaseListedProduct[] {
    const listed: CoinbaseListedProduct[] = [];
    for (const state of this.states.values()) {
      const { grid } = state.market;
      const stats = state.market.stats();
      const entry = (productId: string, alias: string, aliasTo: readonly string[]): CoinbaseListedProduct => {
        const [base = '', quote = ''] = productId.split('-');
        return { productId, base, quote, alias, aliasTo, delisted: this.delisted.has(productId), stats, tickSize: grid.tickSize, priceDecimals: grid.priceDecimals, quantityDecimals: grid.quantityDecimals };
      };
      const aliases = this.aliasesOf.get(state.product) ?? [];
      listed.push(entry(state.product, '', aliases));
      for (const alias of aliases) listed.push(entry(alias, state.product, []));
    }
    return listed;
  }
}

/** `BTC/USD` → `BTC-USD`; a product id stays as it is. */
function productIdOf(symbol: string): string {
  return symbol.replace('/', '-');
}
