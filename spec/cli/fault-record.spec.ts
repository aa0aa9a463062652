import type { BookEvent } from '../../lib/model/book-event';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { FaultRecord } from '../../lib/cli/dashboard/fault-record';

const snapshot = (symbol: string): BookEvent => ({ type: 'snapshot', exchange: 'binance', symbol, bids: [], asks: [], timestamp: 1, localTimestamp: 1 });
const delta = (symbol: string): BookEvent => ({ type: 'delta', exchange: 'binance', symbol, bids: [], asks: [], timestamp: 1, localTimestamp: 1 });

describe('FaultRecord', () => {
  it('a disconnect recovers only once every book of the exchange got a fresh snapshot', () => {
    const record = new FaultRecord('binance', 'disconnect', 'BTC/USDT', 100, ['BTC/USDT', 'ETH/USDT']);
    record.onBookEvent(snapshot('BTC/USDT'), 101); // before anything was noticed: ignored
    expect(record.detectedAt).toBeUndefined();
    record.onExchangeEvent({ type: 'close', exchange: 'binance', connection: 1, code: 1006, reason: '', timestamp: 102 }, 102);
    record.onExchangeEvent({ type: 'reconnect', exchange: 'binance', connection: 1, attempt: 1, delay: 100, timestamp: 103 }, 103);
    record.onExchangeEvent({ type: 'resync', exchange: 'binance', symbol: 'BTC/USDT', reason: 'reconnect', timestamp: 104 }, 104);
    expect(record.detectedAt).toBe(102);
    record.onBookEvent(snapshot('BTC/USDT'), 105);
    expect(record.pending).toBe(true); // ETH/USDT still waits
    record.onBookEvent(delta('ETH/USDT'), 106);
    expect(record.pending).toBe(true);
    record.onBookEvent(snapshot('ETH/USDT'), 107);
    expect(record.recoveredAt).toBe(107);
    expect(record.story).toEqual(['closed', 'reconnect', 'resync reconnect']);
  });

  it('a malformed frame (no resync) recovers with the next book event after the decode error', () => {
    let recovered = 0;
    const record = new FaultRecord('binance', 'malformed', 'BTC/USDT', 0, ['BTC/USDT'], () => recovered++);
    record.onExchangeEvent({ type: 'error', exchange: 'binance', kind: 'decode', message: 'bad', timestamp: 1 }, 1);
    record.onBookEvent(delta('BTC/USDT'), 2);
    expect(record.recoveredAt).toBe(2);
    expect(record.story).toEqual(['decode error']);
    record.onBookEvent(snapshot('BTC/USDT'), 3); // already recovered: nothing changes
    expect(record.recoveredAt).toBe(2);
    expect(recovered).toBe(1);
  });

  it('ignores other exchanges', () => {
    const record = new FaultRecord('binance', 'gap', 'BTC/USDT', 0, ['BTC/USDT']);
    const other: ExchangeEvent = { type: 'resync', exchange: 'kraken', symbol: 'BTC/USD', reason: 'checksum', timestamp: 1 };
    record.onExchangeEvent(other, 1);
    record.onBookEvent({ ...snapshot('BTC/USD'), exchange: 'kraken' }, 2);
    expect(record.detectedAt).toBeUndefined();
    expect(record.pending).toBe(true);
  });
});
