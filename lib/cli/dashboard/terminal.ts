import type { ScreenLine } from './screen-line';

/**
 * The few ANSI escape sequences the CLI uses (no dependency, works in any VT100-compatible terminal).
 *
 * @example
 * ```ts
 * process.stdout.write(ANSI.hideCursor + ANSI.clearScreen);
 * ```
 */
export const ANSI = {
  home: '\x1b[H',
  clearScreen: '\x1b[2J',
  clearLine: '\x1b[K',
  clearBelow: '\x1b[J',
  hideCursor: '\x1b[?25l',
  showCursor: '\x1b[?25h',
  reset: '\x1b[0m',
} as const;

const STYLES: Readonly<Record<NonNullable<ScreenLine['style']>, string>> = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  red: '\x1b[31m',
};

/**
 * One frame that repaints the screen in place: cursor home, each line clipped to `columns` and
 * cleared to its end, at most `rows - 1` lines (so the terminal never scrolls), rest cleared.
 *
 * @example
 * ```ts
 * process.stdout.write(paintFrame(renderScreen(model, info), { columns: 120, rows: 40 }));
 * ```
 */
export function paintFrame(lines: readonly ScreenLine[], size: { readonly columns?: number; readonly rows?: number }): string {
  const columns = Math.max(20, size.columns ?? 120);
  const rows = Math.max(2, size.rows ?? 50);
  let frame = ANSI.home;
  const shown = lines.slice(0, rows - 1);
  for (const line of shown) {
    const text = line.text.length > columns ? line.text.slice(0, columns - 1) + '…' : line.text;
    frame += (line.style ? `${STYLES[line.style]}${text}${ANSI.reset}` : text) + ANSI.clearLine + '\n';
  }
  return frame + ANSI.clearBelow;
}
