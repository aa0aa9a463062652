'use strict';
/**
 * Loopback Binance-like server for the latency benchmark, run as a child process of
 * bench/latency.js (so its pacing never shares an event loop with the client measured).
 *
 * Speaks just enough of Binance spot for the real `binance()` client: the combined-stream socket
 * `/stream` (SUBSCRIBE/UNSUBSCRIBE replies `{"result":null,"id":N}`), REST `GET /api/v3/depth` and a
 * one-symbol `GET /api/v3/exchangeInfo` (the client checks the symbol is listed).
 * On a SUBSCRIBE of `btcusdt@depth@100ms` during a phase, it pushes the seeded dataset's
 * `depthUpdate` frames from the first one, at `rate` frames/s for `seconds`, each frame's `E` set to
 * the send time on the system-wide monotonic clock (`process.hrtime`, ms), read just before `send`.
 * Pacing spins (busy-waits) in slices of at most 2 ms, yielding to the event loop in between, so
 * frames leave evenly spaced instead of in timer-sized bursts.
 *
 * IPC: parent → `{type:'phase', rate, seconds}`; child → `{type:'listening', port}`,
 * `{type:'phase-done', sent, late}` (late: frames sent > 1 ms after their due time).
 */
const http = require('node:http');
const { WebSocketServer } = require('ws');
const { binanceDataset, STREAM } = require('./lib/binance-dataset');
const { nowMs } = require('./lib/measure');

const MAX_FRAMES = Number(process.env.LATENCY_FRAMES || 250_000);
const dataset = binanceDataset({ count: MAX_FRAMES, seed: 42 });
const snapshot = JSON.parse(dataset.snapshotText);

let phase; // { rate, seconds }

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname === '/api/v3/exchangeInfo') {
    // the client checks the symbol is listed before subscribing
    const symbol = { symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', filters: [{ filterType: 'PRICE_FILTER', tickSize: '0.01' }, { filterType: 'LOT_SIZE', stepSize: '0.00001' }] };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ symbols: [symbol] }));
    return;
  }
  if (url.pathname !== '/api/v3/depth') {
    response.writeHead(404).end();
    return;
  }
  const limit = Math.min(5000, Number(url.searchParams.get('limit') ?? 100));
  const body = JSON.stringify({ lastUpdateId: snapshot.lastUpdateId, bids: snapshot.bids.slice(0, limit), asks: snapshot.asks.slice(0, limit) });
  response.writeHead(200, { 'content-type': 'application/json' }).end(body);
});

const wss = new WebSocketServer({ server, path: '/stream', perMessageDeflate: false });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    let request;
    try {
      request = JSON.parse(String(data));
    } catch {
      return;
    }
    socket.send(JSON.stringify({ result: null, id: request.id ?? null }));
    if (request.method === 'SUBSCRIBE' && Array.isArray(request.params) && request.params.includes(STREAM) && phase && !phase.started) {
      phase.started = true;
      stream(socket, phase);
    }
  });
  socket.on('error', () => undefined);
});

/** Pushes frames at `rate`/s for `seconds`, busy-waiting in ≤ 2 ms slices. */
function stream(socket, { rate, seconds }) {
  const interval = 1000 / rate;
  const total = Math.min(MAX_FRAMES, Math.floor(rate * seconds));
  const start = nowMs() + 5;
  let next = 0;
  let late = 0;
  const slice = () => {
    if (socket.readyState !== socket.OPEN) return finish();
    const sliceEnd = nowMs() + 2;
    for (;;) {
      const now = nowMs();
      if (next >= total) return finish();
      const due = start + next * interval;
      if (now >= due) {
        if (now - due > 1) late++;
        socket.send(dataset.frameHead + now + dataset.tails[next]);
        next++;
      } else if (now >= sliceEnd || due - now > 2) {
        break;
      }
    }
    setImmediate(slice);
  };
  const finish = () => {
    process.send({ type: 'phase-done', sent: next, late });
    phase = undefined;
  };
  setImmediate(slice);
}

process.on('message', (message) => {
  if (message.type === 'phase') phase = { rate: message.rate, seconds: message.seconds, started: false };
  if (message.type === 'stop') {
    for (const client of wss.clients) client.terminate();
    wss.close();
    server.close(() => process.exit(0));
  }
});

server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port, frames: MAX_FRAMES }));
