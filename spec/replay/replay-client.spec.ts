import { firstValueFrom, from, lastValueFrom, map, type Observable, take, toArray } from 'rxjs';
import { bookSnapshots } from '../../lib/operators/book-snapshots';
import { orderBook } from '../../lib/operators/order-book';
import { TestScheduler } from 'rxjs/testing';
import type { BookEvent } from '../../lib/model/book-event';
import { toAsyncIterable } from '../../lib/operators/to-async-iterable';
import { convertCryptofeedBinanceText } from '../../lib/replay/convert/cryptofeed-binance-text';
import { convertKrakenBookFixture } from '../../lib/replay/convert/kraken-book-fixture';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { RecordingFormatError } from '../../lib/replay/record-line';
import { readRecording } from '../../lib/replay/recording-reader';
import { replay } from '../../lib/replay/replay';
import { RECORDING as KRAKEN_FIXTURE } from '../exchanges/kraken/kraken-replay-server';
import { fixturePath } from '../support/real-data';
import { tempDir } from './support/session-log';

const temp = tempDir();
const KRAKEN = temp.file('kraken.rxrec.gz');
const BINANCE = temp.file('binance.rxrec.gz');
convertKrakenBookFixture({ file: fixturePath('kraken-v2-book-btcusd.json'), depth: 10, pricePrecision: 1, qtyPrecision: 8 }).write(KRAKEN);
convertCryptofeedBinanceText({ ws: fixturePath('binance-spot.ws.txt'), rest: fixturePath('binance-spot.rest.txt') }).write(BINANCE);
afterAll(() => temp.cleanup());

const BOOK_EVENTS = 1 + KRAKEN_FIXTURE.updates.length;

describe('replay() completes when the recording ends', () => {
  it('lastValueFrom and toArray finish', async () => {
    const all = await lastValueFrom(replay(KRAKEN).book('BTC/USD', { depth: 10 }).pipe(toArray()));
    expect(all).toHaveLength(BOOK_EVENTS);
    const last = await lastValueFrom(replay(KRAKEN).book('BTC/USD', { depth: 10 }));
    expect(last).toEqual(all.at(-1));
  });

  it('for await finishes', async () => {
    let count = 0;
    for await (const event of toAsyncIterable(replay(KRAKEN).book('BTC/USD', { depth: 10 }), { bufferSize: 100_000 })) {
      expect(event.symbol).toBe('BTC/USD');
      count++;
    }
    expect(count).toBe(BOOK_EVENTS);
  });

  it('events$ completes with the streams, after the last event', async () => {
    const rp = replay(BINANCE);
    const events = lastValueFrom(rp.events$.pipe(toArray()));
    const book = await lastValueFrom(rp.book('NKN/USDT', { depth: 800 }).pipe(toArray())); // the captured snapshots are limit=1000
    expect(book.length).toBeGreaterThan(10);
    expect((await events).map((e) => e.type)).toEqual(['connecting', 'open', 'subscribe', 'close']);
  });

  it('a REST answer the recording does not hold is an error event, not silence', async () => {
    const noRest = temp.file('binance-no-rest.rxrec.gz');
    convertCryptofeedBinanceText({ ws: fixturePath('binance-spot.ws.txt') }).write(noRest); // depth updates, no snapshot answers
    const rp = replay(noRest);
    const events = lastValueFrom(rp.events$.pipe(toArray()));
    expect(await lastValueFrom(rp.book('NKN/USDT', { depth: 80 }).pipe(toArray()))).toEqual([]);
    expect((await events).filter((e) => e.type === 'error').map((e) => (e as { message: string }).message)).toEqual([
      expect.stringMatching(/GET https:\/\/api\.binance\.com\/api\/v3\/depth\?limit=100&symbol=NKNUSDT was not recorded in .*binance-no-rest\.rxrec\.gz/),
    ]);
  });

  it('a stream subscribed after the replay ended errors, saying so', async () => {
    const rp = replay(KRAKEN);
    await lastValueFrom(rp.book('BTC/USD', { depth: 10 }));
    await expect(lastValueFrom(rp.book('BTC/USD', { depth: 10 }))).rejects.toThrow(/was replayed to its end/);
    expect(await lastValueFrom(rp.events$.pipe(toArray()))).toEqual([]); // events$ is complete too
  });

  it('an early unsubscribe (take) stops the replay without an error', async () => {
    const first = await firstValueFrom(replay(KRAKEN).book('BTC/USD', { depth: 10 }).pipe(take(3), toArray()));
    expect(first.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
  });
});

describe('replay() of a damaged file', () => {
  it('replays the records before a broken line, reports it on events$ (a decode error), completes its streams, throws nothing', async () => {
    const lines = gunzipSync(readFileSync(KRAKEN)).toString('utf8').split('\n');
    const broken = temp.file('broken.rxrec.gz');
    writeFileSync(broken, gzipSync([...lines.slice(0, 200), '{"type":"recv","conn":1,"ts":"17', ...lines.slice(200)].join('\n')));
    const rp = replay(broken);
    const events = lastValueFrom(rp.events$.pipe(toArray()));
    const book = await lastValueFrom(rp.book('BTC/USD', { depth: 10 }).pipe(toArray()));
    expect(book.length).toBeGreaterThan(100);
    expect(book.length).toBeLessThan(BOOK_EVENTS);
    expect((await events).filter((e) => e.type === 'error')).toEqual([
      expect.objectContaining({ kind: 'decode', message: expect.stringMatching(/^recording: .*broken\.rxrec\.gz, line 201: .* replayed up to there$/) }),
    ]);
  });

  it('a file that is not a recording: replay() throws a RecordingFormatError at once', () => {
    const text = temp.file('text.txt');
    writeFileSync(text, 'hello\n');
    expect(() => replay(text)).toThrow(RecordingFormatError);
  });
});

describe('replay() of a subscription that was not recorded', () => {
  it.each<[string, (rp: ReturnType<typeof replay>) => Observable<unknown>, RegExp]>([
    ['a symbol', (rp: ReturnType<typeof replay>) => rp.book('ETH/USD', { depth: 10 }), /book\("ETH\/USD", \{"depth":10\}\) was not recorded in .*kraken\.rxrec\.gz \(recorded: book\("BTC\/USD", \{"depth":10\}\)\)/],
    ['a depth', (rp: ReturnType<typeof replay>) => rp.book('BTC/USD', { depth: 25 }), /book\("BTC\/USD", \{"depth":25\}\) was not recorded/],
    ['a stream kind', (rp: ReturnType<typeof replay>) => rp.trades('BTC/USD'), /trades\(\["BTC\/USD"\]\) was not recorded/],
  ])('errors clearly for %s (streamed file: when the recording ends)', async (_what, open, message) => {
    await expect(lastValueFrom(open(replay(KRAKEN)))).rejects.toThrow(message);
  });

  it('errors at once on a virtual-time replay (the file is read whole), and the recorded stream still works', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const rp = replay(KRAKEN, { scheduler });
    const errors: string[] = [];
    rp.book('ETH/USD', { depth: 10 }).subscribe({ error: (e: Error) => errors.push(e.message) });
    expect(errors).toEqual([expect.stringMatching(/book\("ETH\/USD", \{"depth":10\}\) was not recorded/)]);
    let count = 0;
    rp.book('BTC/USD', { depth: 10 }).subscribe(() => count++);
    scheduler.flush();
    expect(count).toBe(BOOK_EVENTS);
  });
});

