import type { BookOptions } from '../model/client';
import type { ExchangeId } from '../model/exchange-id';

/**
 * The `format` tag of every recording header.
 *
 * @example
 * ```ts
 * if (header.format !== RECORDING_FORMAT) throw new Error('not an rxmarket recording');
 * ```
 */
export const RECORDING_FORMAT = 'rxmarket-recording';

/**
 * The version of the record layout written by this library (read back: this version and older).
 *
 * @example
 * ```ts
 * header.version <= RECORDING_VERSION; // true for every file this library can replay
 * ```
 */
export const RECORDING_VERSION = 1;

/**
 * The client options a recording keeps (the serializable ones): replay rebuilds the client with them.
 *
 * @example
 * ```ts
 * const options: RecordedClientOptions = { wsUrl: 'wss://stream.binance.com:9443', pingInterval: 10_000 };
 * ```
 */
export interface RecordedClientOptions {
  readonly wsUrl?: string;
  readonly restUrl?: string;
  readonly reconnect?: { readonly attempts?: number; readonly delay?: number; readonly maxDelay?: number };
  readonly pingInterval?: number;
  readonly pingTimeout?: number;
  readonly maxPayload?: number;
}

/**
 * The first line of every recording file: what it is, which exchange and client options, which
 * library wrote it. `timers` tells whether the client's timer firings were recorded (files written
 * by `record()`: yes; converted captures: no).
 *
 * @example
 * ```ts
 * const header: RecordingHeader = { type: 'header', format: RECORDING_FORMAT, version: 1, exchange: 'binance', options: {},
 *   library: { name: 'rxmarket', version: '0.1.0' }, session: 'k2j4', part: 0, timers: true, ts: 1_764_000_000_000 };
 * ```
 */
export interface RecordingHeader {
  readonly type: 'header';
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  readonly exchange: ExchangeId;
  readonly options: RecordedClientOptions;
  readonly library: { readonly name: string; readonly version: string };
  /** Identifies one recording session; every rotated part of it carries the same one. */
  readonly session: string;
  /** 0 for the first file of a session, then 1, 2… after each rotation. */
  readonly part: number;
  readonly timers: boolean;
  /** Where a converted file came from (free text), absent for live recordings. */
  readonly source?: string;
  readonly ts: number;
  readonly mono?: number;
}

/**
 * The stream methods of an `ExchangeClient`, as recorded in `subscribe` records.
 *
 * @example
 * ```ts
 * const method: StreamMethod = 'book';
 * ```
 */
export type StreamMethod = 'ticker' | 'tickers' | 'trades' | 'book' | 'derivativeTicker' | 'instruments';

/**
 * The times every record carries.
 *
 * @example
 * ```ts
 * const times: RecordTimes = { ts: 1_764_000_000_000.5, mono: 1_250_000 };
 * ```
 */
export interface RecordTimes {
  /** Client clock (epoch ms, sub-ms) when it happened; written as epoch ns. */
  readonly ts: number;
  /** Monotonic ns since the recorder started (absent in converted files). */
  readonly mono?: number;
}
/**
 * The fields of a record about one socket or HTTP request.
 *
 * @example
 * ```ts
 * const base: ConnectionRecordBase = { conn: 1, ts: 1_764_000_000_000.5 };
 * ```
 */
export interface ConnectionRecordBase extends RecordTimes {
  /** The socket (or HTTP request) this record belongs to: numbered from 1 per recording session. */
  readonly conn: number;
}

/**
 * One record of a recording (the header aside). Times are the client clock's (epoch ms in memory,
 * epoch ns in the file). See docs/replay.md for the table.
 *
 * @example
 * ```ts
 * const record: RecordingRecord = { type: 'recv', conn: 1, ts: 1_764_000_000_000.5, data: '{"stream":"btcusdt@trade","data":{}}' };
 * ```
 */
export type RecordingRecord =
  | (ConnectionRecordBase & { readonly type: 'connect'; readonly url: string; readonly carried?: boolean })
  | (ConnectionRecordBase & { readonly type: 'open'; readonly carried?: boolean })
  | (ConnectionRecordBase & { readonly type: 'send'; readonly text: string })
  | (ConnectionRecordBase & {
      readonly type: 'recv';
      /** The frame: its text, or its bytes in base64 when `binary`. */
      readonly data: string;
      readonly binary?: boolean;
    })
  | (ConnectionRecordBase & { readonly type: 'ping' | 'pong'; readonly dir: 'in' | 'out' })
  | (ConnectionRecordBase & { readonly type: 'close'; readonly code: number; readonly reason: string; readonly by: 'server' | 'client' })
  | (ConnectionRecordBase & { readonly type: 'error'; readonly message: string })
  | (ConnectionRecordBase & {
      readonly type: 'http';
      readonly method: 'GET' | 'POST';
      readonly url: string;
      /** The request body (POST). */
      readonly request?: string;
      /** When the request was sent (epoch ms). */
      readonly sent: number;
      readonly status?: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string;
      /** The transport failure, instead of a response. */
      readonly error?: string;
      /** Made up by a converter (e.g. an instrument list the capture lacks). */
      readonly synthetic?: boolean;
    })
  | (RecordTimes & {
      readonly type: 'subscribe';
      readonly sub: number;
      readonly method: StreamMethod;
      readonly symbols: readonly string[];
      readonly options?: BookOptions;
      readonly carried?: boolean;
    })
  | (RecordTimes & { readonly type: 'unsubscribe'; readonly sub: number })
  | (RecordTimes & { readonly type: 'timer'; readonly due: number })
  | (RecordTimes & { readonly type: 'random'; readonly value: number })
  | (RecordTimes & { readonly type: 'dropped'; readonly count: number })
  | (RecordTimes & { readonly type: 'signal'; readonly signal: string });

/**
 * The `type` values of {@link RecordingRecord}.
 *
 * @example
 * ```ts
 * const type: RecordingRecordType = 'recv';
 * ```
 */
export type RecordingRecordType = RecordingRecord['type'];
