import type * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { PathReporter } from 'io-ts/PathReporter';
import { parseDecimal } from './parse-decimal';

/**
 * Checks `value` against an io-ts codec at the edge. The hot path is the codec's type guard
 * (`is`: no allocation); only a value that fails it pays for a full `decode`, whose report becomes
 * the error message. Returns the value typed, or a string describing what is wrong.
 *
 * @example
 * ```ts
 * const result = decodeOrExplain(DepthUpdate, json.data);
 * if (typeof result === 'string') sink.invalid(result, frame, key);
 * ```
 */
export function decodeOrExplain<A, O>(codec: t.Type<A, O, unknown>, value: unknown): A | string {
  if (codec.is(value)) return value;
  const result = codec.decode(value);
  if (isLeft(result)) return `${codec.name}: ${PathReporter.report(result).slice(0, 3).join('; ')}`;
  return result.right;
}

/**
 * Parses a decimal wire value (string or number) to a finite number, or `NaN` if it is not one.
 *
 * @example
 * ```ts
 * toNumber('0.35130000'); // 0.3513
 * toNumber('abc');        // NaN
 * ```
 */
export function toNumber(value: string | number): number {
  const n = typeof value === 'number' ? value : parseDecimal(value);
  return Number.isFinite(n) ? n : NaN;
}
