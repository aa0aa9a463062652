'use strict';
/**
 * Consumers of the NATS benchmarks, as a child process: `consumers` fromNats clients (one NATS
 * connection each) on `book('BTC/USDT').pipe(orderBook({ depth: 10 }))`. Latency of a state =
 * monotonic time at the subscriber − the frame's send time (the delta's exchange `timestamp`,
 * stamped by the loopback server on the system-wide monotonic clock and carried through the ingest
 * and NATS unchanged). The first state of each consumer (the snapshot's) and frames sent in the
 * first `warmupMs` are not counted.
 *
 *   node bench/nats-consumer.js <natsUrl> <consumers> <expectedFrames> <warmupMs>
 *
 * IPC: child → `{type:'started'}`; parent → `{type:'report'}`; child → `{type:'result', …}` and exits.
 */
const { nowMs, percentile } = require('./lib/measure');
const { fromDist } = require('./lib/dist');

const [natsUrl, consumers, expected, warmupMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
const { fromNats } = fromDist('nats/index');
const { orderBook } = fromDist('operators/order-book');

const latencies = new Float64Array(expected * consumers + 16);
let count = 0;
let received = 0;
let resyncs = 0;
let firstSentAt;
let cpuAtStart;
const subscriptions = [];
for (let i = 0; i < consumers; i++) {
  const client = fromNats('binance', { servers: natsUrl, storage: 'memory' });
  subscriptions.push(client.events$.subscribe((e) => (resyncs += e.type === 'resync' ? 1 : 0)));
  let seenFirst = false;
  subscriptions.push(
    client
      .book('BTC/USDT')
      .pipe(orderBook({ depth: 10 }))
      .subscribe((state) => {
        if (!seenFirst) return void (seenFirst = true);
        const latency = nowMs() - state.timestamp;
        received++;
        if (firstSentAt === undefined) {
          firstSentAt = state.timestamp;
          cpuAtStart = process.cpuUsage();
        }
        if (state.timestamp - firstSentAt >= warmupMs && count < latencies.length) latencies[count++] = latency;
      }),
  );
}

process.on('message', (message) => {
  if (message.type !== 'report') return;
  const cpu = cpuAtStart ? process.cpuUsage(cpuAtStart) : { user: 0, system: 0 };
  const sorted = latencies.slice(0, count).sort();
  subscriptions.forEach((s) => s.unsubscribe());
  process.send(
    { type: 'result', received, measured: count, resyncs, p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9), cpuMs: (cpu.user + cpu.system) / 1000 },
    () => process.exit(0),
  );
});
setTimeout(() => process.send({ type: 'started' }), 300); // connections open, readers waiting
