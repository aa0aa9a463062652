const REMEMBERED_REQUESTS = 512;

/**
 * The stream keys of recent subscribe requests by id, so an error reply (which carries the request
 * `id`, and names the refused channel and instrument in its `msg`) errors exactly the streams it
 * concerns. Request ids are per connection; the hub rejects only keys living on the socket the reply
 * came from, so keys of another socket's request with the same id are harmless.
 *
 * @example
 * ```ts
 * const log = new OkxRequestLog();
 * log.record(3, ['books:BTC-USDT', 'books:NOPE-USDT']);
 * log.keysFor(3); // ['books:BTC-USDT', 'books:NOPE-USDT']
 * ```
 */
export class OkxRequestLog {
  private readonly byId = new Map<number, string[]>();

  /** Remembers the keys of subscribe request `id` (bounded: the oldest ids are forgotten). */
  record(id: number, keys: readonly string[]): void {
    const known = this.byId.get(id);
    if (known) known.push(...keys);
    else this.byId.set(id, [...keys]);
    if (this.byId.size > REMEMBERED_REQUESTS) this.byId.delete(this.byId.keys().next().value as number);
  }

  /** Keys of the subscribe request(s) with `id` (none for an unknown id). */
  keysFor(id: number): readonly string[] {
    return this.byId.get(id) ?? [];
  }
}
