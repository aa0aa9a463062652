import { interval, Subscription, timer } from 'rxjs';
import { CliUsageError } from '../cli-error';
import type { Command, CommandContext } from '../command';
import type { CliOutput } from '../cli-io';
import { connectDashboard, symbolMap } from '../dashboard/connect-dashboard';
import { DashboardModel } from '../dashboard/dashboard-model';
import { faultRotation } from '../dashboard/fault-rotation';
import { PlainReport } from '../dashboard/plain-report';
import { renderScreen, type ScreenInfo } from '../dashboard/render-screen';
import { ANSI, paintFrame } from '../dashboard/terminal';
import { openExchanges, type OpenedExchanges } from '../open-exchanges';
import { integerOption, secondsOption } from '../parse-options';

const SCREEN_REFRESH_MS = 250;
const PLAIN_REPORT_MS = 2_000;

/**
 * Options of the demo.
 *
 * @example
 * ```ts
 * const options: DemoOptions = { durationMs: 30_000, faultEveryMs: 5_000, plain: false, seed: 7 };
 * ```
 */
export interface DemoOptions {
  readonly durationMs: number | undefined;
  /** `0` disables fault injection. */
  readonly faultEveryMs: number;
  /** Plain periodic lines even on a terminal. */
  readonly plain: boolean;
  readonly seed: number;
}

/**
 * `rxmarket demo` (what `npm start` runs): starts the embedded simulator of every exchange in the
 * registry, connects the real clients to them, and shows a live dashboard: top of book, spread and
 * last trade per exchange and symbol; cross-exchange arbitrage (BTC and ETH, with the USDT = USD
 * mapping stated on screen); per exchange the message rate, latency p50/p99, reconnects and
 * resyncs. Every few seconds it injects a fault (disconnect, gap, bad checksum, malformed frame,
 * in rotation) and shows how the client recovers.
 * On a terminal the screen repaints at 4 Hz; piped, it prints plain lines every 2 s.
 * Ends on Ctrl-C or after `--duration`, closing every socket and simulator.
 *
 * @example
 * ```ts
 * await runCli(['demo', '--duration', '20'], io);
 * ```
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'live dashboard over the embedded simulators of every exchange, with injected faults',
  usage: [
    'rxmarket demo [--duration s] [--fault-every s] [--plain] [--seed n]',
    '  --duration <s>     stop after <s> seconds (default: run until Ctrl-C)',
    '  --fault-every <s>  inject a fault every <s> seconds (default 5; 0 = never)',
    '  --plain            plain periodic lines even on a terminal (automatic when piped)',
    '  --seed <n>         seed of the simulated markets (default 7)',
  ],
  options: {
    duration: { type: 'string' },
    'fault-every': { type: 'string' },
    plain: { type: 'boolean' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  run: async (args, context) => {
    const { values } = args;
    if (args.positionals.length > 0) throw new CliUsageError(`demo takes no arguments, got "${args.positionals[0]}"`);
    await runDemo(
      {
        durationMs: typeof values.duration === 'string' ? secondsOption('--duration', values.duration) : undefined,
        faultEveryMs: typeof values['fault-every'] === 'string' ? secondsOption('--fault-every', values['fault-every'], true) : 5_000,
        plain: values.plain === true,
        seed: typeof values.seed === 'string' ? integerOption('--seed', values.seed, 0, 2 ** 31) : 7,
      },
      context,
    );
  },
};

/**
 * Runs the demo until the duration elapses or the io's signal aborts; resolves once every
 * subscription is closed and every simulator stopped.
 *
 * @example
 * ```ts
 * await runDemo({ durationMs: 5_000, faultEveryMs: 1_000, plain: true, seed: 7 }, { io, registry: EXCHANGES });
 * ```
 */
