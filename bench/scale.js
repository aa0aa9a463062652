'use strict';
/**
 * Scale: one rxmarket Binance client following `--symbols` symbols (ticker + book each) against
 * the Binance simulator (lib/testing/binance) running in a child process. Reports sockets opened,
 * time to sync every book, resident memory per symbol and the client's CPU at the simulator's
 * aggregate rate (see docs/performance.md).
 *
 *   node bench/scale.js [--symbols=1000] [--seconds=10] [--steps=10]
 *
 * Every symbol: `client.tickers(all)` (one merged Observable) and `client.book(symbol)
 * .pipe(orderBook({ depth: 10 }))`. 1000 symbols × 2 streams = 2000 streams > Binance's 1024 per
 * socket, so the client must open 2 sockets.
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { parseArgs } = require('node:util');
const { merge, tap } = require('rxjs');
const { fromDist } = require('./lib/dist');
const { exposeGc, nowMs } = require('./lib/measure');
const { machineSummary } = require('./lib/machine');
const { printTable, formatInt } = require('./lib/table');

const { binance } = fromDist('exchanges/binance/binance');
const { orderBook } = fromDist('operators/order-book');

const { values } = parseArgs({
  options: {
    symbols: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    steps: { type: 'string', default: '10' },
    levels: { type: 'string', default: '200' },
  },
});
const symbolCount = Number(values.symbols);
const seconds = Number(values.seconds);
const gc = exposeGc();
const symbols = Array.from({ length: symbolCount }, (_, i) => `S${String(i).padStart(4, '0')}/USDT`);

function request(child, type) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    if (type !== 'listening') child.send({ type });
  });
}

async function waitFor(condition, timeoutMs, what) {
  const deadline = nowMs() + timeoutMs;
  while (!condition()) {
    if (nowMs() > deadline) throw new Error(`scale: ${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function memory() {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external + usage.arrayBuffers };
}

async function main() {
  console.log(`# Scale — ${machineSummary()}`);
  const sim = fork(path.join(__dirname, 'scale-simulator.js'), [], {
    env: { ...process.env, SCALE_SYMBOLS: JSON.stringify(symbols), SCALE_STEPS_PER_SECOND: values.steps, SCALE_BOOK_LEVELS: values.levels },
  });
  const { wsUrl, restUrl } = await request(sim, 'listening');
  const before = memory();

  // 1000 snapshots of limit 100 weigh 5000: allow Binance's whole 6000 per minute (default budget 1200)
  const client = binance({ wsUrl, restUrl, snapshotWeightPerMinute: 6000 });
  const lifecycle = { open: 0, subscribeMessages: 0, streamsSubscribed: 0, errors: [], resyncs: 0 };
  const eventsSubscription = client.events$.subscribe((event) => {
    if (event.type === 'open') lifecycle.open++;
    else if (event.type === 'subscribe') {
      lifecycle.subscribeMessages++;
      lifecycle.streamsSubscribed += event.streams.length;
    } else if (event.type === 'error') lifecycle.errors.push(`${event.kind}: ${event.message}`);
    else if (event.type === 'resync') lifecycle.resyncs++;
  });

  let tickers = 0;
  let bookStates = 0;
  let deltas = 0;
  let deltaLevels = 0;
  const countLevels = tap((event) => {
    if (event.type !== 'delta') return;
    deltas++;
    deltaLevels += event.bids.length + event.asks.length;
  });
  const tickerSeen = new Set();
  const bookSeen = new Set();
  const started = nowMs();
  const subscriptions = [
    client.tickers(symbols).subscribe((ticker) => {
      tickers++;
      tickerSeen.add(ticker.symbol);
    }),
    merge(...symbols.map((symbol) => client.book(symbol).pipe(countLevels, orderBook({ depth: 10 })))).subscribe((state) => {
      bookStates++;
      bookSeen.add(state.symbol);
    }),
  ];
  await waitFor(() => bookSeen.size === symbolCount && tickerSeen.size === symbolCount, 120_000, `all ${symbolCount} books and tickers`);
  const syncedAfterMs = nowMs() - started;

  // Steady state: let the books grow to their working size, then measure.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const tickersAtStart = tickers;
  const statesAtStart = bookStates;
  const cpuAtStart = process.cpuUsage();
  const windowStart = nowMs();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const cpu = process.cpuUsage(cpuAtStart);
  const windowMs = nowMs() - windowStart;
  const frameRate = (tickers - tickersAtStart + bookStates - statesAtStart) / (windowMs / 1000);
  const after = memory();
  const simStats = await request(sim, 'stats');

  for (const subscription of subscriptions) subscription.unsubscribe();
  eventsSubscription.unsubscribe();
  sim.send({ type: 'stop' });

  const perSymbol = (bytes) => `${formatInt(bytes / symbolCount / 1024)} KiB`;
  printTable(
    ['measure', 'value'],
    [
      ['symbols (ticker + book each)', formatInt(symbolCount)],
      ['streams', formatInt(symbolCount * 2)],
      ['sockets opened (client `open` events)', String(lifecycle.open)],
      ['streams per socket (simulator)', simStats.streamsPerConnection.join(' + ')],
      ['SUBSCRIBE messages sent', String(lifecycle.subscribeMessages)],
      ['REST depth snapshots requested', `${formatInt(simStats.restRequests)} (${Object.entries(simStats.restStatuses).map(([status, n]) => `${n}× HTTP ${status}`).join(', ')})`],
      ['time until every book and ticker emitted', `${(syncedAfterMs / 1000).toFixed(1)} s`],
      ['aggregate rate received (book deltas + tickers)', `${formatInt(frameRate)} events/s`],
      ['levels per book delta (mean)', (deltaLevels / Math.max(1, deltas)).toFixed(1)],
      ['client CPU at that rate', `${((((cpu.user + cpu.system) / 1000) / windowMs) * 100).toFixed(0)} % of one core`],
      ['client CPU per event', `${(((cpu.user + cpu.system) / (frameRate * (windowMs / 1000)))).toFixed(1)} µs`],
      ['resident memory (RSS) per symbol', perSymbol(after.rss - before.rss)],
      ['JS heap per symbol', perSymbol(after.heapUsed - before.heapUsed)],
      ['RSS total before → after', `${formatInt(before.rss / 2 ** 20)} → ${formatInt(after.rss / 2 ** 20)} MiB`],
      ['resyncs / errors', `${lifecycle.resyncs} / ${lifecycle.errors.length}`],
    ],
    { title: `Scale: ${symbolCount} symbols, ${seconds} s window, simulator ${values.steps} steps/s per symbol, ${values.levels} levels a side` },
  );
  if (lifecycle.errors.length > 0) console.log(`  first errors: ${lifecycle.errors.slice(0, 3).join(' | ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
