import type { Command } from './command';
import type { ExchangeEntry } from './exchanges/exchange-entry';

/**
 * The top-level help text.
 *
 * @example
 * ```ts
 * io.stdout.write(mainUsage(COMMANDS, EXCHANGES));
 * ```
 */
export function mainUsage(commands: readonly Command[], registry: readonly ExchangeEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'rxmarket: exchange WebSocket feeds as normalized RxJS Observables',
    '',
    'usage: rxmarket <command> [arguments] [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `exchanges: ${registry.map((e) => `${e.id} (${e.simulatedSymbols.join(', ')})`).join('; ')}`,
    'Without --live every command runs against the embedded simulators on 127.0.0.1 (no network needed).',
    '',
    'examples:',
    '  rxmarket demo --duration 30',
    '  rxmarket web --port 8765',
    '  rxmarket ticker binance BTC/USDT ETH/USDT',
    '  rxmarket trades binance BTC/USDT --json --limit 5 | jq .price',
    '  rxmarket book binance BTC/USDT --depth 5',
    '  rxmarket funding binanceFutures BTC/USDT:USDT --json',
    '  rxmarket arb binance:BTC/USDT coinbase:BTC/USD kraken:BTC/USD --fee binance=0.001',
    '  rxmarket record kraken BTC/USD ETH/USD --out kr.rxrec.gz --duration 60',
    '  rxmarket replay kr.rxrec.gz book --speed 10',
    '  rxmarket replay kr.rxrec.gz --stats',
    '',
    "'rxmarket <command> --help' shows a command's options.",
    '',
  ].join('\n');
}

/**
 * The help text of one command.
 *
 * @example
 * ```ts
 * io.stdout.write(commandUsage(tickerCommand));
 * ```
 */
export function commandUsage(command: Command): string {
  return [`${command.name}: ${command.summary}`, '', ...command.usage.map((line, i) => (i === 0 ? `usage: ${line}` : line)), ''].join('\n');
}
