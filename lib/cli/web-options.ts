import type { ParseArgsConfig } from 'node:util';
import { startWebDashboard, type WebDashboard, type WebDashboardOptions } from '../web/web-server';
import type { ParsedArgs } from './command';
import { integerOption } from './parse-options';

/** The web dashboard's port unless `--port` says otherwise (another free port is taken when it is busy). */
export const DEFAULT_WEB_PORT = 8765;

/**
 * The `util.parseArgs` definitions of the web dashboard's options (`--port`, `--no-web`).
 *
 * @example
 * ```ts
 * parseArgs({ args, options: { ...WEB_OPTION_DEFINITIONS } });
 * ```
 */
export const WEB_OPTION_DEFINITIONS = {
  port: { type: 'string' },
  'no-web': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * Help lines of {@link WEB_OPTION_DEFINITIONS}.
 *
 * @example
 * ```ts
 * const usage = ['rxmarket demo', ...WEB_OPTION_HELP];
 * ```
 */
export const WEB_OPTION_HELP: readonly string[] = [
  `  --port <n>         port of the web dashboard on 127.0.0.1 (default ${DEFAULT_WEB_PORT}; 0 = any free port)`,
  '  --no-web           no web dashboard',
];

/**
 * The web dashboard's port from parsed arguments; `undefined` with `--no-web`.
 *
 * @example
 * ```ts
 * webPort({ values: { port: '9000' }, positionals: [] }); // 9000
 * ```
 */
export function webPort(args: ParsedArgs): number | undefined {
  if (args.values['no-web'] === true) return undefined;
  return typeof args.values.port === 'string' ? integerOption('--port', args.values.port, 0, 65_535) : DEFAULT_WEB_PORT;
}

/**
 * Starts the web dashboard on `port`; when the default port is busy, on any free port instead.
 *
 * @example
 * ```ts
 * const web = await listenWeb(session, 8765);
 * ```
 */
export async function listenWeb(session: WebDashboardOptions['session'], port: number): Promise<WebDashboard> {
  try {
    return await startWebDashboard({ session, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== DEFAULT_WEB_PORT) throw error;
    return startWebDashboard({ session, port: 0 });
  }
}
