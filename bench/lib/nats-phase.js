'use strict';
/**
 * One measured phase of the NATS benchmarks: the loopback Binance-like server (bench/latency-server.js)
 * pushes `rate` frames/s for `seconds`; either a direct `binance()` client (bench/latency-client.js,
 * `orderbook`) or the path server → ingest (bench/nats-ingest.js) → a fresh nats-server → consumers
 * (bench/nats-consumer.js) receives them. Every party is its own process.
 *
 * @example
 * const r = await natsPhase(server, port, { rate: 5000, seconds: 4, warmupMs: 1000, consumers: 1 });
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { once } = require('node:events');
const { startNatsServer } = require('./nats-server');

const BENCH = path.resolve(__dirname, '..');
/** `book()` depth of the direct client and the ingest: the dataset's whole 1000-level book (never short of levels). */
const BOOK_DEPTH = 1000;

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

async function report(client, done) {
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the last frames arrive
  const resultPromise = nextMessage(client, 'result');
  client.send({ type: 'report' });
  const result = await resultPromise;
  await once(client, 'exit');
  return { ...result, sent: done.sent, late: done.late };
}

/** The direct client's phase (`latency-client.js orderbook`). */
async function directPhase(server, port, { rate, seconds, warmupMs }) {
  const phaseDone = nextMessage(server, 'phase-done');
  server.send({ type: 'phase', rate, seconds });
  const client = fork(path.join(BENCH, 'latency-client.js'), ['orderbook', String(port), String(Math.ceil(rate * seconds)), String(warmupMs), String(BOOK_DEPTH)]);
  await nextMessage(client, 'started');
  return report(client, await phaseDone);
}

/** The NATS path's phase, with `consumers` fromNats clients in one process. */
async function natsPhase(server, port, { rate, seconds, warmupMs, consumers }) {
  const nats = await startNatsServer();
  try {
    const consumer = fork(path.join(BENCH, 'nats-consumer.js'), [nats.url, String(consumers), String(Math.ceil(rate * seconds)), String(warmupMs)]);
    await nextMessage(consumer, 'started');
    const phaseDone = nextMessage(server, 'phase-done');
    server.send({ type: 'phase', rate, seconds });
    const ingest = fork(path.join(BENCH, 'nats-ingest.js'), [String(port), nats.url]);
    let phaseOver = false;
    const ingestFailed = once(ingest, 'exit').then(([code]) => {
      if (!phaseOver) throw new Error(`nats-ingest exited (${code}) during the phase`);
    });
    const done = await Promise.race([phaseDone, ingestFailed]);
    phaseOver = true;
    const result = await report(consumer, done);
    ingest.send({ type: 'stop' });
    await once(ingest, 'exit');
    return result;
  } finally {
    await nats.stop();
  }
}

module.exports = { nextMessage, directPhase, natsPhase };
