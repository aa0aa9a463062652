import { parseArgs } from 'node:util';
import { CliRuntimeError, CliUsageError, ExitCode } from './cli-error';
import type { CliIo } from './cli-io';
import { COMMANDS } from './commands';
import { EXCHANGES } from './exchanges/exchange-registry';
import type { ExchangeEntry } from './exchanges/exchange-entry';
import { joinNegativeValues, parseArgsError } from './parse-options';
import { commandUsage, mainUsage } from './usage';

/**
 * Runs the `rxmarket` command line in-process and resolves with the exit code: `0` when done
 * (including Ctrl-C), `1` for a runtime failure, `2` for a usage error. Errors are one line on
 * stderr (`rxmarket: unknown exchange "bitmex" (known: …)`); nothing is thrown.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const code = await runCli(['trades', 'binance', 'BTC/USDT', '--limit', '3'], { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, registry: readonly ExchangeEntry[] = EXCHANGES): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
      io.stdout.write(topic ? commandUsage(topic) : mainUsage(COMMANDS, registry));
      return ExitCode.OK;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${version()}\n`);
      return ExitCode.OK;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new CliUsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see rxmarket --help)`);
    }
    let parsed;
    try {
      parsed = parseArgs({ args: joinNegativeValues(rest, command.options), options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw parseArgsError(error, command.name);
    }
    if (parsed.values.help === true) {
      io.stdout.write(commandUsage(command));
      return ExitCode.OK;
    }
    await command.run(parsed, { io, registry });
    return ExitCode.OK;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`rxmarket: ${message.split('\n')[0]}\n`);
    if (error instanceof CliUsageError) return ExitCode.USAGE;
    if (!(error instanceof CliRuntimeError) && process.env.RXMARKET_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return ExitCode.FAILURE;
  }
}

function version(): string {
  try {
    // dist/cli/run-cli.js → package.json two levels up (also lib/cli under ts-jest).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return `rxmarket ${(require('../../package.json') as { version: string }).version}`;
  } catch {
    return 'rxmarket';
  }
}
