import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { scan } from 'rxjs';
import type { Ticker } from 'rxmarket';
import { MarketDataService } from './market-data.service';

/**
 * BTC across three exchanges as signals. `toSignal` subscribes in the component's injection
 * context and unsubscribes when the component is destroyed, which closes the sockets nobody else uses.
 */
@Component({
  selector: 'app-btc-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>BTC</h2>
    @for (t of tickers(); track t.exchange) {
      <div>{{ t.exchange }} {{ t.symbol }} bid {{ t.bid }} ask {{ t.ask }}</div>
    }
    <div>best bid {{ bestBid()?.exchange }} {{ bestBid()?.bid }}</div>
    <div>top of Kraken book: {{ book()?.bids?.[0]?.[0] }} / {{ book()?.asks?.[0]?.[0] }}</div>
    <div>{{ tradeCount() }} Binance trades seen</div>
  `,
})
export class BtcPanelComponent {
  private readonly market = inject(MarketDataService);
  /** USDT on Binance compared with USD elsewhere: an explicit choice, made here. */
  private readonly latest = toSignal(
    this.market
      .tickers({ binance: 'BTC/USDT', coinbase: 'BTC/USD', kraken: 'BTC/USD' })
      .pipe(scan((byExchange, t) => ({ ...byExchange, [t.exchange]: t }), {} as Record<string, Ticker>)),
    { initialValue: {} as Record<string, Ticker> },
  );
  readonly tickers = computed(() => Object.values(this.latest()));
  readonly bestBid = computed(() => this.tickers().reduce<Ticker | undefined>((best, t) => (best && best.bid >= t.bid ? best : t), undefined));
  readonly book = toSignal(this.market.book('kraken', 'BTC/USD', 5));
  readonly tradeCount = toSignal(this.market.trades('binance', 'BTC/USDT').pipe(scan((n, trades) => n + trades.length, 0)), { initialValue: 0 });
}
