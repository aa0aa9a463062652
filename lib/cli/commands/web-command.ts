import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { startDashboardSession } from '../dashboard/dashboard-session';
import { integerOption, natsUrlOption, secondsOption } from '../parse-options';
import { untilStopped } from '../until-stopped';
import { DEFAULT_WEB_PORT, listenWeb } from '../web-options';

/**
 * `rxmarket web`: the web dashboard alone — every exchange on the embedded simulators (with the
 * demo's fault rotation) or, with `--live`, on the real exchanges — at `http://127.0.0.1:<port>/`
 * (printed on the first line). Ends on Ctrl-C or after `--duration`.
 *
 * @example
 * ```ts
 * await runCli(['web', '--port', '0', '--duration', '10'], io);
 * ```
 */
export const webCommand: Command = {
  name: 'web',
  summary: 'the live web dashboard (depth charts, prices, venue health, faults) on 127.0.0.1',
  usage: [
    'rxmarket web [--live | --nats url] [--port n] [--duration s] [--fault-every s] [--seed n]',
    `  --port <n>         port on 127.0.0.1 (default ${DEFAULT_WEB_PORT}, another free one when busy; 0 = any)`,
    '  --live             the real exchanges instead of the embedded simulators (no fault injection)',
    '  --nats <url>       read every venue from NATS JetStream (`rxmarket publish`; no fault injection)',
    '  --duration <s>     stop after <s> seconds (default: run until Ctrl-C)',
    '  --fault-every <s>  inject a fault every <s> seconds into the simulators (default 5; 0 = never)',
    '  --seed <n>         seed of the simulated markets (default 7)',
  ],
  options: {
    port: { type: 'string' },
    live: { type: 'boolean' },
    nats: { type: 'string' },
    duration: { type: 'string' },
    'fault-every': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  run: async (args, { io, registry }) => {
    const { values } = args;
    if (args.positionals.length > 0) throw new CliUsageError(`web takes no arguments, got "${args.positionals[0]}"`);
    const nats = typeof values.nats === 'string' ? natsUrlOption(values.nats) : undefined;
    const live = values.live === true || nats !== undefined;
    const port = typeof values.port === 'string' ? integerOption('--port', values.port, 0, 65_535) : DEFAULT_WEB_PORT;
    const durationMs = typeof values.duration === 'string' ? secondsOption('--duration', values.duration) : undefined;
    const faultEveryMs = live ? 0 : typeof values['fault-every'] === 'string' ? secondsOption('--fault-every', values['fault-every'], true) : 5_000;
    const seed = typeof values.seed === 'string' ? integerOption('--seed', values.seed, 0, 2 ** 31) : 7;
    const session = await startDashboardSession({ live, seed, faultEveryMs, nats }, registry);
    try {
      const web = await listenWeb(session, port);
      try {
        io.stdout.write(`rxmarket web: ${web.url} · ${nats !== undefined ? `NATS at ${nats}` : live ? 'live exchanges' : 'embedded simulators'}: ${registry.map((e) => e.id).join(', ')} · Ctrl-C to quit\n`);
        await untilStopped(durationMs, io.signal);
      } finally {
        await web.close();
      }
    } finally {
      await session.stop();
    }
    io.stdout.write('rxmarket web: stopped; every socket and simulator closed\n');
  },
};
