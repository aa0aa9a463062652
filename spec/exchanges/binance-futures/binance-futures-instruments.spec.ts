import { of } from 'rxjs';
import { binanceFuturesInstrument, binanceFuturesNative, fetchBinanceFuturesInstruments } from '../../../lib/exchanges/binance-futures/binance-futures-instruments';
import type { BinanceSymbolInfo } from '../../../lib/exchanges/binance/binance-instruments';

const filters = [
  { minPrice: '0.10', maxPrice: '4529764', filterType: 'PRICE_FILTER', tickSize: '0.10' },
  { stepSize: '0.001', filterType: 'LOT_SIZE', maxQty: '1000', minQty: '0.001' },
];
const info = (fields: Record<string, unknown>): BinanceSymbolInfo =>
  ({ symbol: 'BTCUSDT', pair: 'BTCUSDT', contractType: 'PERPETUAL', deliveryDate: 4133404800000, status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', marginAsset: 'USDT', filters, ...fields }) as unknown as BinanceSymbolInfo;

describe('Binance USD-M instruments', () => {
  it('maps perpetuals to BASE/QUOTE:SETTLE and quarterly contracts to BASE/QUOTE:SETTLE-YYMMDD (delivery date, UTC)', () => {
    expect(binanceFuturesInstrument(info({}))).toEqual({
      exchange: 'binanceFutures',
      symbol: 'BTC/USDT:USDT',
      native: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      settle: 'USDT',
      type: 'perpetual',
      active: true,
      status: 'TRADING',
      priceTick: 0.1,
      sizeStep: 0.001,
      contractSize: 1,
    });
    const quarterly = binanceFuturesInstrument(info({ symbol: 'BTCUSDT_260925', contractType: 'CURRENT_QUARTER', deliveryDate: Date.UTC(2026, 8, 25, 8) }));
    expect([quarterly?.symbol, quarterly?.native, quarterly?.type]).toEqual(['BTC/USDT:USDT-260925', 'BTCUSDT_260925', 'future']);
    expect(binanceFuturesInstrument(info({ symbol: 'ETHBTC', baseAsset: 'ETH', quoteAsset: 'BTC', marginAsset: 'BTC' }))?.symbol).toBe('ETH/BTC:BTC');
    expect(binanceFuturesInstrument(info({ symbol: 'XAUUSDT', baseAsset: 'XAU', contractType: 'TRADIFI_PERPETUAL' }))?.type).toBe('perpetual');
    expect(binanceFuturesInstrument(info({ status: 'SETTLING', contractType: 'PERPETUAL_DELIVERING' }))).toEqual(expect.objectContaining({ type: 'perpetual', active: false, status: 'SETTLING' }));
  });

  it('leaves out unknown contract types, names that are no unified symbol, and symbols without the USD-M fields', () => {
    expect(binanceFuturesInstrument(info({ contractType: 'SOMETHING_NEW' }))).toBeUndefined();
    expect(binanceFuturesInstrument(info({ baseAsset: '币安人生', symbol: '币安人生USDT' }))).toBeUndefined();
    const spotShaped = { symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', filters } as BinanceSymbolInfo;
    expect(binanceFuturesInstrument(spotShaped)).toBeUndefined();
  });

  it('fetches GET /fapi/v1/exchangeInfo through the given transport', async () => {
    const requests: string[] = [];
    const body = JSON.stringify({ symbols: [info({}), info({ contractType: 'SOMETHING_NEW' })] });
    const list = await new Promise((resolve) =>
      fetchBinanceFuturesInstruments((request) => {
        requests.push(request.url);
        return of({ status: 200, headers: {}, body });
      }, 'https://fapi.binance.com/').subscribe(resolve),
    );
    expect(requests).toEqual(['https://fapi.binance.com/fapi/v1/exchangeInfo']);
    expect((list as { symbol: string }[]).map((i) => i.symbol)).toEqual(['BTC/USDT:USDT']);
  });

  it('derives the native name of a unified symbol', () => {
    expect([binanceFuturesNative('ETH/USDT:USDT'), binanceFuturesNative('BTC/USDT:USDT-260925')]).toEqual(['ETHUSDT', 'BTCUSDT_260925']);
  });
});
