'use strict';
/**
 * The ingest of the NATS benchmarks, as a child process: the real `binance()` client against the
 * loopback Binance-like server, published with `publish()` (books of BTC/USDT) to NATS.
 *
 *   node bench/nats-ingest.js <port> <natsUrl>
 *
 * IPC: child → `{type:'leader'}` once it publishes; parent → `{type:'stop'}`.
 */
const { fromDist } = require('./lib/dist');

const [port, natsUrl] = [Number(process.argv[2]), process.argv[3]];
const { binance } = fromDist('exchanges/binance/binance');
const { publish } = fromDist('nats/index');
const client = binance({ wsUrl: `ws://127.0.0.1:${port}`, restUrl: `http://127.0.0.1:${port}` });
let errors = 0;
const subscription = publish(client, { servers: natsUrl, books: ['BTC/USDT'], bookOptions: { depth: 1000 }, storage: 'memory' }).subscribe({
  next: (event) => {
    if (event.type === 'leader') process.send({ type: 'leader' });
    if (event.type === 'error' && errors++ === 0) process.stderr.write(`nats-ingest: ${event.message}\n`);
  },
  error: (error) => {
    process.stderr.write(`nats-ingest failed: ${error}\n`);
    process.exit(1);
  },
});
process.on('message', (message) => {
  if (message.type !== 'stop') return;
  subscription.unsubscribe();
  setTimeout(() => process.exit(0), 200);
});
