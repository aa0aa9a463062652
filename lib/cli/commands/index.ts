import type { Command } from '../command';
import { arbCommand } from './arb-command';
import { bookCommand } from './book-command';
import { convertCommand } from './convert-command';
import { demoCommand } from './demo-command';
import { fundingCommand } from './funding-command';
import { recordCommand } from './record-command';
import { replayCommand } from './replay-command';
import { publishCommand } from './publish-command';
import { tickerCommand } from './ticker-command';
import { tradesCommand } from './trades-command';
import { webCommand } from './web-command';

/**
 * Every subcommand, in help order.
 *
 * @example
 * ```ts
 * COMMANDS.map((c) => c.name); // ['demo', 'web', 'ticker', 'trades', 'book', 'funding', 'arb', 'record', 'replay', 'convert', 'publish']
 * ```
 */
export const COMMANDS: readonly Command[] = [demoCommand, webCommand, tickerCommand, tradesCommand, bookCommand, fundingCommand, arbCommand, recordCommand, replayCommand, convertCommand, publishCommand];
