import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { seededRandom, type RandomSource } from '../harness/seeded-random';
import { ChaosPipe, type PipeCounters, type PipeFaults } from './chaos-pipe';

/**
 * Options of {@link ChaosProxy.start}.
 *
 * @example
 * ```ts
 * const options: ChaosProxyOptions = { target: sim.wsUrl, seed: 7 };
 * ```
 */
export interface ChaosProxyOptions {
  /** Where to forward: a `ws://`/`http://` URL (host and port are used) or `{ host, port }`. */
  readonly target: string | { readonly host: string; readonly port: number };
  /** Seed of the random split points (default 1): the same seed splits the same way. */
  readonly seed?: number;
}

/**
 * How {@link ChaosProxy.cut} ends connections: `reset` (TCP RST, no close frame, no FIN) or `fin`
 * (FIN after pending bytes: an orderly TCP close without a WebSocket close frame).
 *
 * @example
 * ```ts
 * proxy.cut('fin');
 * ```
 */
export type CutMode = 'reset' | 'fin';

/**
 * Which way bytes stop in a {@link ChaosProxy.stall}: server→client (`downstream`),
 * client→server (`upstream`) or `both`.
 *
 * @example
 * ```ts
 * proxy.stall('downstream');
 * ```
 */
export type StallDirection = 'downstream' | 'upstream' | 'both';

/**
 * What a {@link ChaosProxy} did so far.
 *
 * @example
 * ```ts
 * const { accepted, open, cuts, stalls, pieces }: ChaosProxyStats = proxy.stats;
 * ```
 */
export interface ChaosProxyStats {
  /** Client connections accepted since start. */
  readonly accepted: number;
  /** Proxied connections open now. */
  readonly open: number;
  /** Bytes forwarded server→client / client→server. */
  readonly bytesDown: number;
  readonly bytesUp: number;
  /** Connections ended by {@link ChaosProxy.cut} or {@link ChaosProxy.rejectNext}. */
  readonly cuts: number;
  /** Connections stalled by {@link ChaosProxy.stall}. */
  readonly stalls: number;
  /** Writes carrying only part of a received chunk (frames split at random byte boundaries). */
  readonly pieces: number;
  /** Chunks held back by a delay. */
  readonly delayedChunks: number;
}

class ProxyLink {
  readonly down: ChaosPipe;
  readonly up: ChaosPipe;
  private disposed = false;

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    faults: () => PipeFaults,
    random: RandomSource,
    downCounters: PipeCounters,
    upCounters: PipeCounters,
    private readonly onGone: (link: ProxyLink) => void,
  ) {
    this.down = new ChaosPipe(upstream, client, faults, random, downCounters);
    this.up = new ChaosPipe(client, upstream, faults, random, upCounters);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', () => this.destroy());
      // With half-open allowed, a socket closes only once both its directions ended (or on an error):
      // nothing is left to forward, so the other side goes too.
      socket.on('close', () => this.destroy());
    }
  }

  cut(mode: CutMode): void {
    if (mode === 'reset') {
      this.down.dispose();
      this.up.dispose();
      for (const socket of [this.client, this.upstream]) if (!socket.destroyed) socket.resetAndDestroy();
      this.destroy();
    } else {
      this.client.destroySoon();
      this.upstream.destroySoon();
    }
  }

  destroy(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.down.dispose();
    this.up.dispose();
    this.client.destroy();
    this.upstream.destroy();
    this.onGone(this);
  }
}

/**
 * A TCP proxy between a client and a simulator that injects the faults a simulator cannot produce
 * from inside its protocol: connections cut (RST or FIN, no WebSocket close frame), stalled
 * (half-open: bytes stop, sockets stay open, so only a ping timeout can notice), delayed, split at
 * random byte boundaries (every frame arrives in several reads), and refused right after accept.
 * Protocol-agnostic: WebSocket and HTTP (REST snapshots) go through it alike. `close()` leaves no
 * socket or timer behind.
 *
 * @example
 * ```ts
 * const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'] });
 * const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed: 3 });
 * const bn = binance({ wsUrl: proxy.url, restUrl: sim.restUrl });
 * proxy.setSplit(5);   // frames arrive 1..5 bytes at a time
 * proxy.stall();       // half-open: the client's ping timeout must notice
 * proxy.cut('reset');  // TCP reset
 * await proxy.close();
 * ```
 */
