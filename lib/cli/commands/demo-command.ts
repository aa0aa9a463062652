import { interval, Subscription } from 'rxjs';
import type { WebDashboard } from '../../web/web-server';
import { CliUsageError } from '../cli-error';
import type { Command, CommandContext } from '../command';
import type { CliOutput } from '../cli-io';
import { startDashboardSession } from '../dashboard/dashboard-session';
import { PlainReport } from '../dashboard/plain-report';
import { renderScreen } from '../dashboard/render-screen';
import { ANSI, paintFrame } from '../dashboard/terminal';
import { integerOption, natsUrlOption, secondsOption } from '../parse-options';
import { untilStopped } from '../until-stopped';
import { listenWeb, WEB_OPTION_DEFINITIONS, WEB_OPTION_HELP, webPort } from '../web-options';

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
  /** Port of the web dashboard; `undefined`: no web dashboard (`--no-web`). */
  readonly webPort: number | undefined;
  /** Feed the dashboard from NATS JetStream at this URL instead of the embedded simulators (`--nats`). */
  readonly nats?: string | undefined;
}

/**
 * `rxmarket demo` (what `npm start` runs): starts the embedded simulator of every exchange in the
 * registry, connects the real clients to them, and shows a live dashboard: top of book, spread and
 * last trade per exchange and symbol; cross-exchange arbitrage (BTC and ETH, with the USDT = USD
 * mapping stated on screen); per exchange the message rate, latency p50/p99, reconnects and
 * resyncs. Every few seconds it injects a fault (disconnect, gap, bad checksum, malformed frame,
 * in rotation) and shows how the client recovers.
 * On a terminal the screen repaints at 4 Hz; piped, it prints plain lines every 2 s.
 * It also serves the same dashboard as a web page (`http://127.0.0.1:<port>`, printed on the first
 * line; `--port`, `--no-web`). Ends on Ctrl-C or after `--duration`, closing every socket and simulator.
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
    'rxmarket demo [--duration s] [--fault-every s] [--plain] [--seed n] [--port n | --no-web]',
    '  --duration <s>     stop after <s> seconds (default: run until Ctrl-C)',
    '  --fault-every <s>  inject a fault every <s> seconds (default 5; 0 = never)',
    '  --plain            plain periodic lines even on a terminal (automatic when piped)',
    '  --seed <n>         seed of the simulated markets (default 7)',
    '  --nats <url>       feed the dashboard from NATS JetStream (`rxmarket publish`) instead of the simulators',
    ...WEB_OPTION_HELP,
  ],
  options: {
    duration: { type: 'string' },
    'fault-every': { type: 'string' },
    plain: { type: 'boolean' },
    seed: { type: 'string' },
    nats: { type: 'string' },
    ...WEB_OPTION_DEFINITIONS,
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
        webPort: webPort(args),
        nats: typeof values.nats === 'string' ? natsUrlOption(values.nats) : undefined,
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
  const session = await startDashboardSession({ live: false, seed: options.seed, faultEveryMs: options.faultEveryMs, nats: options.nats }, registry);
  let web: WebDashboard | undefined;
  const subscription = new Subscription();
  try {
    web = options.webPort === undefined ? undefined : await listenWeb(session, options.webPort);
    const { model } = session;
    const info = { ...session.info, ...(web ? { webUrl: web.url } : {}) };
    const plain = new PlainReport(model);
    const venues = registry.map((e) => e.id).join(', ');
    const simulators = options.nats === undefined ? `simulators of ${venues} on 127.0.0.1` : `${venues} from NATS at ${options.nats}`;
    if (screen) {
      io.stdout.write(ANSI.hideCursor + ANSI.clearScreen);
      subscription.add(interval(SCREEN_REFRESH_MS).subscribe(() => io.stdout.write(paintFrame(renderScreen(model, info), io.stdout))));
    } else {
      io.stdout.write(`rxmarket demo: ${web ? `web dashboard ${web.url} · ` : ''}${simulators}\n`);
      io.stdout.write(`rxmarket demo: ${info.mapping} · ${info.feesNote}; plain lines every ${PLAIN_REPORT_MS / 1000} s (stdout is not a terminal)\n`);
      subscription.add(interval(PLAIN_REPORT_MS).subscribe(() => writeLines(io.stdout, plain.report())));
    }
    await untilStopped(options.durationMs, io.signal);
    subscription.unsubscribe();
    if (screen) io.stdout.write(paintFrame(renderScreen(model, info), io.stdout) + ANSI.showCursor);
    else writeLines(io.stdout, plain.report()); // the final state
  } finally {
    subscription.unsubscribe();
    await web?.close();
    await session.stop();
  }
  const { model } = session;
  io.stdout.write(
    `rxmarket demo: stopped after ${model.uptime.toFixed(1)} s; ${model.faultsInjected} faults injected, ${model.faultsRecovered} recovered; every socket and simulator closed\n`,
  );
}

function writeLines(out: CliOutput, lines: readonly string[]): void {
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
}
