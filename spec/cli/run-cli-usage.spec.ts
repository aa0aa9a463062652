import { runCli } from '../../lib/cli/run-cli';
import { testIo } from './cli-test-io';

describe('runCli: usage errors are one line on stderr, exit code 2, nothing on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['frob'], /^rxmarket: unknown command "frob" \(commands: demo, web, ticker, trades, book, funding, arb/],
    // the registry's venues in order; more venues may follow the first three
    [['ticker'], /^rxmarket: ticker needs an exchange \(one of binance, coinbase, kraken(, \w+)*\)/],
    [['ticker', 'bitmex'], /^rxmarket: unknown exchange "bitmex" \(known: binance, coinbase, kraken(, \w+)*\)/],
    [['ticker', 'binance', 'BTC/EUR'], /^rxmarket: unknown symbol "BTC\/EUR" for binance \(simulated: BTC\/USDT/],
    [['trades', 'kraken', 'BTC/USDT'], /^rxmarket: unknown symbol "BTC\/USDT" for kraken/],
    [['trades', 'binance', 'btcusdt'], /^rxmarket: invalid symbol "btcusdt": expected BASE\/QUOTE/],
    [['ticker', 'binance', '--frobnicate'], /^rxmarket: unknown option --frobnicate for "ticker"/],
    [['ticker', 'binance', '--limit'], /^rxmarket: option --limit needs a value/],
    [['ticker', 'binance', '--limit', 'many'], /^rxmarket: --limit expects an integer/],
    [['ticker', 'binance', '--json=yes'], /^rxmarket: option --json takes no value/],
    [['book', 'binance', '--depth', '0'], /^rxmarket: --depth expects an integer from 1 to 1000/],
    [['book', 'binance', 'BTC/USDT', 'ETH/USDT'], /^rxmarket: book shows one symbol/],
    [['demo', '--duration', 'soon'], /^rxmarket: --duration expects a positive number of seconds/],
    [['demo', '--duration', '-1'], /^rxmarket: --duration expects a positive number of seconds, got "-1"/],
    [['book', 'binance', '--depth', '-3'], /^rxmarket: --depth expects an integer from 1 to 1000, got "-3"/],
    [['arb', 'binance:BTC/USDT', 'kraken:ETH/USD'], /^rxmarket: arb compares one asset across exchanges; the legs have different base assets \(BTC, ETH\)/],
    [['demo', 'now'], /^rxmarket: demo takes no arguments/],
    [['arb', 'binance:BTC/USDT'], /^rxmarket: arb needs at least two <exchange:SYMBOL> legs/],
    [['arb', 'binance', 'kraken'], /^rxmarket: arb leg "binance" must be <exchange:SYMBOL>/],
    [['arb', 'binance:BTC/USDT', 'binance:BTC/USDT'], /^rxmarket: arb compares one symbol per exchange; binance is listed twice/],
    [['arb', 'binance:BTC/USDT', 'kraken:BTC/USD', '--fee', 'binance=2'], /^rxmarket: --fee for binance must be a fraction in \[0, 1\)/],
    [['arb', 'binance:BTC/USDT', 'kraken:BTC/USD', '--fee', 'bitmex=0.1'], /^rxmarket: unknown exchange "bitmex"/],
    [['funding'], /^rxmarket: funding needs an exchange with perpetuals \(one of binanceFutures(, \w+)*\)/],
    [['funding', 'kraken'], /^rxmarket: kraken has no perpetuals: funding needs one of binanceFutures/],
    [['funding', 'binanceFutures', 'BTC/USDT'], /^rxmarket: unknown symbol "BTC\/USDT" for binanceFutures \(simulated: BTC\/USDT:USDT/],
    [['funding', 'binanceFutures', 'BTC/USDT', '--live'], /^rxmarket: funding needs a perpetual symbol BASE\/QUOTE:SETTLE \(e.g. BTC\/USDT:USDT\), got spot "BTC\/USDT"/],
  ];

  it.each(cases)('%j', async (argv, expected) => {
    const io = testIo();
    const code = await runCli(argv, io);
    expect(code).toBe(2);
    expect(io.stdoutText()).toBe('');
    const stderr = io.stderrText();
    expect(stderr.split('\n')).toHaveLength(2); // exactly one line, newline-terminated
    expect(stderr).toMatch(expected);
  });

  it('prints help for no arguments, --help and <command> --help with exit code 0', async () => {
    for (const argv of [[], ['--help'], ['help']]) {
      const io = testIo();
      expect(await runCli(argv, io)).toBe(0);
      expect(io.stdoutText()).toContain('usage: rxmarket <command>');
      for (const name of ['demo', 'web', 'ticker', 'trades', 'book', 'funding', 'arb', 'record', 'replay', 'convert']) expect(io.stdoutText()).toContain(`  ${name}`);
    }
    const io = testIo();
    expect(await runCli(['arb', '--help'], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/^arb: .*\n\nusage: rxmarket arb <exchange:SYMBOL>/);
    expect(io.stderrText()).toBe('');
  });

  it('prints the package version', async () => {
    const io = testIo();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/^rxmarket \d+\.\d+\.\d+\n$/);
  });
});
