/**
 * The part of a server-side WebSocket a {@link LiveChannel} uses.
 *
 * @example
 * ```ts
 * const socket: LiveSocket = wsSocket; // a `ws` WebSocket
 * ```
 */
export interface LiveSocket {
  send(text: string): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
}

const OPEN = 1;
/** Never more than this many bytes waiting in the socket for one page. */
const MAX_BUFFERED = 1 << 20;
/** At most one frame per 16 ms (60 Hz), whatever the page's refresh rate. */
const MIN_INTERVAL_MS = 16;

/**
 * Paces one page's live connection by credit: the server sends a frame only after the page said
 * `ready` (it rendered the previous one, on `requestAnimationFrame`), so frames arrive at the
 * screen's refresh rate at most, a hidden or slow tab simply receives fewer, and the server holds
 * at most one frame per page — never a queue. Each frame is built at send time, so it is the latest
 * state (conflated).
 *
 * @example
 * ```ts
 * const channel = new LiveChannel(socket, () => JSON.stringify(frame()), setTimeout, Date.now);
 * socket.on('message', (data) => channel.onMessage(String(data)));
 * channel.start();
 * ```
 */
export class LiveChannel {
  private credit = true;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private lastSentAt = -Infinity;
  private closed = false;
  /** Frames sent on this connection. */
  sent = 0;

  constructor(
    private readonly socket: LiveSocket,
    private readonly buildFrame: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends the first frame. */
  start(): void {
    this.trySend();
  }

  /** A message from the page: `{"type":"ready"}` returns the credit. */
  onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not ours: ignored
    }
    if ((message as { type?: unknown } | null)?.type !== 'ready') return;
    this.credit = true;
    this.trySend();
  }

  /** Stops any scheduled send. */
  close(): void {
    this.closed = true;
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }

  private trySend(): void {
    if (this.closed || !this.credit || this.pending) return;
    const wait = this.lastSentAt + MIN_INTERVAL_MS - this.now();
    if (wait > 0) {
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.trySend();
      }, wait);
      return;
    }
    if (this.socket.readyState !== OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED) {
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.trySend();
      }, 100); // the socket itself is slow: look again later, keep nothing meanwhile
      return;
    }
    this.credit = false;
    this.lastSentAt = this.now();
    this.sent++;
    this.socket.send(this.buildFrame());
  }
}
