import fc from 'fast-check';
import { VirtualTimeScheduler } from 'rxjs';
import { CoinbaseBatchGroups } from '../../../lib/exchanges/coinbase/coinbase-batch-groups';
import { coinbaseProtocol } from '../../../lib/exchanges/coinbase/coinbase-protocol';
import { CoinbaseRefusals } from '../../../lib/exchanges/coinbase/coinbase-refusals';
import { productOfKey, streamKey } from '../../../lib/exchanges/coinbase/coinbase-symbols';
import { ControlQueue, type ControlRequest } from '../../../lib/exchanges/common/control-queue';
import type { FrameSink } from '../../../lib/exchanges/common/exchange-protocol';

/**
 * The hub side of a Coinbase socket in miniature: the real `ControlQueue` with Coinbase's grouping
 * (on virtual time), the keys streams still want, and a server that refuses a whole message naming a
 * bad product and otherwise answers with `subscriptions`, in order.
 */
class Harness {
  readonly scheduler = new VirtualTimeScheduler();
  readonly groups = new CoinbaseBatchGroups();
  readonly refusals = new CoinbaseRefusals(this.groups);
  readonly wanted: Set<string>;
  readonly rejected: { key: string; message: string }[] = [];
  readonly events: string[] = [];
  /** Messages sent and not yet answered, in order. */
  readonly outbox: ControlRequest[] = [];
  /** Every message sent. */
  readonly sent: ControlRequest[] = [];
  /** What the server holds subscribed. */
  readonly serverHas = new Set<string>();
  readonly queue: ControlQueue;
  readonly sink: FrameSink;

  constructor(
    keys: readonly string[],
    private readonly bad: ReadonlySet<string>,
  ) {
    this.wanted = new Set(keys);
    const protocol = { ...coinbaseProtocol('ws://127.0.0.1:1'), groupOf: (key: string) => this.groups.groupOf(key), controlMessagesPerSecond: 1_000_000 };
    this.queue = new ControlQueue(protocol, this.scheduler, () => undefined, (request) => {
      this.sent.push(request);
      this.outbox.push(request);
      this.refusals.sent(request);
    });
    this.sink = {
      data: () => undefined,
      invalid: () => undefined,
      gap: () => undefined,
      exchangeError: (message) => this.events.push(message),
      rejected: (_id, rejectedKeys, message) => {
        for (const key of rejectedKeys ?? []) {
          this.wanted.delete(key);
          this.rejected.push({ key, message });
        }
      },
      resubscribe: (retried) => {
        const queued = retried.filter((key) => this.wanted.has(key));
        for (const key of queued) this.queue.resubscribe(key);
        return queued;
      },
    };
    for (const key of keys) this.queue.subscribe(key);
    this.scheduler.flush();
  }

  /** Answers every message, sending what the answers queue, until nothing is left (or `limit` answers). */
  run(limit = 10_000): number {
    let answered = 0;
    while (this.outbox.length > 0 && answered < limit) {
      const request = this.outbox.shift()!;
      answered++;
      if (request.keys.some((key) => this.bad.has(key))) {
        this.refusals.refused('failure to subscribe', '{"type":"error","message":"failure to subscribe"}', this.sink);
      } else {
        for (const key of request.keys) (request.subscribe ? this.serverHas.add(key) : this.serverHas.delete(key));
        this.refusals.accepted();
      }
      this.scheduler.flush();
    }
    return answered;
  }
}

const level2 = (...products: string[]): string[] => products.map((product) => streamKey('level2', product));