export class ChaosProxy {
  private readonly links = new Set<ProxyLink>();
  private readonly downCounters: PipeCounters = { bytes: 0, pieces: 0, delayedChunks: 0 };
  private readonly upCounters: PipeCounters = { bytes: 0, pieces: 0, delayedChunks: 0 };
  private readonly random: RandomSource;
  private faults: PipeFaults = { delayMs: 0, maxPiece: 0 };
  private accepted = 0;
  private cuts = 0;
  private stalls = 0;
  private rejectCount = 0;
  private rejectMode: CutMode = 'reset';
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    /** The port the proxy listens on (127.0.0.1). */
    readonly port: number,
    private readonly target: { readonly host: string; readonly port: number },
    seed: number,
  ) {
    this.random = seededRandom(seed);
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on `127.0.0.1:0` and forwards every connection to `target`. */
  static start(options: ChaosProxyOptions): Promise<ChaosProxy> {
    const target = typeof options.target === 'string' ? hostPortOf(options.target) : options.target;
    const server = createServer({ allowHalfOpen: true });
    return new Promise<ChaosProxy>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(new ChaosProxy(server, (server.address() as AddressInfo).port, target, options.seed ?? 1));
      });
    });
  }

  /** `ws://127.0.0.1:PORT` (no trailing slash). */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** `http://127.0.0.1:PORT` (no trailing slash). */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Counters so far. */
  get stats(): ChaosProxyStats {
    return {
      accepted: this.accepted,
      open: this.links.size,
      bytesDown: this.downCounters.bytes,
      bytesUp: this.upCounters.bytes,
      cuts: this.cuts,
      stalls: this.stalls,
      pieces: this.downCounters.pieces + this.upCounters.pieces,
      delayedChunks: this.downCounters.delayedChunks + this.upCounters.delayedChunks,
    };
  }

  /** Cuts every open connection (both sides); returns how many. */
  cut(mode: CutMode = 'reset'): number {
    const links = [...this.links];
    for (const link of links) link.cut(mode);
    this.cuts += links.length;
    return links.length;
  }

  /**
   * Half-open: bytes stop flowing on every open connection (held, not dropped) while both sockets
   * stay open. New connections are not affected. Returns how many connections were stalled.
   */
  stall(direction: StallDirection = 'both'): number {
    for (const link of this.links) {
      if (direction !== 'upstream') link.down.stall();
      if (direction !== 'downstream') link.up.stall();
    }
    this.stalls += this.links.size;
    return this.links.size;
  }

  /** Ends every stall; held bytes are delivered. */
  unstall(): void {
    for (const link of this.links) {
      link.down.unstall();
      link.up.unstall();
    }
  }

  /** Holds every chunk (both directions, open and new connections) `ms` before forwarding it; `0` ends it. */
  setDelay(ms: number): void {
    this.faults = { ...this.faults, delayMs: Math.max(0, ms) };
  }

  /** Writes every chunk as random pieces of 1..`maxPiece` bytes, each in its own tick; `0` ends it. */
  setSplit(maxPiece: number): void {
    this.faults = { ...this.faults, maxPiece: Math.max(0, Math.floor(maxPiece)) };
  }

  /** The next `count` connections are cut right after they are accepted (before any byte moves). */
  rejectNext(count: number, mode: CutMode = 'reset'): void {
    this.rejectCount = Math.max(0, count);
    this.rejectMode = mode;
  }

  /** Destroys every connection and stops listening; resolves when nothing is left open. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const link of [...this.links]) link.destroy();
      this.server.close(() => resolve());
    });
    return this.closing;
  }

  private accept(client: Socket): void {
    this.accepted++;
    if (this.closing) {
      client.destroy();
      return;
    }
    if (this.rejectCount > 0) {
      this.rejectCount--;
      this.cuts++;
      client.on('error', () => undefined);
      if (this.rejectMode === 'reset') client.resetAndDestroy();
      else client.destroySoon();
      return;
    }
    const upstream = createConnection({ host: this.target.host, port: this.target.port, allowHalfOpen: true });
    const link = new ProxyLink(
      client,
      upstream,
      () => this.faults,
      this.random,
      this.downCounters,
      this.upCounters,
      (gone) => this.links.delete(gone),
    );
    this.links.add(link);
  }
}

function hostPortOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const port = Number(parsed.port) || (parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 443 : 80);
  return { host: parsed.hostname, port };
}
