'use strict';
/**
 * The Binance simulator (lib/testing/binance) as a child process of bench/scale.js, so its CPU and
 * memory are not counted as the client's.
 *
 * IPC: child → `{type:'listening', wsUrl, restUrl}`; parent → `{type:'stats'}` → child
 * `{type:'stats', connectionCount, openConnections, restRequests, streamsPerConnection}`;
 * parent → `{type:'stop'}`.
 */
const { fromDist } = require('./lib/dist');

const { BinanceSimulator } = fromDist('testing/index');
const symbols = JSON.parse(process.env.SCALE_SYMBOLS);

async function main() {
  const sim = await BinanceSimulator.start({
    symbols,
    seed: 7,
    bookLevels: Number(process.env.SCALE_BOOK_LEVELS || 200),
    stepsPerSecond: Number(process.env.SCALE_STEPS_PER_SECOND || 10),
    // the client pings every 10 s (default); each ping counts in Binance's 5 messages/s limit
  });
  process.on('message', async (message) => {
    if (message.type === 'stats') {
      process.send({
        type: 'stats',
        connectionCount: sim.connectionCount,
        openConnections: sim.connections.size,
        restRequests: sim.restRequests,
        restStatuses: sim.restLog.reduce((counts, entry) => ({ ...counts, [entry.status]: (counts[entry.status] ?? 0) + 1 }), {}),
        streamsPerConnection: [...sim.connections].map((connection) => sim.subscriptions(connection).length),
      });
    } else if (message.type === 'stop') {
      await sim.stop();
      process.exit(0);
    }
  });
  process.send({ type: 'listening', wsUrl: sim.wsUrl, restUrl: sim.restUrl });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
