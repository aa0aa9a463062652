import type { ParseArgsConfig } from 'node:util';
import type { ParsedArgs } from './command';
import { integerOption, natsUrlOption, secondsOption } from './parse-options';

/**
 * Options shared by `ticker`, `trades`, `book` and `arb`.
 *
 * @example
 * ```ts
 * const options: StreamOptions = { live: false, json: true, durationMs: 10_000, limit: undefined, seed: 7 };
 * ```
 */
export interface StreamOptions {
  /** Connect to the real exchange instead of the embedded simulator (also `true` with `--nats`: any listed symbol). */
  readonly live: boolean;
  /** Read from NATS JetStream at this URL (`--nats`, fed by `rxmarket publish`) instead of the exchange. */
  readonly nats?: string | undefined;
  /** One JSON object per line (NDJSON) instead of human-readable lines. */
  readonly json: boolean;
  /** Stop after this long. */
  readonly durationMs: number | undefined;
  /** Stop after this many records. */
  readonly limit: number | undefined;
  /** Seed of the embedded simulators. */
  readonly seed: number;
}

/**
 * The `util.parseArgs` definitions of {@link StreamOptions}.
 *
 * @example
 * ```ts
 * parseArgs({ args, options: { ...STREAM_OPTION_DEFINITIONS, depth: { type: 'string' } }, allowPositionals: true });
 * ```
 */
export const STREAM_OPTION_DEFINITIONS = {
  live: { type: 'boolean' },
  nats: { type: 'string' },
  json: { type: 'boolean' },
  duration: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * Help lines describing {@link StreamOptions}.
 *
 * @example
 * ```ts
 * const usage = ['rxmarket ticker <exchange> [symbol...]', ...STREAM_OPTION_HELP];
 * ```
 */
export const STREAM_OPTION_HELP: readonly string[] = [
  '  --live            connect to the real exchange (default: the embedded simulator on 127.0.0.1)',
  '  --nats <url>      read from NATS JetStream (fed by `rxmarket publish`) instead of the exchange',
  '  --json            NDJSON: one JSON object per line, for jq and friends',
  '  --duration <s>    stop after <s> seconds (default: run until Ctrl-C)',
  '  --limit <n>       stop after <n> records',
  '  --seed <n>        seed of the embedded simulator (default 7)',
];

/**
 * Reads {@link StreamOptions} from parsed arguments, with one-line errors for bad values.
 *
 * @example
 * ```ts
 * streamOptions({ values: { duration: '5' }, positionals: [] }).durationMs; // 5000
 * ```
 */
export function streamOptions(args: ParsedArgs): StreamOptions {
  const { values } = args;
  const nats = typeof values.nats === 'string' ? natsUrlOption(values.nats) : undefined;
  return {
    live: values.live === true || nats !== undefined,
    nats,
    json: values.json === true,
    durationMs: typeof values.duration === 'string' ? secondsOption('--duration', values.duration) : undefined,
    limit: typeof values.limit === 'string' ? integerOption('--limit', values.limit, 1, 1e9) : undefined,
    seed: typeof values.seed === 'string' ? integerOption('--seed', values.seed, 0, 2 ** 31) : 7,
  };
}
