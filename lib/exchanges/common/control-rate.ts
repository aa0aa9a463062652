/** One second, plus a margin so transit jitter cannot squeeze two windows' messages into one at the server. */
const WINDOW_MS = 1100;

/**
 * A sliding one-second budget of control messages (and, where the exchange counts them, pings and
 * pongs). One per socket for per-connection limits (Binance, Kraken), one per client for per-IP
 * limits (Coinbase), so a socket closed and reopened within a second cannot start a fresh budget.
 *
 * @example
 * ```ts
 * const rate = new ControlRate(5);
 * if (rate.waitFor(now) === 0) { send(message); rate.record(now); }
 * ```
 */
export class ControlRate {
  private readonly sentAt: number[] = [];

  constructor(readonly perSecond: number) {}

  /** Counts one message sent at `now`. */
  record(now: number): void {
    this.sentAt.push(now);
    if (this.sentAt.length > 4 * this.perSecond) this.sentAt.shift();
  }

  /** Milliseconds to wait before the next message may be sent (0: now). */
  waitFor(now: number): number {
    const sentAt = this.sentAt;
    while (sentAt.length > 0 && sentAt[0]! <= now - WINDOW_MS) sentAt.shift();
    return sentAt.length < this.perSecond ? 0 : sentAt[sentAt.length - this.perSecond]! + WINDOW_MS - now;
  }
}
