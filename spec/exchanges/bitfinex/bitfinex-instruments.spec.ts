import { firstValueFrom, of } from 'rxjs';
import { bitfinexInstruments, fetchBitfinexInstruments } from '../../../lib/exchanges/bitfinex/bitfinex-instruments';
import { BitfinexCurrencies, bitfinexTradingSymbol, splitBitfinexPair } from '../../../lib/exchanges/bitfinex/bitfinex-symbols';
import type { HttpTransport } from '../../../lib/socket/http-transport';

describe('Bitfinex instruments and symbols', () => {
  it('reads pub:info:pair with the pub:map:currency:sym labels: UST is USDT, long codes around ":"', () => {
    const list = bitfinexInstruments([
      [
        ['BTCUSD', [null, null, null, '0.00004', '2000.0', null, null, null]],
        ['BTCUST', [null, null, null, '0.00004', '2000.0']],
        ['AVAX:USD', [null, null, null, '0.2', '50000.0']],
        ['BTC:CNHT', []],
        ['WEIRD', []],
      ],
      [['UST', 'USDt'], ['EUT', 'EURt']],
    ]);
    expect(list.map((i) => `${i.symbol} ${i.native}`)).toEqual(['BTC/USD tBTCUSD', 'BTC/USDT tBTCUST', 'AVAX/USD tAVAX:USD', 'BTC/CNHT tBTC:CNHT']);
    expect(list[1]).toEqual({ exchange: 'bitfinex', symbol: 'BTC/USDT', native: 'tBTCUST', base: 'BTC', quote: 'USDT', type: 'spot', active: true, status: 'listed', priceTick: NaN, sizeStep: 1e-8 });
  });

  it('maps currencies both ways, the first label of a symbol winning', () => {
    const labels = new BitfinexCurrencies([['UST', 'USDt'], ['USDT0', 'USDT'], ['ALG', 'ALGO']]);
    expect([labels.unified('UST'), labels.unified('USDT0'), labels.unified('BTC')]).toEqual(['USDT', 'USDT0', 'BTC']);
    expect([labels.code('USDT'), labels.code('ALGO'), labels.code('ETH')]).toEqual(['UST', 'ALG', 'ETH']);
    expect([splitBitfinexPair('ETHBTC'), splitBitfinexPair('DOGE:USD'), splitBitfinexPair('A:B:C'), splitBitfinexPair('BTCUSDX'), splitBitfinexPair(':USD')]).toEqual([
      ['ETH', 'BTC'], ['DOGE', 'USD'], undefined, undefined, undefined,
    ]);
    expect([bitfinexTradingSymbol('BTC', 'UST'), bitfinexTradingSymbol('AVAX', 'USD')]).toEqual(['tBTCUST', 'tAVAX:USD']);
  });

  it('fetches one conf request and explains a body it cannot read', async () => {
    const urls: string[] = [];
    const http = (body: string): HttpTransport => (request) => {
      urls.push(request.url);
      return of({ status: 200, headers: {}, body });
    };
    const list = await firstValueFrom(fetchBitfinexInstruments(http('[[["ETHUSD",[]]],[]]'), 'http://127.0.0.1:1/'));
    expect(list.map((i) => i.symbol)).toEqual(['ETH/USD']);
    expect(urls).toEqual(['http://127.0.0.1:1/v2/conf/pub:info:pair,pub:map:currency:sym']);
    await expect(firstValueFrom(fetchBitfinexInstruments(http('[["ETHUSD"]]'), 'http://x'))).rejects.toThrow(/^bitfinex GET \/v2\/conf\/pub:info:pair,pub:map:currency:sym: BitfinexConfResponse/);
  });
});