describe('CoinbaseRefusals: pairing replies with requests, finding the refused product', () => {
  it('splits a refused batch, keeps the healthy halves, gives up a key refused alone after a first refusal', () => {
    const keys = level2('BTC-USD', 'ETH-USD', 'SOL-USD', 'ADA-USD');
    const h = new Harness(keys, new Set(level2('SOL-USD')));
    h.run();
    expect(h.sent.map((r) => [r.subscribe ? 'sub' : 'unsub', r.keys.map(productOfKey)])).toEqual([
      ['sub', ['BTC-USD', 'ETH-USD', 'SOL-USD', 'ADA-USD']], // refused whole
      ['unsub', ['BTC-USD', 'ETH-USD']],
      ['unsub', ['SOL-USD', 'ADA-USD']],
      ['sub', ['BTC-USD', 'ETH-USD']], // accepted
      ['sub', ['SOL-USD', 'ADA-USD']], // refused: split again
      ['unsub', ['SOL-USD']],
      ['unsub', ['ADA-USD']],
      ['sub', ['SOL-USD']], // refused alone: given up
      ['sub', ['ADA-USD']], // accepted
    ]);
    expect(h.rejected).toEqual([{ key: 'level2:SOL-USD', message: 'failure to subscribe (refused 3 times, the last time alone)' }]);
    expect([...h.serverHas].sort()).toEqual(level2('ADA-USD', 'BTC-USD', 'ETH-USD'));
    expect(h.groups.size).toBe(0); // every key back in its channel's batch
    expect(h.events[0]).toBe('coinbase error: failure to subscribe (answering subscribe level2 BTC-USD, ETH-USD, SOL-USD, ADA-USD)');
  });

  it('retries a key refused alone once before giving it up', () => {
    const h = new Harness(level2('SOL-USD'), new Set(level2('SOL-USD')));
    h.run();
    expect(h.sent.map((r) => [r.subscribe, r.keys])).toEqual([
      [true, level2('SOL-USD')],
      [false, level2('SOL-USD')],
      [true, level2('SOL-USD')],
    ]);
    expect(h.rejected.map((r) => r.key)).toEqual(level2('SOL-USD'));
  });

  it('a refused unsubscribe, an error with nothing pending, or a reply for a key nobody wants any more changes nothing', () => {
    const groups = new CoinbaseBatchGroups();
    const refusals = new CoinbaseRefusals(groups);
    const calls: string[] = [];
    const sink: FrameSink = {
      data: () => undefined,
      invalid: () => undefined,
      gap: () => undefined,
      exchangeError: (message) => calls.push(`event: ${message}`),
      rejected: (_id, keys) => calls.push(`rejected ${keys}`),
      resubscribe: (keys) => {
        calls.push(`resubscribe ${keys}`);
        return [];
      },
    };
    refusals.refused('rate limit exceeded', '{}', sink);
    refusals.sent({ id: 1, subscribe: false, keys: level2('BTC-USD', 'SOL-USD') });
    refusals.refused('failure to subscribe', '{}', sink);
    refusals.sent({ id: 2, subscribe: true, keys: level2('BTC-USD', 'SOL-USD') });
    refusals.refused('failure to subscribe', '{}', sink); // nobody wants them any more: nothing queued
    refusals.accepted(); // a reply with nothing pending
    expect(calls).toEqual([
      'event: coinbase error: rate limit exceeded',
      'event: coinbase error: failure to subscribe (answering unsubscribe level2 BTC-USD, SOL-USD)',
      'event: coinbase error: failure to subscribe (answering subscribe level2 BTC-USD, SOL-USD)',
      'resubscribe level2:BTC-USD',
      'resubscribe level2:SOL-USD',
    ]);
    expect(groups.size).toBe(0);
  });

  it('keeps every healthy key and gives up exactly the refused ones, for any batch (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('BTC', 'ETH', 'SOL', 'ADA', 'XRP', 'DOT', 'LTC', 'BCH', 'UNI', 'AVAX', 'LINK', 'DOGE', 'SHIB', 'ATOM'), { minLength: 1, maxLength: 14 }),
        fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
        (bases, badFlags) => {
          const keys = level2(...bases.map((base) => `${base}-USD`));
          const bad = new Set(keys.filter((_, i) => badFlags[i]));
          const h = new Harness(keys, bad);
          const answered = h.run();
          expect(h.outbox).toEqual([]); // it ends
          expect(new Set(h.rejected.map((r) => r.key))).toEqual(bad);
          expect(h.rejected).toHaveLength(bad.size); // each given up once
          for (const key of keys) if (!bad.has(key)) expect(h.serverHas.has(key)).toBe(true);
          expect(h.groups.size).toBe(0);
          // a bounded search: a few messages per refused key and level of halving
          expect(answered).toBeLessThanOrEqual(1 + 4 * (bad.size + 1) * (Math.ceil(Math.log2(keys.length)) + 2));
        },
      ),
      { numRuns: 300 },
    );
  });
});
