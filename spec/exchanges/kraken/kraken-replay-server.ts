import { readFileSync } from 'node:fs';
import type { BookLevel } from '../../../lib/model/book-event';
import type { TestConnection } from '../../../lib/testing/harness/test-connection';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';
import { fixturePath } from '../../support/real-data';

interface WireLevel {
  price: number;
  qty: number;
}
interface WireBookData {
  symbol: string;
  bids: WireLevel[];
  asks: WireLevel[];
  checksum: number;
  timestamp?: string;
}
interface WireBookMessage {
  channel: 'book';
  type: 'snapshot' | 'update';
  data: WireBookData[];
}

/** The recorded Kraken v2 BTC/USD depth-10 book: 1 snapshot + 509 updates (see spec/fixtures/real/SOURCES.md). */
export const RECORDING: { init: WireBookMessage; updates: WireBookMessage[] } = JSON.parse(
  readFileSync(fixturePath('kraken-v2-book-btcusd.json'), 'utf8'),
);

/**
 * An independent, naive replay of the recording (Maps, sorted on demand, truncated to 10 after each
 * message as Kraken's guide says): the book after update `index` (-1 = the snapshot).
 */
export function referenceBookAfter(index: number, depth = 10): { bids: BookLevel[]; asks: BookLevel[] } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const sorted = (side: Map<number, number>, descending: boolean): BookLevel[] =>
    [...side.entries()].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])).slice(0, depth);
  const apply = (data: WireBookData): void => {
    for (const [side, levels] of [[bids, data.bids], [asks, data.asks]] as const) {
      for (const { price, qty } of levels) qty === 0 ? side.delete(price) : side.set(price, qty);
    }
    for (const [side, descending] of [[bids, true], [asks, false]] as const) {
      const keep = new Set(sorted(side, descending).map(([price]) => price));
      for (const price of [...side.keys()]) if (!keep.has(price)) side.delete(price);
    }
  };
  apply(RECORDING.init.data[0]!);
  for (let i = 0; i <= index; i++) apply(RECORDING.updates[i]!.data[0]!);
  return { bids: sorted(bids, true), asks: sorted(asks, false) };
}

/**
 * How the replay server behaves: `instrumentAfterBook` sends the instrument snapshot only after the
 * whole book burst (the book arrives before its precision); `corrupt` replaces update `index` by a
 * corrupted copy, stops there, and answers the resubscription with a fresh snapshot of the true book
 * after that update followed by the remaining updates.
 */
export interface ReplayPlan {
  readonly instrumentAfterBook?: boolean;
  readonly corrupt?: { readonly index: number; readonly message: WireBookMessage };
}

const now = (): string => new Date().toISOString();

/**
 * A local Kraken v2 endpoint replaying the recording: `status` on connect, `pong` to pings,
 * subscribe/unsubscribe acks, the `instrument` channel with BTC/USD precision (price 1, qty 8).
 */
export class KrakenReplayServer {
  readonly received: any[] = [];
  private bookSubscribes = 0;

  private constructor(
    readonly server: WsTestServer,
    private readonly plan: ReplayPlan,
  ) {}

  static async start(plan: ReplayPlan = {}): Promise<KrakenReplayServer> {
    let self: KrakenReplayServer | undefined;
    const server = await WsTestServer.start({ onConnection: (connection) => self!.accept(connection) });
    self = new KrakenReplayServer(server, plan);
    return self;
  }

  get url(): string {
    return `${this.server.url}/v2`;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  private accept(connection: TestConnection): void {
    connection.send(JSON.stringify({ channel: 'status', type: 'update', data: [{ api_version: 'v2', connection_id: 1, system: 'online', version: '2.0.0' }] }));
    connection.onText((text) => {
      const request = JSON.parse(text);
      this.received.push(request);
      const { method, params, req_id } = request;
      if (method === 'ping') return void connection.send(JSON.stringify({ method: 'pong', req_id, time_in: now(), time_out: now() }));
      const ack = (result: object): void => void connection.send(JSON.stringify({ method, result, success: true, time_in: now(), time_out: now(), req_id }));
      if (method === 'unsubscribe') return ack({ channel: params.channel, symbol: params.symbol?.[0] });
      if (params.channel === 'instrument') {
        ack({ channel: 'instrument', snapshot: true });
        if (!this.plan.instrumentAfterBook) this.sendInstrument(connection);
        return;
      }
      ack({ channel: 'book', depth: params.depth, snapshot: true, symbol: params.symbol[0] });
      this.sendBook(connection, ++this.bookSubscribes);
      if (this.plan.instrumentAfterBook && this.bookSubscribes === 1) this.sendInstrument(connection);
    });
  }

  private sendInstrument(connection: TestConnection): void {
    const pair = { symbol: 'BTC/USD', base: 'BTC', quote: 'USD', status: 'online', qty_precision: 8, qty_increment: 1e-8, price_precision: 1, cost_precision: 5, marginable: true, has_index: true, cost_min: 0.5, tick_size: 0.1, price_increment: 0.1, qty_min: 0.0001 };
    connection.send(JSON.stringify({ channel: 'instrument', type: 'snapshot', data: { assets: [], pairs: [pair] } }));
  }

  private sendBook(connection: TestConnection, subscribeCount: number): void {
    const { corrupt } = this.plan;
    if (subscribeCount === 1) {
      connection.send(JSON.stringify(RECORDING.init));
      const last = corrupt ? corrupt.index : RECORDING.updates.length - 1;
      for (let i = 0; i <= last; i++) connection.send(JSON.stringify(corrupt && i === corrupt.index ? corrupt.message : RECORDING.updates[i]));
      return;
    }
    const from = corrupt ? corrupt.index : RECORDING.updates.length - 1;
    const truth = referenceBookAfter(from);
    const level = ([price, qty]: BookLevel): WireLevel => ({ price, qty });
    const checksum = RECORDING.updates[from]!.data[0]!.checksum;
    connection.send(JSON.stringify({ channel: 'book', type: 'snapshot', data: [{ symbol: 'BTC/USD', bids: truth.bids.map(level), asks: truth.asks.map(level), checksum }] }));
    for (let i = from + 1; i < RECORDING.updates.length; i++) connection.send(JSON.stringify(RECORDING.updates[i]));
  }
}
