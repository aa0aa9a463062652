/**
 * The README's "In code" sample, type-checked by `npm test` so it never drifts from the API.
 */
import { filter } from 'rxjs';
import { arbitrage, binance, isOpportunity, kraken, orderBook, venues } from 'rxmarket';

const bn = binance();
bn.tickers(['BTC/USDT', 'ETH/USDT']).subscribe((t) => console.log(t.exchange, t.symbol, t.bid, t.ask)); // one socket

const v = venues([bn, kraken()]);
v.book({ binance: 'BTC/USDT', kraken: 'BTC/USD' })
  .pipe(
    // USDT = USD: your explicit call
    orderBook({ depth: 1 }),
    arbitrage({ symbols: { binance: 'BTC/USDT', kraken: 'BTC/USD' }, fees: { binance: 0.001, kraken: 0.0026 }, resets$: v.events$ }),
    filter(isOpportunity),
  )
  .subscribe((o) => console.log(`buy ${o.buyExchange} ${o.buyPrice} → sell ${o.sellExchange} ${o.sellPrice}`));
