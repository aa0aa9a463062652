import { parseKrakenKey } from './kraken-keys';

const REMEMBERED_IDS = 512;
const REQUESTS_PER_ID = 8;

/**
 * The stream keys of recent subscribe requests by `req_id`, so a failed subscription reply (which
 * names the `symbol` but not the channel) errors exactly the stream it concerns. Request ids are per
 * connection, so one id may stand for requests of several sockets; the hub only rejects keys that
 * live on the socket the reply came from, so returning the keys of every such request is exact.
 *
 * @example
 * ```ts
 * const log = new KrakenRequestLog();
 * log.record(3, ['ticker:BTC/USD', 'ticker:NOPE/USD']);
 * log.keysFor(3, 'NOPE/USD'); // ['ticker:NOPE/USD']
 * ```
 */
export class KrakenRequestLog {
  private readonly byId = new Map<number, (readonly string[])[]>();

  /** Remembers the keys of subscribe request `id` (bounded memory: the oldest ids are forgotten). */
  record(id: number, keys: readonly string[]): void {
    let requests = this.byId.get(id);
    if (requests === undefined) {
      this.byId.set(id, (requests = []));
      if (this.byId.size > REMEMBERED_IDS) this.byId.delete(this.byId.keys().next().value as number);
    }
    requests.push(keys);
    if (requests.length > REQUESTS_PER_ID) requests.shift();
  }

  /** Keys of the requests with `id`, only those on `symbol` when given. */
  keysFor(id: number, symbol?: string): string[] {
    const keys: string[] = [];
    for (const request of this.byId.get(id) ?? []) {
      for (const key of request) if (symbol === undefined || parseKrakenKey(key).symbol === symbol) keys.push(key);
    }
    return keys;
  }
}
