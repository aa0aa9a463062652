import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io';
import type { ExchangeEntry } from './exchanges/exchange-entry';

/**
 * What a command runs with: the I/O and the exchange registry (tests may pass their own).
 *
 * @example
 * ```ts
 * const context: CommandContext = { io, registry: EXCHANGES };
 * ```
 */
export interface CommandContext {
  readonly io: CliIo;
  readonly registry: readonly ExchangeEntry[];
}

/**
 * The result of `util.parseArgs` for one command.
 *
 * @example
 * ```ts
 * const args: ParsedArgs = { values: { json: true, limit: '5' }, positionals: ['binance', 'BTC/USDT'] };
 * ```
 */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * One subcommand: its options (for `util.parseArgs`), help text and runner. `run` resolves when
 * the command is done (limit, duration, Ctrl-C) and everything it opened is closed.
 *
 * @example
 * ```ts
 * const hello: Command = { name: 'hello', summary: 'says hello', usage: ['rxmarket hello'], options: {}, run: async (_a, { io }) => void io.stdout.write('hello\n') };
 * ```
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage lines, then option descriptions, as printed by `--help`. */
  readonly usage: readonly string[];
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(args: ParsedArgs, context: CommandContext): Promise<void>;
}
