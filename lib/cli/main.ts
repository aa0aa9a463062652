#!/usr/bin/env node
/**
 * The `rxmarket` executable (package.json `bin`; `npm start` runs `rxmarket demo`). Binds
 * {@link runCli} to the process: Ctrl-C/SIGTERM abort the run (it then closes every socket and
 * simulator and exits 0), a second Ctrl-C exits at once; a closed stdout pipe (`| head`) ends the
 * run quietly.
 *
 * @example
 * ```sh
 * npx rxmarket trades binance BTC/USDT --json --limit 5
 * ```
 * @packageDocumentation
 */
import { runCli } from './run-cli';

const controller = new AbortController();
const interrupt = (): void => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') controller.abort();
  else throw error;
});

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then((code) => {
  process.exitCode = code;
  // Everything is closed by now; should anything linger, do not hang the terminal.
  setTimeout(() => process.exit(code), 2_000).unref();
});
