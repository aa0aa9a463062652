import { RateWindow } from '../harness/rate-window';
import type { TestConnection } from '../harness/test-connection';
import type { CoinbaseChannelName } from './coinbase-control';

/**
 * Per-connection state of the Coinbase simulator: subscribed products per channel, the
 * connection-wide `sequence_num`, when each channel last sent something (quiet channels close),
 * pending injected frame losses, the incoming-message rate window and the subscribe deadline.
 *
 * @example
 * ```ts
 * const session = new CoinbaseSimSession(connection, 8);
 * session.subscribe('level2', ['BTC-USD'], performance.now());
 * session.isSubscribed('level2', 'BTC-USD'); // true
 * ```
 */
export class CoinbaseSimSession {
  readonly channels = new Map<CoinbaseChannelName, Set<string>>();
  readonly rate: RateWindow;
  /** The `sequence_num` of the next message. */
  sequence = 0;
  /** Deadline timer while nothing is subscribed. */
  deadline: ReturnType<typeof setTimeout> | undefined;
  private readonly lastSentAt = new Map<CoinbaseChannelName, number>();
  /** Wire channels (or `*` for any) whose next message is lost. */
  private readonly drops: string[] = [];

  constructor(
    readonly connection: TestConnection,
    maxMessagesPerSecond: number,
  ) {
    this.rate = new RateWindow(maxMessagesPerSecond, 1000);
  }

  get hasSubscriptions(): boolean {
    return this.channels.size > 0;
  }

  isSubscribed(channel: CoinbaseChannelName, product: string): boolean {
    return this.channels.get(channel)?.has(product) ?? false;
  }

  subscribe(channel: CoinbaseChannelName, products: readonly string[], now: number): void {
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    for (const product of products) set.add(product);
    this.lastSentAt.set(channel, now);
  }

  /** Removes products (all of a product-less channel); a channel left without products is gone. */
  unsubscribe(channel: CoinbaseChannelName, products: readonly string[]): void {
    const set = this.channels.get(channel);
    if (!set) return;
    if (products.length === 0) set.clear();
    for (const product of products) set.delete(product);
    if (set.size === 0) this.closeChannel(channel);
  }

  closeChannel(channel: CoinbaseChannelName): void {
    this.channels.delete(channel);
    this.lastSentAt.delete(channel);
  }

  /** The subscriptions as the `subscriptions` channel reports them. */
  report(): Record<string, string[]> {
    const report: Record<string, string[]> = {};
    for (const channel of [...this.channels.keys()].sort()) {
      report[channel] = channel === 'heartbeats' || channel === 'status' ? [channel] : [...this.channels.get(channel)!];
    }
    return report;
  }

  sent(channel: CoinbaseChannelName | undefined, now: number): void {
    if (channel && this.channels.has(channel)) this.lastSentAt.set(channel, now);
  }

  /** Channels that sent nothing for longer than `timeoutMs`. */
  quietChannels(now: number, timeoutMs: number): CoinbaseChannelName[] {
    return [...this.lastSentAt.entries()].filter(([, at]) => now - at > timeoutMs).map(([channel]) => channel);
  }

  /** Loses the next message of `wireChannel` (`*`: of any channel). */
  dropNext(wireChannel: string): void {
    this.drops.push(wireChannel);
  }

  /** `true` (and forgets the order) when the message about to go out on `wireChannel` must be lost. */
  takeDrop(wireChannel: string): boolean {
    const index = this.drops.findIndex((c) => c === '*' || c === wireChannel);
    if (index < 0) return false;
    this.drops.splice(index, 1);
    return true;
  }
}
