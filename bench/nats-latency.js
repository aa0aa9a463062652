'use strict';
/**
 * End-to-end latency over NATS JetStream against a direct client, same frames, same run:
 * loopback Binance-like server → `binance()` + `publish()` (ingest process) → nats-server -js →
 * `fromNats('binance').book().pipe(orderBook({ depth: 10 }))` (consumer process), versus
 * `binance().book().pipe(orderBook({ depth: 10 }))` connected to the server directly.
 *
 *   node bench/nats-latency.js [--rates=5000,20000] [--seconds=4] [--warmup=1000]
 *
 * Needs `npm run build` and nats-server (apt-get install -y nats-server). Latency = monotonic time
 * at the subscriber − the frame's send time stamped by the server (see bench/latency-client.js).
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { parseArgs } = require('node:util');
const { machineSummary } = require('./lib/machine');
const { printTable, formatInt } = require('./lib/table');
const { nextMessage, directPhase, natsPhase } = require('./lib/nats-phase');

const { values } = parseArgs({
  options: { rates: { type: 'string', default: '5000,20000' }, seconds: { type: 'string', default: '4' }, warmup: { type: 'string', default: '1000' } },
});
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const warmupMs = Number(values.warmup);

async function main() {
  console.log(`# Latency over NATS JetStream vs a direct client — ${machineSummary()}`);
  const frames = Math.max(...rates) * (seconds + 1);
  const server = fork(path.join(__dirname, 'latency-server.js'), [], { env: { ...process.env, LATENCY_FRAMES: String(frames) } });
  const { port } = await nextMessage(server, 'listening');
  const rows = [];
  try {
    for (const rate of rates) {
      const direct = await directPhase(server, port, { rate, seconds, warmupMs });
      process.stderr.write(`  ${formatInt(rate)}/s direct: ${direct.received}/${direct.sent}\n`);
      const nats = await natsPhase(server, port, { rate, seconds, warmupMs, consumers: 1 });
      process.stderr.write(`  ${formatInt(rate)}/s nats: ${nats.received}/${nats.sent}\n`);
      for (const [label, r] of [['direct binance() + orderBook()', direct], ['ingest → NATS → fromNats() + orderBook()', nats]]) {
        rows.push([
          formatInt(rate),
          label,
          `${formatInt(r.received)}/${formatInt(r.sent)}`,
          (r.p50 * 1000).toFixed(0),
          (r.p99 * 1000).toFixed(0),
          r === direct ? '—' : `${((r.p50 - direct.p50) * 1000).toFixed(0)} / ${((r.p99 - direct.p99) * 1000).toFixed(0)}`,
          r === direct ? '—' : `${(r.p50 / direct.p50).toFixed(1)}× / ${(r.p99 / direct.p99).toFixed(1)}×`,
          r.resyncs === undefined ? '—' : String(r.resyncs),
        ]);
      }
    }
  } finally {
    server.send({ type: 'stop' });
  }
  printTable(['rate (frames/s)', 'subscriber', 'received/sent', 'p50 µs', 'p99 µs', 'added over direct p50/p99 µs', 'ratio p50/p99', 'resyncs'], rows, {
    title: `Send → orderBook() state latency, ${seconds} s per path and rate (first ${warmupMs} ms not counted)`,
    alignLeft: 2,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
