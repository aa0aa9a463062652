'use strict';
/**
 * Added latency: send → emission at the subscriber, for a bare `ws` + JSON.parse client (the floor),
 * an rxmarket `book()` subscriber and an rxmarket `book().pipe(orderBook())` subscriber, against a
 * loopback server pushing Binance `depthUpdate` frames at fixed rates (see docs/performance.md).
 *
 *   node bench/latency.js [--rates=5000,20000,50000] [--seconds=4] [--warmup=1000]
 *
 * Server and each subscriber run in their own processes (one subscriber at a time), so the figures
 * are not polluted by a shared event loop; all three subscribers run in the same invocation, on the
 * same frames, one after the other per rate (order rotated per rate).
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { once } = require('node:events');
const { parseArgs } = require('node:util');
const { machineSummary } = require('./lib/machine');
const { printTable, formatInt } = require('./lib/table');

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '5000,20000,50000' },
    seconds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1000' },
  },
});
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const warmupMs = Number(values.warmup);
const KINDS = ['floor', 'rxmarket', 'orderbook'];
const LABEL = { floor: 'ws + JSON.parse (floor)', rxmarket: 'rxmarket book() events', orderbook: 'rxmarket book() + orderBook({depth: 10})' };

function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code) => reject(new Error(`${path.basename(child.spawnargs.at(-1))} exited (${code}) before sending ${type}`));
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function main() {
  console.log(`# Added latency — ${machineSummary()}`);
  const frames = Math.max(...rates) * (seconds + 1);
  const server = fork(path.join(__dirname, 'latency-server.js'), [], { env: { ...process.env, LATENCY_FRAMES: String(frames) } });
  const { port } = await nextMessage(server, 'listening');
  const rows = [];
  try {
    for (const [index, rate] of rates.entries()) {
      const order = KINDS.map((_, i) => KINDS[(i + index) % KINDS.length]);
      const results = {};
      for (const kind of order) {
        const phaseDone = nextMessage(server, 'phase-done');
        server.send({ type: 'phase', rate, seconds });
        const client = fork(path.join(__dirname, 'latency-client.js'), [kind, String(port), String(Math.ceil(rate * seconds)), String(warmupMs)]);
        await nextMessage(client, 'started');
        const done = await phaseDone;
        await new Promise((resolve) => setTimeout(resolve, 300)); // let the last frames arrive
        const resultPromise = nextMessage(client, 'result');
        client.send({ type: 'report' });
        const result = await resultPromise;
        await once(client, 'exit');
        results[kind] = { ...result, sent: done.sent, late: done.late };
        process.stderr.write(`  ${formatInt(rate)}/s ${kind}: ${result.received}/${done.sent} received\n`);
      }
      for (const kind of KINDS) {
        const r = results[kind];
        const floor = results.floor;
        rows.push([
          formatInt(rate),
          LABEL[kind],
          `${formatInt(r.received)}/${formatInt(r.sent)}`,
          (r.p50 * 1000).toFixed(0),
          (r.p99 * 1000).toFixed(0),
          (r.p999 * 1000).toFixed(0),
          kind === 'floor' ? '—' : `${((r.p50 - floor.p50) * 1000).toFixed(0)} / ${((r.p99 - floor.p99) * 1000).toFixed(0)} / ${((r.p999 - floor.p999) * 1000).toFixed(0)}`,
          `${((r.cpuMs / (seconds * 1000)) * 100).toFixed(0)} %`,
          `${((r.late / r.sent) * 100).toFixed(1)} %`,
        ]);
      }
    }
  } finally {
    server.send({ type: 'stop' });
  }
  printTable(
    ['rate (frames/s)', 'subscriber', 'received/sent', 'p50 µs', 'p99 µs', 'p99.9 µs', 'added over floor p50/p99/p99.9 µs', 'client CPU', 'server late > 1 ms'],
    rows,
    { title: `Send → emission latency, ${seconds} s per subscriber and rate (first ${warmupMs} ms not counted)`, alignLeft: 2 },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