export async function runDemo(options: DemoOptions, { io, registry }: CommandContext): Promise<void> {
  const screen = io.stdout.isTTY === true && !options.plain;
  if (!screen) io.stdout.write(`rxmarket demo: starting simulators of ${registry.map((e) => e.id).join(', ')} on 127.0.0.1 …\n`);
  const opened = await openExchanges(
    registry.map((entry) => ({ entry, symbols: entry.demoSymbols })),
    { live: false, seed: options.seed },
  );
  const list = opened.exchanges.map((e) => ({ client: e.client, symbols: e.symbols }));
  const model = new DashboardModel(opened.exchanges.flatMap((e) => e.symbols.map((symbol) => ({ exchange: e.entry.id, symbol }))));
  const info = screenInfo(opened, options);
  const plain = new PlainReport(model);
  const subscription = new Subscription();
  try {
    subscription.add(connectDashboard(list, model));
    subscription.add(scheduleFaults(opened, model, options.faultEveryMs));
    if (screen) {
      io.stdout.write(ANSI.hideCursor + ANSI.clearScreen);
      subscription.add(interval(SCREEN_REFRESH_MS).subscribe(() => io.stdout.write(paintFrame(renderScreen(model, info), io.stdout))));
    } else {
      io.stdout.write(`rxmarket demo: ${info.mapping} · ${info.feesNote}; plain lines every ${PLAIN_REPORT_MS / 1000} s (stdout is not a terminal)\n`);
      subscription.add(interval(PLAIN_REPORT_MS).subscribe(() => writeLines(io.stdout, plain.report())));
    }
    await untilStopped(options.durationMs, io.signal);
  } finally {
    subscription.unsubscribe();
    await opened.stop();
  }
  if (screen) io.stdout.write(paintFrame(renderScreen(model, info), io.stdout) + ANSI.showCursor);
  else writeLines(io.stdout, plain.report()); // the final state
  io.stdout.write(
    `rxmarket demo: stopped after ${model.uptime.toFixed(1)} s; ${model.faultsInjected} faults injected, ${model.faultsRecovered} recovered; every socket and simulator closed\n`,
  );
}

function screenInfo(opened: OpenedExchanges, options: DemoOptions): ScreenInfo {
  const list = opened.exchanges.map((e) => ({ client: e.client, symbols: e.symbols }));
  const width = Math.max(0, ...list.map((v) => v.symbols.length));
  const mappings = Array.from({ length: width }, (_, i) =>
    Object.entries(symbolMap(list, i))
      .map(([exchange, symbol]) => `${symbol}@${exchange}`)
      .join(' = '),
  );
  return {
    mapping: `compared as one asset (explicit mapping): ${mappings.join('; ')}`,
    feesNote: 'taker fees 0 in the demo',
    faultEverySeconds: options.faultEveryMs / 1000,
    faultKinds: [...new Set(faultRotation(targets(opened)).map((p) => p.kind))],
  };
}

function targets(opened: OpenedExchanges) {
  return opened.exchanges.map((e) => ({ exchange: e.entry.id, faults: e.simulator?.faults ?? [] }));
}

/** Injects the rotation's next fault every `everyMs`, aimed at the venue's symbols in turn. */
function scheduleFaults(opened: OpenedExchanges, model: DashboardModel, everyMs: number): Subscription {
  const plan = faultRotation(targets(opened));
  if (everyMs <= 0 || plan.length === 0) return Subscription.EMPTY;
  return timer(Math.min(everyMs, 3_000), everyMs).subscribe((n) => {
    const planned = plan[n % plan.length]!;
    const venue = opened.exchanges.find((e) => e.entry.id === planned.exchange)!;
    const symbol = venue.symbols[Math.floor(n / plan.length) % venue.symbols.length]!;
    model.onFaultInjected(planned.exchange, planned.kind, symbol);
    venue.simulator!.inject(planned.kind, symbol);
  });
}

function untilStopped(durationMs: number | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(deadline);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const deadline = durationMs === undefined ? undefined : setTimeout(done, durationMs);
    signal.addEventListener('abort', done);
  });
}

function writeLines(out: CliOutput, lines: readonly string[]): void {
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
}
