import { type ClientOptions, WebSocket } from 'ws';

/** A bare `ws` client for simulator tests: records every frame and waits for matching ones. */
export class RawClient {
  /** Every text frame received, in order. */
  readonly frames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(data.toString());
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  static connect(url: string, options: ClientOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      const client = new RawClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits for the next frame (after previously consumed ones) satisfying `match`; frames skipped are consumed. */
  async next(match: (frame: string) => boolean = () => true): Promise<string> {
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++]!;
        if (match(frame)) return frame;
      }
      if (this.socket.readyState !== WebSocket.OPEN) throw new Error('socket closed while waiting for a frame');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Next frame parsed as JSON and matching `match`. */
  async nextJson<T = any>(match: (message: any) => boolean = () => true): Promise<T> {
    const frame = await this.next((text) => {
      try {
        return match(JSON.parse(text));
      } catch {
        return false;
      }
    });
    return JSON.parse(frame) as T;
  }

  /** Sends a request and waits for the reply carrying its id. */
  async request(message: { id: unknown } & Record<string, unknown>): Promise<any> {
    this.send(message);
    return this.nextJson((m) => m.id === message.id && ('result' in m || 'error' in m));
  }

  /** Frames received so far, parsed, from data events on `stream`. */
  dataOf(stream: string): any[] {
    return this.frames
      .map((f) => {
        try {
          return JSON.parse(f);
        } catch {
          return undefined;
        }
      })
      .filter((m) => m && m.stream === stream)
      .map((m) => m.data);
  }

  close(): void {
    this.socket.terminate();
  }
}
