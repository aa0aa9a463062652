/**
 * A recorder in its own process, for the kill tests: records a Binance simulator session into
 * `process.argv[2]`, writing `flushed <records in the file>` on stdout after every buffer written,
 * until it is killed. No signal handler of its own: the library's SIGINT/SIGTERM flush is the only one.
 */
import { binance } from '../../../lib/exchanges/binance/binance';
import { record } from '../../../lib/replay/record';
import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';

async function main(): Promise<void> {
  const file = process.argv[2]!;
  const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 3, stepsPerSecond: 100, depthIntervalMs: 10, tickerIntervalMs: 20, bookLevels: 100 });
  const client = record(binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }), {
    file,
    flushInterval: 100,
    onFlushed: (stats) => process.stdout.write(`flushed ${stats.recordsWritten}\n`),
  });
  client.book('BTC/USDT').subscribe();
  client.trades('BTC/USDT').subscribe();
  process.stdout.write('recording\n');
}

void main();
