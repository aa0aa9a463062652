import type { Bus } from './nats-connection';

/**
 * The ingest lease of one venue group, on `md.<exchange>.lease.<group>` in a stream that keeps one
 * message per subject and expires it after the lease time. The holder renews it with a
 * compare-and-set (`Nats-Expected-Last-Subject-Sequence` = its own last renewal), so at most one
 * ingest holds it; a standby takes it (expected sequence 0: no message) once the holder stopped
 * renewing and the message expired.
 *
 * @example
 * ```ts
 * const lease = new IngestLease(bus, 'MD_binance_leases', 'md.binance.lease.default', 'k3f9a1');
 * const held = await lease.tryHold(); // true: this ingest publishes the books
 * ```
 */
export class IngestLease {
  private lastSeq = 0;

  constructor(
    private readonly bus: Bus,
    private readonly stream: string,
    private readonly subject: string,
    private readonly holder: string,
  ) {}

  /**
   * Takes or renews the lease; `true` while this ingest holds it. Never throws: a failure (NATS
   * unreachable, lease held by another) answers `false`.
   *
   * @example
   * ```ts
   * if (await lease.tryHold()) publishBooks();
   * ```
   */
  async tryHold(): Promise<boolean> {
    if (this.lastSeq < 0) {
      this.lastSeq = await this.ownLastSequence();
      if (this.lastSeq < 0) return false;
    }
    try {
      const ack = await this.bus.js.publish(this.subject, JSON.stringify({ holder: this.holder }), {
        expect: { lastSubjectSequence: this.lastSeq },
        timeout: 1_000,
      });
      this.lastSeq = ack.seq;
      return true;
    } catch {
      this.lastSeq = await this.ownLastSequence();
      return false;
    }
  }

  /**
   * Gives the lease up at once (a clean stop), so a standby need not wait for it to expire.
   *
   * @example
   * ```ts
   * await lease.release();
   * ```
   */
  async release(): Promise<void> {
    if (this.lastSeq <= 0) return;
    try {
      const current = await this.bus.jsm.streams.getMessage(this.stream, { last_by_subj: this.subject });
      if (current !== null && current.seq === this.lastSeq) await this.bus.jsm.streams.purge(this.stream, { filter: this.subject });
    } catch {
      // nothing to release: the lease expires by itself
    }
    this.lastSeq = 0;
  }

  /** 0 when nobody holds the lease, the lease message's sequence when this ingest wrote it (a renewal whose ack was lost), -1 when another holds it or NATS did not answer. */
  private async ownLastSequence(): Promise<number> {
    try {
      const current = await this.bus.jsm.streams.getMessage(this.stream, { last_by_subj: this.subject });
      if (current === null) return 0;
      const body = current.json<{ holder?: unknown }>();
      return body.holder === this.holder ? current.seq : -1;
    } catch {
      return -1;
    }
  }
}
