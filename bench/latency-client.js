'use strict';
/**
 * One subscriber of the latency benchmark, run as a child process of bench/latency.js:
 *
 *   node bench/latency-client.js <floor|rxmarket|orderbook> <port> <expectedFrames> <warmupMs> [bookDepth]
 *
 * - `floor`: a bare `ws` client, `JSON.parse` of each frame, reads `data.E`;
 * - `rxmarket`: the real `binance({ wsUrl, restUrl })` client (default scheduler), `book('BTC/USDT')`:
 *   each `BookDelta` (decoded, normalized, sequence-checked) at the subscriber;
 * - `orderbook`: the same piped through `orderBook({ depth: 10 })`: each `OrderBookState`.
 * Latency of a frame = monotonic time at the subscriber callback − the frame's send time (`E`,
 * stamped by the server on the same system-wide monotonic clock). Frames sent in the first
 * `warmupMs` (connection, snapshot fetch, JIT warm-up) are not counted.
 * On `{type:'report'}` it replies `{type:'result', latencies…, received, cpuMs}` and exits.
 */
const WebSocket = require('ws');
const { nowMs, percentile } = require('./lib/measure');
const { fromDist } = require('./lib/dist');
const { STREAM } = require('./lib/binance-dataset');

const [kind, port, expected, warmupMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
/** Optional 6th argument: `book()`'s depth (default: the client's). */
const bookOptions = process.argv[6] === undefined ? undefined : { depth: Number(process.argv[6]) };
const wsUrl = `ws://127.0.0.1:${port}`;
const latencies = new Float64Array(expected + 16);
let count = 0;
let received = 0;
let firstSentAt;
let cpuAtStart;

function record(sentAt) {
  const latency = nowMs() - sentAt;
  received++;
  if (firstSentAt === undefined) {
    firstSentAt = sentAt;
    cpuAtStart = process.cpuUsage();
  }
  if (sentAt - firstSentAt >= warmupMs && count < latencies.length) latencies[count++] = latency;
}

let stop;
let seenSnapshotState = false;
if (kind === 'floor') {
  const socket = new WebSocket(`${wsUrl}/stream`, { perMessageDeflate: false });
  socket.on('open', () => socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: [STREAM], id: 1 })));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.data !== undefined) record(message.data.E);
  });
  stop = () => socket.terminate();
} else {
  const { binance } = fromDist('exchanges/binance/binance');
  const { orderBook } = fromDist('operators/order-book');
  const client = binance({ wsUrl, restUrl: `http://127.0.0.1:${port}` });
  const errors = [];
  client.events$.subscribe((event) => {
    if (event.type === 'error' || event.type === 'resync') errors.push(event);
  });
  // default depth 1000 → a 5000-level snapshot of the dataset's 1000-level book: the whole book is known, so
  // the known-window check never re-snapshots (the server's snapshot is the dataset's first, fixed)
  const book$ = client.book('BTC/USDT', bookOptions ?? { depth: 1000 });
  const subscription =
    kind === 'orderbook'
      ? book$.pipe(orderBook({ depth: 10 })).subscribe((state) => {
          if (seenSnapshotState) record(state.timestamp);
          seenSnapshotState = true; // the first state is the snapshot's, not a frame's
        })
      : book$.subscribe((event) => {
          if (event.type === 'delta') record(event.timestamp);
        });
  stop = () => {
    subscription.unsubscribe();
    if (errors.length > 0) process.stderr.write(`latency-client ${kind}: ${errors.length} error/resync events, first: ${JSON.stringify(errors[0])}\n`);
  };
}

process.on('message', (message) => {
  if (message.type !== 'report') return;
  const cpu = cpuAtStart ? process.cpuUsage(cpuAtStart) : { user: 0, system: 0 };
  const sorted = latencies.slice(0, count).sort();
  stop();
  process.send(
    {
      type: 'result',
      kind,
      received,
      measured: count,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
      max: sorted[sorted.length - 1],
      cpuMs: (cpu.user + cpu.system) / 1000,
    },
    () => process.exit(0),
  );
});
process.send({ type: 'started' });
