import type { Socket } from 'node:net';
import type { RandomSource } from '../harness/seeded-random';

/**
 * The faults currently applied to one direction of a proxied connection, read on every chunk.
 *
 * @example
 * ```ts
 * const faults: PipeFaults = { delayMs: 30, maxPiece: 7 };
 * ```
 */
export interface PipeFaults {
  /** Every chunk is held this long before it is forwarded (order is kept). */
  readonly delayMs: number;
  /** When > 0, every chunk is written as pieces of 1..maxPiece bytes, each in its own write and tick. */
  readonly maxPiece: number;
}

/**
 * Counters a pipe adds to (shared by every pipe of a proxy).
 *
 * @example
 * ```ts
 * const counters: PipeCounters = { bytes: 0, pieces: 0, delayedChunks: 0 };
 * ```
 */
export interface PipeCounters {
  bytes: number;
  /** Writes that carried only part of a received chunk (split frames). */
  pieces: number;
  delayedChunks: number;
}

interface Pending {
  readonly chunk: Buffer;
  readonly due: number;
  offset: number;
}

/** Queued bytes above which the reading side is paused (bounded memory under delay). */
const HIGH_WATER = 1 << 20;

/**
 * One direction of a proxied TCP connection: forwards bytes from `from` to `to`, applying the
 * current {@link PipeFaults} (delay, random splitting) and honouring a stall (nothing moves, the
 * sockets stay open). Without faults a chunk is written straight through (no queue, no copy).
 *
 * @example
 * ```ts
 * const down = new ChaosPipe(upstream, client, () => faults, seededRandom(1), counters);
 * down.stall();   // half-open: bytes stop
 * down.unstall(); // held bytes flow again
 * ```
 */
export class ChaosPipe {
  private readonly queue: Pending[] = [];
  private queuedBytes = 0;
  private stalled = false;
  private ended = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private waitingForDrain = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly faults: () => PipeFaults,
    private readonly random: RandomSource,
    private readonly counters: PipeCounters,
  ) {
    from.on('data', (chunk: Buffer) => this.onData(chunk));
    from.on('end', () => {
      this.ended = true;
      this.pump();
    });
  }

  /** `true` while stalled. */
  get isStalled(): boolean {
    return this.stalled;
  }

  /** Stops moving bytes (held, not dropped) and stops reading; the sockets stay open. */
  stall(): void {
    this.stalled = true;
    this.from.pause();
    this.clearTimers();
  }

  /** Ends a stall: held bytes are delivered in order, reading resumes. */
  unstall(): void {
    if (!this.stalled) return;
    this.stalled = false;
    if (!this.waitingForDrain) this.from.resume();
    this.pump();
  }

  /** Forgets everything queued and clears every timer (the connection is gone). */
  dispose(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.clearTimers();
  }

  private onData(chunk: Buffer): void {
    this.counters.bytes += chunk.length;
    const { delayMs, maxPiece } = this.faults();
    if (this.queue.length === 0 && !this.stalled && !this.waitingForDrain && delayMs <= 0 && maxPiece <= 0) {
      this.write(chunk);
      return;
    }
    if (delayMs > 0) this.counters.delayedChunks++;
    this.queue.push({ chunk, due: performance.now() + Math.max(0, delayMs), offset: 0 });
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > HIGH_WATER) this.from.pause();
    this.pump();
  }

  private pump(): void {
    if (this.closed || this.stalled || this.timer !== undefined || this.immediate !== undefined || this.waitingForDrain) return;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const wait = head.due - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const { maxPiece } = this.faults();
      const remaining = head.chunk.length - head.offset;
      const size = maxPiece > 0 ? Math.min(remaining, 1 + Math.floor(this.random() * maxPiece)) : remaining;
      const piece = head.offset === 0 && size === remaining ? head.chunk : head.chunk.subarray(head.offset, head.offset + size);
      if (size < head.chunk.length) this.counters.pieces++;
      head.offset += size;
      if (head.offset >= head.chunk.length) {
        this.queue.shift();
        this.queuedBytes -= head.chunk.length;
        if (this.queuedBytes <= HIGH_WATER / 2 && !this.stalled) this.from.resume();
      }
      const flowing = this.write(piece);
      if (!flowing) return;
      if (size < remaining || (maxPiece > 0 && this.queue.length > 0)) {
        // Next piece in a later tick, so the peer reads it separately (a frame split across reads).
        this.immediate = setImmediate(() => {
          this.immediate = undefined;
          this.pump();
        });
        return;
      }
    }
    if (this.ended && this.queue.length === 0 && !this.to.destroyed) this.to.end();
  }

  /** Writes; on backpressure pauses the reader until `drain`. Returns `false` when pumping must wait. */
  private write(piece: Buffer): boolean {
    if (this.to.destroyed) return false;
    if (this.to.write(piece)) return true;
    this.waitingForDrain = true;
    this.from.pause();
    this.to.once('drain', () => {
      this.waitingForDrain = false;
      if (this.stalled) return;
      if (this.queuedBytes <= HIGH_WATER / 2) this.from.resume();
      this.pump();
    });
    return false;
  }

  private clearTimers(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}
