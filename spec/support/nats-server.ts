import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The `nats-server` binary on PATH (Debian's package), or `undefined` when none is installed.
 *
 * @example
 * ```ts
 * const binary = natsServerPath();
 * ```
 */
export function natsServerPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A real `nats-server -js` on a free loopback port with a temporary store directory. `kill()` and
 * `restart()` keep the port and the store (JetStream's file storage survives, as on a real restart).
 *
 * @example
 * ```ts
 * const nats = await NatsServer.start();
 * fromNats('binance', { servers: nats.url });
 * await nats.stop();
 * ```
 */
export class NatsServer {
  private process: ChildProcess | undefined;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  /**
   * Starts a server and resolves once it accepts connections.
   *
   * @example
   * ```ts
   * const nats = await NatsServer.start();
   * ```
   */
  static async start(binary = natsServerPath()): Promise<NatsServer> {
    if (binary === undefined) throw new Error('nats-server is not installed (apt-get install -y nats-server)');
    const server = new NatsServer(binary, await freePort(), mkdtempSync(join(tmpdir(), 'rxmarket-nats-')));
    await server.launch();
    return server;
  }

  /** `nats://127.0.0.1:<port>`. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /**
   * Kills the server at once (SIGKILL: no goodbye to the clients).
   *
   * @example
   * ```ts
   * await nats.kill();
   * ```
   */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /**
   * Starts the server again on the same port with the same store.
   *
   * @example
   * ```ts
   * await nats.kill();
   * await nats.restart();
   * ```
   */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  /**
   * Kills the server, removes the stored messages of `streams` (as a server that lost what it had
   * not flushed yet) and starts it again: those streams no longer exist and, created again, number
   * their messages from 1.
   *
   * @example
   * ```ts
   * await nats.restartLosing(['MD_binance']);
   * ```
   */
  async restartLosing(streams: readonly string[]): Promise<void> {
    await this.kill();
    for (const stream of streams) rmSync(join(this.storeDir, 'jetstream', '$G', 'streams', stream), { recursive: true, force: true });
    await this.launch();
  }

  /**
   * Kills the server and removes its store.
   *
   * @example
   * ```ts
   * afterAll(() => nats.stop());
   * ```
   */
  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const child = spawn(this.binary, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const onData = (chunk: Buffer): void => {
        log += chunk.toString();
        if (log.includes('Server is ready')) {
          child.stderr!.off('data', onData);
          child.stderr!.resume();
          resolve();
        }
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${log.slice(-500)}`)));
      child.once('error', reject);
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * `describe` for a suite that needs a real `nats-server`: runs when one is on PATH; otherwise skips
 * with a one-line notice saying how to install it, except under `CI=true`, where a missing server
 * fails the suite (`.ci/run` installs it).
 *
 * @example
 * ```ts
 * describeWithNatsServer('fan-out over NATS', () => { it('…', async () => { const nats = await NatsServer.start(); … }); });
 * ```
 */
export function describeWithNatsServer(name: string, suite: () => void): void {
  if (natsServerPath() !== undefined) {
    describe(name, suite);
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs nats-server (apt-get install -y nats-server): missing under CI=true', () => {
        throw new Error('nats-server is not installed: .ci/run installs it (apt-get install -y nats-server)');
      });
    });
  } else {
    process.stdout.write(`skipped: "${name}" needs nats-server (apt-get install -y nats-server)\n`);
    describe(name, () => it.skip('needs nats-server', () => undefined));
  }
}
