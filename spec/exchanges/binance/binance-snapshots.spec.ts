import { type Observable, of, Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { BinanceDepthSnapshot } from '../../../lib/exchanges/binance/binance-codecs';
import { SnapshotError } from '../../../lib/exchanges/binance/binance-depth-snapshot';
import { binanceDepthWeight, binanceSnapshotLimit } from '../../../lib/exchanges/binance/binance-depth-limits';
import { BinanceSnapshots } from '../../../lib/exchanges/binance/binance-snapshots';

const levels = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [String(1000 - i), '1']);

function setup(weightPerMinute = 1200) {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const sent: { at: number; symbol: string; limit: number }[] = [];
  const replies = new Map<string, Subject<BinanceDepthSnapshot>>();
  const snapshots = new BinanceSnapshots({
    scheduler,
    weightPerMinute,
    fetch: (symbol, limit): Observable<BinanceDepthSnapshot> => {
      sent.push({ at: scheduler.now(), symbol, limit });
      const reply = new Subject<BinanceDepthSnapshot>();
      replies.set(`${symbol}/${sent.length}`, reply);
      return reply;
    },
  });
  const answer = (index: number, snapshot: BinanceDepthSnapshot) => {
    const [key, reply] = [...replies.entries()][index]!;
    reply.next(snapshot);
    reply.complete();
    replies.delete(key);
  };
  return { scheduler, sent, snapshots, answer };
}

describe('BinanceSnapshots: one REST request per book need, within a weight budget', () => {
  it('the depth limit keeps a margin over the depth and fills its weight tier', () => {
    expect([1, 80, 81, 100, 400, 401, 800, 801, 4000, 5000].map(binanceSnapshotLimit)).toEqual([100, 100, 500, 500, 500, 1000, 1000, 5000, 5000, 5000]);
    expect([1, 100, 101, 500, 501, 1000, 1001, 5000].map(binanceDepthWeight)).toEqual([5, 5, 25, 25, 50, 50, 250, 250]);
  });

  it('subscribers needing a snapshot at the same time share one request, each cut to its own limit', () => {
    const t = setup();
    const got: number[][] = [];
    t.snapshots.request('BTCUSDT', { limit: 100, notBefore: 0 }).subscribe((s) => got.push([0, s.bids.length]));
    t.snapshots.request('BTCUSDT', { limit: 500, notBefore: 0 }).subscribe((s) => got.push([1, s.bids.length])); // widens it (not sent yet)
    t.snapshots.request('ETHUSDT', { limit: 100, notBefore: 0 }).subscribe();
    t.scheduler.flush();
    expect(t.sent).toEqual([
      { at: 0, symbol: 'BTCUSDT', limit: 500 },
      { at: 0, symbol: 'ETHUSDT', limit: 100 },
    ]);
    // a third joins the one in flight (sent after its first buffered diff)
    t.snapshots.request('BTCUSDT', { limit: 100, notBefore: 0 }).subscribe((s) => got.push([2, s.bids.length]));
    t.answer(0, { lastUpdateId: 7, bids: levels(500), asks: levels(3) });
    expect(got).toEqual([[0, 100], [1, 500], [2, 100]]);
    expect(t.sent).toHaveLength(2);
  });

  it('does not join a request older than the joiner\'s first buffered diff (it could not bridge it)', () => {
    const t = setup();
    t.snapshots.request('BTCUSDT', { limit: 100, notBefore: 0 }).subscribe();
    t.scheduler.flush();
    t.scheduler.schedule(() => t.snapshots.request('BTCUSDT', { limit: 100, notBefore: 10 }).subscribe(), 10);
    t.scheduler.flush();
    expect(t.sent.map((s) => s.at)).toEqual([0, 10]);
  });

  it('keeps the weight of any minute within the budget: 100 books of limit 500 (weight 25) at once', () => {
    const t = setup(1200);
    for (let i = 0; i < 100; i++) t.snapshots.request(`S${i}USDT`, { limit: 500, notBefore: 0 }).subscribe();
    t.scheduler.flush();
    expect(t.sent).toHaveLength(100);
    for (const { at } of t.sent) {
      const weight = t.sent.filter((s) => s.at > at - 60_000 && s.at <= at).length * 25;
      expect(weight).toBeLessThanOrEqual(1200);
    }
    expect(t.sent.filter((s) => s.at === 0)).toHaveLength(48); // 1200 / 25 go at once, the rest wait their turn
    expect(t.sent.at(-1)!.at).toBe(120_000);
  });

  it('an HTTP 429 Retry-After holds back every later request', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const sent: number[] = [];
    let fail = true;
    const snapshots = new BinanceSnapshots({
      scheduler,
      weightPerMinute: 1200,
      fetch: () => {
        sent.push(scheduler.now());
        if (!fail) return of({ lastUpdateId: 1, bids: [], asks: [] });
        fail = false;
        throw new SnapshotError('HTTP 429', { retryAfterMs: 7_000, kind: 'exchange' });
      },
    });
    snapshots.request('BTCUSDT', { limit: 100, notBefore: 0 }).subscribe({ error: () => undefined });
    scheduler.flush();
    snapshots.request('ETHUSDT', { limit: 100, notBefore: 0 }).subscribe();
    scheduler.flush();
    expect(sent).toEqual([0, 7_000]);
  });
});
