import { firstValueFrom, type Subscription } from 'rxjs';
import { binance } from '../../../lib/exchanges/binance/binance';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { Ticker } from '../../../lib/model/ticker';

import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import { waitFor } from '../../helpers/wait-for';

/**
 * Binance answers `{"result":null}` to any well-formed stream name and then sends nothing for a
 * symbol it does not list: the client checks symbols against `GET /api/v3/exchangeInfo` so such a
 * stream errors instead of staying silent forever.
 */
describe('Binance symbols are checked against exchangeInfo', () => {
  let sim: BinanceSimulator;
  let bn: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await BinanceSimulator.start({ symbols: ['BTC/USDT', 'ETH/USDT'], seed: 5, stepsPerSecond: 50, tickerIntervalMs: 50 });
    bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(bn.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  it('errors ticker and trades of an unlisted symbol with a clear message', async () => {
    await expect(firstValueFrom(bn.ticker('NOPE/USDT'))).rejects.toThrow('binance: unknown symbol "NOPE/USDT" (GET /api/v3/exchangeInfo does not list it)');
    await expect(firstValueFrom(bn.trades('NOPE/USDT'))).rejects.toThrow(/unknown symbol "NOPE\/USDT"/);
  });

  it('rejects a mis-split symbol instead of mislabelling BTCUSDT events as it', async () => {
    await expect(firstValueFrom(bn.trades('BTCU/SDT'))).rejects.toThrow(/unknown symbol "BTCU\/SDT"/);
  });

  it('fetches exchangeInfo once per client and serves instruments() from it', async () => {
    const list = await firstValueFrom(bn.instruments());
    expect(list.map((i) => [i.symbol, i.native, i.base, i.quote, i.type, i.active])).toEqual([
      ['BTC/USDT', 'BTCUSDT', 'BTC', 'USDT', 'spot', true],
      ['ETH/USDT', 'ETHUSDT', 'ETH', 'USDT', 'spot', true],
    ]);
    expect(list[0]!.priceTick).toBe(0.01);
    expect(list[0]!.sizeStep).toBe(0.00001);
    await firstValueFrom(bn.ticker('BTC/USDT'));
    await firstValueFrom(bn.instruments());
    expect(sim.restLog.filter((r) => r.path === '/api/v3/exchangeInfo')).toHaveLength(1);
  });

  it('tickers() with one unknown symbol among good ones: only that symbol fails, reported on events$', async () => {
    const tickers: Ticker[] = [];
    let failed: unknown;
    subscriptions.push(bn.tickers(['BTC/USDT', 'NOPE/USDT', 'ETH/USDT']).subscribe({ next: (t) => tickers.push(t), error: (e) => (failed = e) }));
    await waitFor(() => new Set(tickers.map((t) => t.symbol)).size === 2, 'tickers of both listed symbols');
    expect(failed).toBeUndefined();
    expect(events.filter((e) => e.type === 'error' && e.symbol === 'NOPE/USDT').map((e) => (e as { message: string }).message)).toEqual([
      'binance ticker NOPE/USDT failed: binance: unknown symbol "NOPE/USDT" (GET /api/v3/exchangeInfo does not list it)',
    ]);
  });

  it('trades() of unknown symbols only: the merged stream errors', async () => {
    await expect(firstValueFrom(bn.trades(['NOPE/USDT', 'NADA/USDT']))).rejects.toThrow(/every symbol failed/);
  });

  it('tickers() takes a single symbol string like ticker()', async () => {
    const first = await firstValueFrom(bn.tickers('ETH/USDT'));
    expect(first.symbol).toBe('ETH/USDT');
  });
});
