import type { Subscription } from 'rxjs';
import { binance } from '../../lib/exchanges/binance/binance';
import { kraken } from '../../lib/exchanges/kraken/kraken';
import type { ExchangeClient } from '../../lib/model/client';
import { record } from '../../lib/replay/record';
import { replayTogether } from '../../lib/replay/replay';
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { KrakenSimulator } from '../../lib/testing/kraken/kraken-simulator';
import { waitFor } from '../helpers/wait-for';
import { type LogEntry, tempDir } from './support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Both clients' events$ and books in one log, in emission order; `stop()` ends the books, then events$. */
function subscribeBoth(bn: ExchangeClient, kr: ExchangeClient, log: LogEntry[], done?: () => void): { stop: () => void } {
  let open = 4;
  const complete = (): void => {
    if (--open === 0) done?.();
  };
  const events: Subscription[] = [
    bn.events$.subscribe({ next: (e) => log.push(['binance events$', e]), complete }),
    kr.events$.subscribe({ next: (e) => log.push(['kraken events$', e]), complete }),
  ];
  const books: Subscription[] = [
    bn.book('BTC/USDT', { depth: 100 }).subscribe({ next: (e) => log.push(['binance book', e]), complete }),
    kr.book('BTC/USD', { depth: 10 }).subscribe({ next: (e) => log.push(['kraken book', e]), complete }),
  ];
  return { stop: () => [...books, ...events].forEach((s) => s.unsubscribe()) };
}

describe('replayTogether()', () => {
  it('replays two exchanges recorded at the same time on one clock: the interleaved log equals the live one', async () => {
    const bnSim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 2, stepsPerSecond: 50, depthIntervalMs: 20, bookLevels: 100 });
    const krSim = await KrakenSimulator.start({ symbols: ['BTC/USD'], seed: 4, stepsPerSecond: 50, bookLevels: 100, heartbeatIntervalMs: 100 });
    const files = [temp.file('bn.rxrec.gz'), temp.file('kr.rxrec.gz')] as const;
    const bn = record(binance({ wsUrl: bnSim.wsUrl, restUrl: bnSim.restUrl, pingInterval: 300, pingTimeout: 300 }), { file: files[0] });
    const kr = record(kraken({ wsUrl: krSim.wsUrl, pingInterval: 300, pingTimeout: 300 }), { file: files[1] });
    const live: LogEntry[] = [];
    const subscription = subscribeBoth(bn, kr, live);
    try {
      await waitFor(() => live.filter(([s]) => s === 'binance book').length > 20 && live.filter(([s]) => s === 'kraken book').length > 20, 'both books');
      krSim.dropConnections();
      await waitFor(() => live.filter(([s, e]) => s === 'kraken events$' && (e as { type: string }).type === 'open').length === 2, 'kraken back');
      await waitFor(() => live.filter(([s, e]) => s === 'kraken book' && (e as { type: string }).type === 'snapshot').length === 2, 'a fresh kraken book');
    } finally {
      subscription.stop();
      await Promise.all([bn.recording.stop(), kr.recording.stop(), bnSim.stop(), krSim.stop()]);
    }
    const sources = new Set(live.map(([s]) => s));
    expect(sources.size).toBe(4);

    const replayed: LogEntry[] = [];
    const [rbn, rkr] = replayTogether(files);
    expect([rbn!.exchange, rkr!.exchange]).toEqual(['binance', 'kraken']);
    expect(rbn!.scheduler).toBe(rkr!.scheduler);
    await new Promise<void>((resolve) => subscribeBoth(rbn!, rkr!, replayed, resolve));
    expect(replayed.length).toBe(live.length);
    expect(replayed).toEqual(live);
  });
});
