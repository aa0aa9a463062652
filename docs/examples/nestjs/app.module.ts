import { Module } from '@nestjs/common';
import { MarketDataModule } from './market-data.module';

/** Reads the configuration when the application starts (e.g. from the environment or a config service). */
async function loadMarketDataConfig() {
  return {
    symbols: { binance: ['BTC/USDT', 'ETH/USDT'], coinbase: ['BTC/USD', 'ETH/USD'], kraken: ['BTC/USD', 'ETH/USD'] },
    // Point a client at a simulator (rxmarket/testing) or a proxy; omit for the live endpoints.
    clients: process.env.BINANCE_WS_URL ? { binance: { wsUrl: process.env.BINANCE_WS_URL, restUrl: process.env.BINANCE_REST_URL } } : {},
    conflateMs: 250,
  };
}

/** The application: the market-data module configured asynchronously. */
@Module({
  imports: [MarketDataModule.forRootAsync({ useFactory: loadMarketDataConfig })],
})
export class AppModule {}

/** The same module configured synchronously. */
@Module({
  imports: [MarketDataModule.forRoot({ symbols: { kraken: ['BTC/USD'] } })],
})
export class StaticAppModule {}
