/**
 * A mistake on the command line (unknown command, exchange, symbol or option, bad value): printed
 * as one line on stderr, exit code 2.
 *
 * @example
 * ```ts
 * throw new CliUsageError('unknown exchange "bitmex" (known: binance, coinbase, kraken)');
 * ```
 */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/**
 * A failure while running (cannot reach a live endpoint, a stream errored): printed as one line on
 * stderr, exit code 1.
 *
 * @example
 * ```ts
 * throw new CliRuntimeError('cannot reach binance at wss://stream.binance.com:9443: getaddrinfo ENOTFOUND');
 * ```
 */
export class CliRuntimeError extends Error {
  override readonly name = 'CliRuntimeError';
}

/**
 * Exit codes: `OK` (0, also after Ctrl-C), `FAILURE` (1, a {@link CliRuntimeError} or anything
 * unexpected), `USAGE` (2, a {@link CliUsageError}).
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(argv, io); // ExitCode.OK, ExitCode.FAILURE or ExitCode.USAGE
 * ```
 */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
