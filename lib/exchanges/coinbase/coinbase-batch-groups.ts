import { channelOfKey } from './coinbase-symbols';

/**
 * Which stream keys share one (un)subscribe message: the hub's `groupOf` for Coinbase. Normally the
 * channel (Coinbase takes one channel per message, and the hub batches its products); keys set
 * {@link isolate}d get a group of their own (`level2#3`), so they go out in a message without the
 * channel's other keys until {@link release}d. One instance per client, shared by its sockets' sessions.
 *
 * @example
 * ```ts
 * const groups = new CoinbaseBatchGroups();
 * groups.isolate(['level2:SOL-USD']);
 * groups.groupOf('level2:SOL-USD'); // 'level2#1'
 * groups.groupOf('level2:BTC-USD'); // 'level2'
 * ```
 */
export class CoinbaseBatchGroups {
  private readonly isolated = new Map<string, string>();
  private next = 1;

  /** The group of `key`: its own group while isolated, else its channel. */
  groupOf(key: string): string {
    return this.isolated.get(key) ?? channelOfKey(key);
  }

  /** Puts `keys` together in a new group of their own (each channel apart, as ever). */
  isolate(keys: readonly string[]): void {
    const label = `#${this.next++}`;
    for (const key of keys) this.isolated.set(key, `${channelOfKey(key)}${label}`);
  }

  /** Returns `key` to its channel's batch. */
  release(key: string): void {
    this.isolated.delete(key);
  }

  /** Keys isolated now. */
  get size(): number {
    return this.isolated.size;
  }
}
