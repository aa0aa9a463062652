'use strict';
/**
 * Decode + normalize cost per Binance depth frame, without any book: `BinanceSession.onFrame`
 * (JSON.parse, guards, level parsing and validation, routing) vs `JSON.parse` alone, same frames,
 * CPU time, median of 5 rounds. Run: `npm run build && node --single-threaded bench/decode-cost.js`.
 */
const { binanceDataset } = require('./lib/binance-dataset');
const { binanceProtocol } = require('../dist/exchanges/binance/binance-protocol');
const { BinanceRoutes } = require('../dist/exchanges/binance/binance-routes');
const data = binanceDataset({ count: 200000, seed: 42 });
const routes = new BinanceRoutes(); routes.key('depth', 'BTC/USDT');
const session = binanceProtocol('ws://x', routes).createSession();
let n = 0; const sink = { data: () => { n++; }, invalid: (m) => { throw new Error(m); }, exchangeError() {}, rejected() {}, gap() {} };
function time(fn) { const t = process.cpuUsage(); fn(); const d = process.cpuUsage(t); return (d.user + d.system) / data.frames.length; }
const results = { parse: [], decode: [] };
for (let round = 0; round < 5; round++) {
  results.parse.push(time(() => { for (const f of data.frames) JSON.parse(f); }));
  results.decode.push(time(() => { for (const f of data.frames) session.onFrame(f, 0, sink); }));
}
const med = (a) => a.sort((x, y) => x - y)[2];
console.log(`frames ${data.frames.length}, JSON.parse ${med(results.parse).toFixed(2)} µs/frame, decode+normalize (incl. JSON.parse) ${med(results.decode).toFixed(2)} µs/frame, every frame delivered: ${n === 5 * data.frames.length}`);
