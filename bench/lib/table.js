'use strict';
/**
 * Prints rows as an aligned Markdown table (pasteable into docs/performance.md).
 *
 * @example
 * printTable(['impl', 'frames/s'], [['rxmarket', '512 000']]);
 */

/**
 * @param {string[]} header
 * @param {(string|number)[][]} rows
 * @param {{ title?: string, alignLeft?: number }} [options] columns before `alignLeft` are left-aligned (default 1)
 */
function printTable(header, rows, options = {}) {
  const alignLeft = options.alignLeft ?? 1;
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? '').length)));
  const line = (row) =>
    `| ${row.map((cell, column) => (column < alignLeft ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column < alignLeft ? ` ${'-'.repeat(width)} ` : ` ${'-'.repeat(width - 1)}: `)).join('|')}|`;
  if (options.title) console.log(`\n${options.title}\n`);
  console.log(line(cells[0]));
  console.log(rule);
  for (const row of cells.slice(1)) console.log(line(row));
}

/** `1234567.8` → `1 234 568` (thin-space-free, copy-friendly grouping). */
function formatInt(value) {
  return Math.round(value).toLocaleString('en-US').replace(/,/g, ' ');
}

/** A ratio with two decimals and an `×`. */
function formatRatio(value) {
  return `${value.toFixed(2)}×`;
}

module.exports = { printTable, formatInt, formatRatio };
