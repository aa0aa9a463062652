/**
 * One line of a rendered screen with an optional style (applied by the terminal writer only on a
 * TTY, after clipping, so widths are computed on plain text).
 *
 * @example
 * ```ts
 * const line: ScreenLine = { text: 'MARKETS', style: 'bold' };
 * ```
 */
export interface ScreenLine {
  readonly text: string;
  readonly style?: 'bold' | 'dim' | 'green' | 'yellow' | 'red';
}

/**
 * Right-aligns `text` in `width` columns (left-aligns when `width` is negative).
 *
 * @example
 * ```ts
 * cell('1.5', 6);  // '   1.5'
 * cell('BTC', -5); // 'BTC  '
 * ```
 */
export function cell(text: string, width: number): string {
  return width < 0 ? text.padEnd(-width) : text.padStart(width);
}
