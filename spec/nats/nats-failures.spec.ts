import { ensureStreams, openBus } from '../../lib/nats/nats-connection';
import { resolveNatsOptions } from '../../lib/nats/nats-options';
import { marketSubject, streamNames } from '../../lib/nats/nats-subjects';
import { ChaosProxy } from '../../lib/testing/chaos/chaos-proxy';
import type { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { waitFor } from '../helpers/wait-for';
import { describeWithNatsServer, NatsServer } from '../support/nats-server';
import { type Consumer, drive, driveUntilBooks, expectBooksEqualTruth, resyncs, startIngest, startSimulator, watchConsumer } from './nats-harness';

// real processes and sockets: generous bounds for a loaded CI machine (the waits inside are bounded themselves)
jest.setTimeout(60_000);

describeWithNatsServer('failures between the ingest, NATS and the consumers (real nats-server -js)', () => {
  let nats: NatsServer;
  let sim: BinanceSimulator;
  const stops: (() => void | Promise<void>)[] = [];

  beforeEach(async () => {
    nats = await NatsServer.start();
    sim = await startSimulator();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await sim.stop();
    await nats.stop();
  });

  function consumer(servers = nats.url, withTrades = false): Consumer {
    const c = watchConsumer({ servers, reconnectTimeWait: 50 }, withTrades);
    stops.push(c.stop);
    return c;
  }

  async function proxyToNats(): Promise<ChaosProxy> {
    const proxy = await ChaosProxy.start({ target: { host: '127.0.0.1', port: nats.port } });
    stops.push(() => proxy.close());
    return proxy;
  }

  it('NATS killed and restarted mid-stream: ingest and consumers reconnect, resync, and end equal to the truth', async () => {
    const consumers = [consumer(), consumer()];
    const ingest = startIngest(sim, { servers: nats.url, reconnectTimeWait: 50, trades: ['BTC/USDT'] });
    stops.push(ingest.stop);
    await waitFor(() => ingest.events.some((e) => e.type === 'leader'), 'the ingest to take the lease');
    await driveUntilBooks(sim, consumers);
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'before the kill');
    await nats.kill();
    await drive(sim, 1_000); // the market moves on while NATS is down
    await nats.restart();
    await waitFor(() => ingest.events.some((e) => e.type === 'reconnected'), 'the ingest to reconnect');
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'after NATS came back');
    for (const c of consumers) {
      expect(c.events.filter((e) => e.type === 'close').length).toBeGreaterThan(0);
      expect(c.snapshots()).toBeGreaterThan(1); // the ingest republished a full image after the outage
    }
  });

  it('NATS restarts without the events stream (lost unflushed records) and the consumers reconnect before it exists again: they read on from its new end, none goes silent', async () => {
    const consumers = [consumer(), consumer(nats.url, true)];
    const ingest = startIngest(sim, { servers: nats.url, reconnectTimeWait: 50, trades: ['BTC/USDT'] });
    stops.push(ingest.stop);
    await waitFor(() => ingest.events.some((e) => e.type === 'leader'), 'the ingest to take the lease');
    await driveUntilBooks(sim, consumers);
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'before the loss');
    // NATS restarts without the events stream's records; it is created again and numbers from 1
    const events = streamNames('binance').events;
    const options = resolveNatsOptions({ servers: nats.url });
    const before = await openBus(options);
    const lastSeen = (await before.jsm.streams.info(events)).state.last_seq;
    await before.nc.close();
    await nats.restartLosing([events]);
    // the consumers are back before the stream is (as JetStream still recovering it after a restart)
    await waitFor(() => consumers.every((c) => c.events.filter((e) => e.type === 'open').length > 1), 'the consumers to reconnect');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bus = await openBus(options);
    stops.push(() => bus.nc.close());
    await ensureStreams(bus, 'binance', options, 1_000);
    await drive(sim, 500);
    expect((await bus.jsm.streams.info(events)).state.last_seq).toBeLessThan(lastSeen); // the consumers' positions are past the stream's end
    await expectBooksEqualTruth(sim, consumers, 'after the loss');
    const tradesBefore = consumers[1]!.trades.length;
    await drive(sim, 500);
    await waitFor(() => consumers[1]!.trades.length > tradesBefore, 'trades to reach the consumer again');
  });

  it('ingest killed (cut off from NATS for good) and restarted: the new ingest takes the lease when it expires, consumers follow its snapshot', async () => {
    const proxy = await proxyToNats();
    const consumers = [consumer(), consumer()];
    const first = startIngest(sim, { servers: proxy.url.replace('ws://', 'nats://'), reconnectTimeWait: 50 });
    stops.push(first.stop);
    await waitFor(() => first.events.some((e) => e.type === 'leader'), 'the first ingest to take the lease');
    await driveUntilBooks(sim, consumers);
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'before the crash');
    await proxy.close(); // the first ingest is gone: no publish, no lease renewal, no goodbye
    const second = startIngest(sim, { servers: nats.url });
    stops.push(second.stop);
    await waitFor(() => second.events.some((e) => e.type === 'standby'), 'the restarted ingest to wait for the lease');
    await drive(sim, 500);
    await waitFor(() => second.events.some((e) => e.type === 'leader'), 'the restarted ingest to take the expired lease', 1_000);
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'after the restart');
    for (const c of consumers) expect(resyncs(c, 'reset').length).toBeGreaterThan(0);
  });

  it('hot standby: two ingests of one venue; when the leader dies the standby takes over, trades reach consumers once each and in order', async () => {
    const proxy = await proxyToNats();
    const consumers = [consumer(nats.url, true), consumer()];
    const leader = startIngest(sim, { servers: proxy.url.replace('ws://', 'nats://'), trades: ['BTC/USDT'] });
    stops.push(leader.stop);
    await waitFor(() => leader.events.some((e) => e.type === 'leader'), 'the first ingest to take the lease');
    const standby = startIngest(sim, { servers: nats.url, trades: ['BTC/USDT'] });
    stops.push(standby.stop);
    await waitFor(() => standby.events.some((e) => e.type === 'standby'), 'the second ingest to stand by');
    await driveUntilBooks(sim, consumers);
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'with both ingests running');
    await proxy.close();
    await drive(sim, 300);
    await waitFor(() => standby.events.some((e) => e.type === 'leader'), 'the standby to take over', 1_000);
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, consumers, 'after the takeover');
    const ids = consumers[0]!.trades.map((t) => Number(t.id));
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length); // de-duplicated by Nats-Msg-Id although both ingests published them
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[ids.length - 1]! - ids[0]! + 1).toBe(ids.length); // none lost across the takeover
  });

  it('a slow consumer that falls behind the stream retention detects the gap and resyncs from the stored snapshot', async () => {
    const proxy = await proxyToNats();
    const ingest = startIngest(sim, { servers: nats.url, maxMessagesPerSubject: 200 });
    stops.push(ingest.stop);
    await waitFor(() => ingest.events.some((e) => e.type === 'leader'), 'the ingest to take the lease');
    const fast = consumer();
    const slow = consumer(proxy.url.replace('ws://', 'nats://'));
    // the market moves in steps of 50 updates that the followers show before the next: on this
    // loaded machine an unpaced market could put any consumer 200 records behind
    const drivePaced = async (count: number, followers: readonly Consumer[], what: string): Promise<void> => {
      for (let step = 0; step < count / 50; step++) {
        await drive(sim, 50);
        await expectBooksEqualTruth(sim, followers, `${what} (step ${step})`);
      }
    };
    await driveUntilBooks(sim, [fast, slow]);
    await drivePaced(500, [fast, slow], 'before the stall');
    proxy.stall('downstream'); // the slow consumer receives nothing for a while
    // 3 000 updates, well past the 200 records retained: only the stalled consumer falls behind
    await drivePaced(3_000, [fast], 'during the stall');
    proxy.unstall();
    await drivePaced(500, [fast], 'after the stall');
    await expectBooksEqualTruth(sim, [fast, slow], 'after the slow consumer caught up');
    expect(resyncs(slow, 'gap').length).toBeGreaterThan(0);
    expect(resyncs(fast)).toEqual([]);
  });

  it('the last records of a quiet book lost by the server: the ingest notices at its next check and publishes the whole book again', async () => {
    const ingest = startIngest(sim, { servers: nats.url, snapshotIntervalMs: 1_500 });
    stops.push(ingest.stop);
    await waitFor(() => ingest.events.some((e) => e.type === 'leader'), 'the ingest to take the lease');
    const early = consumer();
    await driveUntilBooks(sim, [early]);
    await drive(sim, 200);
    await expectBooksEqualTruth(sim, [early], 'before the loss');
    // the server loses the book's last record (as in a restart right after it was published)
    const bus = await openBus(resolveNatsOptions({ servers: nats.url }));
    stops.push(() => bus.nc.close());
    await ensureStreams(bus, 'binance', resolveNatsOptions({ servers: nats.url }), 1_000, true);
    const last = await bus.jsm.streams.getMessage(streamNames('binance').events, { last_by_subj: marketSubject('binance', 'book', 'BTC/USDT') });
    expect(await bus.jsm.streams.deleteMessage(streamNames('binance').events, last!.seq)).toBe(true);
    await waitFor(() => ingest.events.some((e) => e.type === 'error' && e.message.includes('publishing a snapshot')), 'the ingest to notice the loss', 1_000);
    const late = consumer(); // reads the stored image and the records after it
    await expectBooksEqualTruth(sim, [early, late], 'after the loss');
  });
});
