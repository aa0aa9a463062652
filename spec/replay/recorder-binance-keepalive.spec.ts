import { binance } from '../../lib/exchanges/binance/binance';
import { record } from '../../lib/replay/record';
import { readRecording } from '../../lib/replay/recording-reader';
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { waitFor } from '../helpers/wait-for';
import { logClient, tempDir } from './support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

/**
 * Binance counts pongs in its 5 messages/s, so the client answers server pings itself (`autoPong:
 * false`, `socket.pong()`): a recording socket must pass those pongs on, or the server drops the
 * client for missing pongs.
 */
describe('record() on a Binance client answering server pings itself', () => {
  it('passes the client\'s pongs through to the server and writes them to the file', async () => {
    const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 4, serverPingIntervalMs: 100, pongTimeoutMs: 1_000 });
    const file = temp.file('binance-pongs.rxrec.gz');
    const live = record(binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, reconnect: { delay: 20, maxDelay: 100 } }), { file });
    const session = logClient(live, [{ name: 'trades', open: (c) => c.trades('BTC/USDT') }]);
    try {
      await waitFor(() => sim.controlLog.filter((e) => e.kind === 'pong').length >= 3, 'three pongs from the client at the server');
      expect(sim.connectionCount).toBe(1); // never dropped for a missing pong
    } finally {
      session.stop();
      await live.recording.stop();
      await sim.stop();
    }
    expect(readRecording(file).records.filter((r) => r.type === 'pong' && (r as { dir?: string }).dir === 'out').length).toBeGreaterThanOrEqual(3);
  });
});
