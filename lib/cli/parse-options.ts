import type { ParseArgsConfig } from 'node:util';
import { CliUsageError } from './cli-error';

/**
 * Joins a string option and a following negative number (`--depth -3` → `--depth=-3`), which
 * `util.parseArgs` would otherwise read as an ambiguous option, so the value reaches the option's own
 * check and the user is told the value is invalid rather than missing.
 *
 * @example
 * ```ts
 * joinNegativeValues(['--depth', '-3'], { depth: { type: 'string' } }); // ['--depth=-3']
 * ```
 */
export function joinNegativeValues(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * Parses a positive number of seconds (`--duration 30`, `--duration 0.5`) into milliseconds.
 *
 * @example
 * ```ts
 * secondsOption('--duration', '1.5'); // 1500
 * secondsOption('--duration', 'soon'); // throws CliUsageError
 * ```
 */
export function secondsOption(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new CliUsageError(`${name} expects a ${allowZero ? 'non-negative' : 'positive'} number of seconds, got "${raw}"`);
  }
  return value * 1000;
}

/**
 * Parses an integer option within `[min, max]`.
 *
 * @example
 * ```ts
 * integerOption('--depth', '20', 1, 1000); // 20
 * ```
 */
export function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new CliUsageError(`${name} expects an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Parses a finite number option (e.g. `--min-spread-pct 0.05`).
 *
 * @example
 * ```ts
 * numberOption('--min-spread-pct', '0.05'); // 0.05
 * ```
 */
export function numberOption(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new CliUsageError(`${name} expects a number, got "${raw}"`);
  return value;
}

/**
 * Rewrites a `util.parseArgs` error as one short line (`unknown option --foo for "ticker"`).
 *
 * @example
 * ```ts
 * try { parseArgs({ args, options }); } catch (e) { throw parseArgsError(e, 'ticker'); }
 * ```
 */
export function parseArgsError(error: unknown, command: string): CliUsageError {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(message ?? '')?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new CliUsageError(`unknown option ${quoted ?? ''} for "${command}" (see: rxmarket ${command} --help)`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument is ambiguous/.test(message ?? '')) {
        return new CliUsageError(`option ${quoted ?? ''} needs a value; write a value starting with "-" as ${quoted ?? '--option'}=-1`);
      }
      return new CliUsageError(`option ${(quoted ?? '').split(' ')[0]} ${/argument missing/.test(message ?? '') ? 'needs a value' : 'takes no value'} (see: rxmarket ${command} --help)`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new CliUsageError(`unexpected argument ${quoted ?? ''} for "${command}" (see: rxmarket ${command} --help)`);
    default:
      return new CliUsageError(message?.split('\n')[0] ?? String(error));
  }
}

/**
 * Checks a `--nats` server list: one or more comma-separated `nats://host:port` URLs (or
 * `host:port`), returned as given.
 *
 * @example
 * ```ts
 * natsUrlOption('nats://127.0.0.1:4222'); // 'nats://127.0.0.1:4222'
 * natsUrlOption('http://x');              // throws CliUsageError
 * ```
 */
export function natsUrlOption(raw: string): string {
  const servers = raw.split(',').map((s) => s.trim());
  if (raw.trim() === '' || servers.some((s) => !/^(nats|tls|ws|wss):\/\/\S+$/.test(s) && !/^[^\s/:]+:\d+$/.test(s))) {
    throw new CliUsageError(`--nats expects a NATS URL such as nats://127.0.0.1:4222, got "${raw}"`);
  }
  return raw.trim();
}
