import { lastValueFrom, toArray } from 'rxjs';
import { crc32 } from 'node:zlib';
import { RecordingBuilder } from '../../../lib/replay/convert/recording-builder';
import { replay } from '../../../lib/replay/replay';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import { tempDir } from '../../replay/support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Kraken's checksum text of one level: price then quantity with the pair's precisions, no point, no leading zeros. */
const digits = (text: string, decimals: number): string => {
  const [whole, fraction = ''] = text.split('.');
  return `${whole}${fraction.padEnd(decimals, '0').slice(0, decimals)}`.replace(/^0+/, '');
};
const checksumOf = (asks: readonly (readonly [string, string])[], bids: readonly (readonly [string, string])[]): number =>
  crc32(Buffer.from([...asks, ...bids].map(([p, q]) => digits(p, 1) + digits(q, 8)).join(''), 'latin1'));
const level = ([price, qty]: readonly [string, string]): string => `{"price":${price},"qty":${qty}}`;
const bookFrame = (type: 'snapshot' | 'update', bids: (readonly [string, string])[], asks: (readonly [string, string])[], checksum: number, time: string): string =>
  `{"channel":"book","type":"${type}","data":[{"symbol":"BTC/USD","bids":[${bids.map(level).join(',')}],"asks":[${asks.map(level).join(',')}],"checksum":${checksum},"timestamp":"${time}"}]}`;

/**
 * Kraken's checksum guide: read prices and quantities with a decimal or string decoder. A quantity
 * such as 960880280.96386646 has 17 significant digits; as a float64 it is 960880280.9638665, which
 * hashes wrong. The book must verify (no resync) with such quantities, in snapshots and updates, and
 * keep verifying after later updates of other levels.
 */
describe('Kraken checksums with quantities beyond float64 precision', () => {
  it('verifies a snapshot and updates whose quantities have 17 significant digits, with zero resyncs', async () => {
    const big = '960880280.96386646';
    const bids: [string, string][] = [['29430.2', big], ['29429.6', '0.5']];
    const asks: [string, string][] = [['29431.0', '1.25'], ['29432.5', '123456789.12345678']];
    const asksAfter: [string, string][] = [['29431.0', '2.5'], ['29432.5', '123456789.12345678']];
    const bidsAfter: [string, string][] = [['29430.2', big], ['29429.6', '0.5'], ['29428.1', '9007199254.74099311']];
    const builder = new RecordingBuilder({ exchange: 'kraken', options: { wsUrl: 'wss://ws.kraken.com/v2' }, source: 'spec: big quantities' });
    const conn = builder.conn('ws');
    const t0 = 1_700_000_000_000;
    const recv = (data: string, ts: number): void => builder.add({ type: 'recv', conn, data, ts });
    builder.add({ type: 'subscribe', sub: 1, method: 'book', symbols: ['BTC/USD'], options: { depth: 10 }, ts: t0 });
    builder.add({ type: 'connect', conn, url: 'wss://ws.kraken.com/v2', ts: t0 + 1 });
    builder.add({ type: 'open', conn, ts: t0 + 2 });
    recv('{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":1,"system":"online","version":"2.0.0"}]}', t0 + 3);
    recv('{"method":"subscribe","result":{"channel":"instrument","snapshot":true},"success":true}', t0 + 4);
    recv(
      '{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"BTC/USD","base":"BTC","quote":"USD","status":"online","qty_precision":8,"qty_increment":0.00000001,"price_precision":1,"price_increment":0.1,"cost_precision":5,"marginable":true,"has_index":true,"cost_min":0.5,"tick_size":0.1,"qty_min":0.0001}]}}',
      t0 + 5,
    );
    recv('{"method":"subscribe","result":{"channel":"book","depth":10,"snapshot":true,"symbol":"BTC/USD"},"success":true}', t0 + 6);
    recv(bookFrame('snapshot', bids, asks, checksumOf(asks, bids), '2023-11-14T22:13:20.007000Z'), t0 + 7);
    recv(bookFrame('update', [], [['29431.0', '2.5']], checksumOf(asksAfter, bids), '2023-11-14T22:13:20.008000Z'), t0 + 8);
    recv(bookFrame('update', [['29428.1', '9007199254.74099311']], [], checksumOf(asksAfter, bidsAfter), '2023-11-14T22:13:20.009000Z'), t0 + 9);
    const file = temp.file('kraken-big.rxrec.gz');
    builder.write(file);

    const rp = replay(file);
    const events = lastValueFrom(rp.events$.pipe(toArray()));
    const book = await lastValueFrom(rp.book('BTC/USD', { depth: 10 }).pipe(toArray()));
    expect((await events).filter((e: ExchangeEvent) => e.type === 'resync' || e.type === 'error')).toEqual([]);
    expect(book.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
    expect(book[0]!.bids[0]).toEqual([29430.2, 960880280.96386646]); // the number as JavaScript reads it
  });
});
