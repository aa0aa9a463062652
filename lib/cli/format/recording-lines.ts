import type { RecordingStats } from '../../replay/recording-writer';
import type { ReplayStats } from '../../replay/replay-stats';
import { formatClock } from './numbers';

/**
 * A byte count for people: `512 B`, `12.3 KB`, `4.56 MB`, `1.23 GB`.
 *
 * @example
 * ```ts
 * formatBytes(12_345); // '12.3 KB'
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(2)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

/**
 * The one-line status of `rxmarket record`: frames, bytes (raw and written), frame rate, drops.
 *
 * @example
 * ```ts
 * recordingStatusLine('binance', stats, 812.5); // 'recording binance: 12345 frames · 4.21 MB → 612.4 KB gzip · 812 frames/s · 0 dropped'
 * ```
 */
export function recordingStatusLine(exchange: string, stats: RecordingStats, framesPerSecond: number): string {
  return `recording ${exchange}: ${stats.frames} frames · ${formatBytes(stats.bytesIn)} → ${formatBytes(stats.bytesWritten)} gzip · ${Math.round(framesPerSecond)} frames/s · ${stats.dropped} dropped`;
}

/**
 * The report of `rxmarket replay --stats`, as lines.
 *
 * @example
 * ```ts
 * replayStatsLines(await replayStats(['bn.rxrec.gz'])).forEach((line) => console.log(line));
 * ```
 */
export function replayStatsLines(stats: ReplayStats): string[] {
  const { summary } = stats;
  const span = summary.first !== undefined && summary.last !== undefined ? summary.last - summary.first : 0;
  const lines = [
    `${summary.header.exchange} recording (format ${summary.header.version}, ${summary.header.source ?? `rxmarket ${summary.header.library.version}`})`,
    `time span: ${summary.first === undefined ? '-' : `${new Date(summary.first).toISOString().slice(0, 10)} ${formatClock(summary.first)}`} → ${summary.last === undefined ? '-' : formatClock(summary.last)} UTC (${(span / 1000).toFixed(3)} s)`,
    `records: ${Object.entries(summary.records).map(([type, count]) => `${type} ${count}`).join(', ')}`,
    `connections: ${summary.connections}, reconnects on replay: ${stats.reconnects}${summary.dropped > 0 ? `, DROPPED while recording: ${summary.dropped}` : ''}${summary.truncated ? ', file cut off at the end (killed recorder)' : ''}`,
    'events per stream:',
    ...Object.entries(stats.streams).map(([name, count]) => `  ${name}: ${count}${stats.failed[name] ? ` (failed: ${stats.failed[name]})` : ''}`),
    `gaps found: ${stats.resyncs.gap ?? 0}`,
    `resyncs: ${Object.keys(stats.resyncs).length === 0 ? 'none' : Object.entries(stats.resyncs).map(([reason, count]) => `${reason} ${count}`).join(', ')}`,
    `errors: ${Object.keys(stats.errors).length === 0 ? 'none' : Object.entries(stats.errors).map(([kind, count]) => `${kind} ${count}`).join(', ')}`,
  ];
  return lines;
}
