import type { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { describeWithNatsServer, NatsServer } from '../support/nats-server';
import { waitFor } from '../helpers/wait-for';
import { type Consumer, drive, driveUntilBooks, expectBooksEqualTruth, resyncs, startIngest, startSimulator, watchConsumer } from './nats-harness';

// real processes and sockets: generous bounds for a loaded CI machine (the waits inside are bounded themselves)
jest.setTimeout(60_000);

describeWithNatsServer('fan-out over a real nats-server -js', () => {
  let nats: NatsServer;
  let sim: BinanceSimulator;
  const stops: (() => void)[] = [];

  beforeEach(async () => {
    nats = await NatsServer.start();
    sim = await startSimulator();
  });
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await sim.stop();
    await nats.stop();
  });

  function consumer(withTrades = false): Consumer {
    const c = watchConsumer({ servers: nats.url, reconnectTimeWait: 50 }, withTrades);
    stops.push(c.stop);
    return c;
  }

  it('simulator → publish → NATS → 3 consumers on separate connections: books equal the truth after 10 000 updates, no gap', async () => {
    const consumers = [consumer(true), consumer(), consumer()];
    const ingest = startIngest(sim, { servers: nats.url, trades: ['BTC/USDT'] });
    stops.push(ingest.stop);
    await waitFor(() => ingest.events.some((e) => e.type === 'leader'), 'the ingest to take the lease');
    await driveUntilBooks(sim, consumers);
    await expectBooksEqualTruth(sim, consumers, 'at the start');
    await drive(sim, 10_000);
    await expectBooksEqualTruth(sim, consumers, 'after 10 000 updates');
    for (const c of consumers) expect(resyncs(c)).toEqual([]);
    expect(ingest.events.filter((e) => e.type === 'error')).toEqual([]);
    const ids = consumers[0]!.trades.map((t) => Number(t.id));
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('a consumer joining mid-stream gets the stored snapshot and the following deltas with no gap', async () => {
    const ingest = startIngest(sim, { servers: nats.url });
    stops.push(ingest.stop);
    const early = consumer();
    await waitFor(() => ingest.events.some((e) => e.type === 'leader'), 'the ingest to take the lease');
    await driveUntilBooks(sim, [early]);
    await drive(sim, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a snapshot stored mid-stream
    await drive(sim, 500);
    const late = consumer();
    await drive(sim, 2_000);
    await expectBooksEqualTruth(sim, [early, late], 'after the late join');
    expect(late.snapshots()).toBe(1);
    expect(resyncs(late)).toEqual([]);
    expect(resyncs(early)).toEqual([]);
  });
});