describe('replay() on an injected scheduler', () => {
  const { records } = readRecording(KRAKEN);
  const receipts = records.filter((r) => r.type === 'recv').map((r) => r.ts);
  const start = records[0]!.ts;

  /** [virtual frame of emission, event] of the BTC/USD book replayed at `speed` inside TestScheduler.run(). */
  function run(speed: number): [number, BookEvent][] {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const out: [number, BookEvent][] = [];
    scheduler.run(() => {
      replay(KRAKEN, { speed, scheduler })
        .book('BTC/USD', { depth: 10 })
        .subscribe((event) => out.push([scheduler.now(), event]));
    });
    return out;
  }

  it('runs deterministically inside TestScheduler.run(): the same events as the real-time default, twice the same', async () => {
    const realTime = await lastValueFrom(replay(KRAKEN).book('BTC/USD', { depth: 10 }).pipe(toArray()));
    const first = run(1);
    const second = run(1);
    expect(first).toEqual(second);
    expect(first.map(([, e]) => e)).toEqual(realTime);
  });

  it('paces by the recorded receipt times: speed 1 emits each event at its recorded time, speed 10 ten times sooner, Infinity at once', () => {
    for (const [speed, slack] of [[1, 1e-6], [10, 1e-6]] as const) {
      const out = run(speed);
      expect(out).toHaveLength(BOOK_EVENTS);
      for (const [frame, event] of out) {
        expect(receipts).toContain(event.localTimestamp); // localTimestamp = recorded receipt time
        expect(Math.abs(frame - (event.localTimestamp - start) / speed)).toBeLessThan(slack + 1e-3);
      }
    }
    const instant = run(Infinity);
    expect(new Set(instant.map(([frame]) => frame))).toEqual(new Set([0]));
    // the recording spans ~51 s of Kraken time: paced at speed 1 the last event comes ~51 000 frames in
    expect(run(1).at(-1)![0]).toBeGreaterThan(50_000);
  });

  it('bookSnapshots on the replay clock: one sample per second of recorded time, each the book as of its last event', async () => {
    const rp = replay(KRAKEN);
    const [events, samples] = await Promise.all([
      lastValueFrom(rp.book('BTC/USD', { depth: 10 }).pipe(toArray())),
      lastValueFrom(rp.book('BTC/USD', { depth: 10 }).pipe(bookSnapshots({ interval: 1_000, depth: 10, scheduler: rp.scheduler }), toArray())),
    ]);
    const states = await lastValueFrom(from(events).pipe(orderBook({ depth: 10 }), toArray()));
    expect(samples.length).toBeGreaterThan(45); // ~51 s of recorded time
    for (const sample of samples) {
      expect(sample.sampledAt % 1_000).toBe(0);
      const last = states.filter((s) => s.localTimestamp <= sample.sampledAt).at(-1)!;
      expect({ bids: sample.bids, asks: sample.asks, localTimestamp: sample.localTimestamp }).toEqual({ bids: last.bids, asks: last.asks, localTimestamp: last.localTimestamp });
    }
  });

  it('gives its clock to time-based operators: the replay scheduler reads the recorded time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const seen: number[] = [];
    scheduler.run(() => {
      const rp = replay(KRAKEN, { speed: 1, scheduler });
      rp.book('BTC/USD', { depth: 10 })
        .pipe(map((event) => [event.localTimestamp, rp.scheduler.now()]))
        .subscribe(([local, now]) => seen.push(now! - local!));
    });
    expect(new Set(seen)).toEqual(new Set([0]));
  });
});
