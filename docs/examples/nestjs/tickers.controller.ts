import { Controller, type MessageEvent, Query, Sse } from '@nestjs/common';
import { filter, map, type Observable } from 'rxjs';
import { MarketDataService } from './market-data.service';

/**
 * `GET /market/tickers?symbol=BTC/USD` as Server-Sent Events: one `ticker` event per update, its
 * data the normalized `Ticker` as JSON. Closing the EventSource unsubscribes (and, for the last
 * client, closes the exchange sockets).
 *
 * ```sh
 * curl -N 'http://localhost:3000/market/tickers?symbol=BTC/USD'
 * ```
 */
@Controller('market')
export class TickersController {
  constructor(private readonly market: MarketDataService) {}

  @Sse('tickers')
  tickers(@Query('symbol') symbol?: string): Observable<MessageEvent> {
    return this.market.tickers$.pipe(
      filter((t) => symbol === undefined || t.symbol === symbol),
      map((t) => ({ type: 'ticker', id: `${t.exchange}:${t.symbol}:${t.timestamp}`, data: t })),
    );
  }
}
