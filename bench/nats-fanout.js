'use strict';
/**
 * Consumer fan-out over NATS JetStream: one ingest (bench/nats-ingest.js) publishing the loopback
 * server's Binance frames at `rate`/s, and 1, 10, 50 fromNats consumers (one NATS connection each,
 * all in one consumer process) each folding the book with `orderBook({ depth: 10 })`. Baseline in
 * the same run: one direct `binance()` client on the same frames.
 *
 *   node bench/nats-fanout.js [--rate=2000] [--consumers=1,10,50] [--seconds=4] [--warmup=1000]
 *
 * Needs `npm run build` and nats-server (apt-get install -y nats-server).
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { parseArgs } = require('node:util');
const { machineSummary } = require('./lib/machine');
const { printTable, formatInt } = require('./lib/table');
const { nextMessage, directPhase, natsPhase } = require('./lib/nats-phase');

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    consumers: { type: 'string', default: '1,10,50' },
    seconds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1000' },
  },
});
const rate = Number(values.rate);
const counts = values.consumers.split(',').map(Number);
const seconds = Number(values.seconds);
const warmupMs = Number(values.warmup);

async function main() {
  console.log(`# Consumer fan-out over NATS JetStream — ${machineSummary()}`);
  const server = fork(path.join(__dirname, 'latency-server.js'), [], { env: { ...process.env, LATENCY_FRAMES: String(rate * (seconds + 1)) } });
  const { port } = await nextMessage(server, 'listening');
  const rows = [];
  try {
    const direct = await directPhase(server, port, { rate, seconds, warmupMs });
    rows.push(['direct binance()', '1', `${formatInt(direct.received)}/${formatInt(direct.sent)}`, formatInt(direct.received / seconds), (direct.p50 * 1000).toFixed(0), (direct.p99 * 1000).toFixed(0), `${((direct.cpuMs / (seconds * 1000)) * 100).toFixed(0)} %`, '—']);
    for (const consumers of counts) {
      const r = await natsPhase(server, port, { rate, seconds, warmupMs, consumers });
      process.stderr.write(`  ${consumers} consumers: ${r.received}/${r.sent * consumers}\n`);
      rows.push([
        'fromNats()',
        String(consumers),
        `${formatInt(r.received)}/${formatInt(r.sent * consumers)}`,
        formatInt(r.received / seconds),
        (r.p50 * 1000).toFixed(0),
        (r.p99 * 1000).toFixed(0),
        `${((r.cpuMs / (seconds * 1000)) * 100).toFixed(0)} %`,
        String(r.resyncs),
      ]);
    }
  } finally {
    server.send({ type: 'stop' });
  }
  printTable(['path', 'consumers', 'states received/expected', 'states/s (all consumers)', 'p50 µs', 'p99 µs', 'consumer process CPU', 'resyncs'], rows, {
    title: `${formatInt(rate)} frames/s for ${seconds} s, consumers in one process (first ${warmupMs} ms not counted in latency)`,
    alignLeft: 1,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
