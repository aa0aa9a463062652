/**
 * A well-formed request of Gate.io's spot WebSocket, as the simulator reads it.
 *
 * @example
 * ```ts
 * const request: GateioControlRequest = { time: 1700000000, id: 1, channel: 'spot.trades', event: 'subscribe', payload: ['BTC_USDT'] };
 * ```
 */
export interface GateioControlRequest {
  readonly time: number;
  readonly id?: number;
  readonly channel: string;
  readonly event: string;
  readonly payload: readonly string[];
}

/**
 * Result of {@link parseGateioRequest}: the request, or the error (code and message of Gate.io's
 * error table) to reply with, and as much of the request as could be read for the reply.
 *
 * @example
 * ```ts
 * const parsed: ParsedGateioRequest = parseGateioRequest('{"time":1700000000,"channel":"spot.ping"}', 1700000000);
 * ```
 */
export type ParsedGateioRequest =
  | { readonly ok: true; readonly request: GateioControlRequest }
  | { readonly ok: false; readonly error: { readonly code: number; readonly message: string }; readonly echo: { readonly id?: unknown; readonly channel: string; readonly event: string; readonly payload?: unknown } };

const INVALID_BODY = { code: 1, message: 'Invalid request body format' };
const INVALID_ARGUMENT = { code: 2, message: 'Invalid argument provided' };

/**
 * Reads one incoming text frame like Gate.io's server: JSON with `time` (integer seconds, within
 * `maxSkewSeconds` of `nowSeconds`), `channel`, `event` (absent for `spot.ping`), optional integer
 * `id`, and a `payload` of strings. Anything else is refused with code 1 (body) or 2 (argument).
 *
 * @example
 * ```ts
 * const parsed = parseGateioRequest(text, Date.now() / 1000);
 * if (!parsed.ok) connection.send(controlReply(parsed.echo, Date.now(), connection.id, trace, parsed.error));
 * ```
 */
export function parseGateioRequest(text: string, nowSeconds: number, maxSkewSeconds = 60): ParsedGateioRequest {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, error: INVALID_BODY, echo: { channel: '', event: '' } };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { ok: false, error: INVALID_BODY, echo: { channel: '', event: '' } };
  const { time, id, channel, event, payload } = message as Record<string, unknown>;
  const echo = { id, channel: typeof channel === 'string' ? channel : '', event: typeof event === 'string' ? event : '', payload };
  if (typeof channel !== 'string' || (event !== undefined && typeof event !== 'string')) return { ok: false, error: INVALID_BODY, echo };
  if (id !== undefined && !Number.isSafeInteger(id)) return { ok: false, error: INVALID_BODY, echo };
  if (!Number.isSafeInteger(time)) return { ok: false, error: INVALID_BODY, echo };
  if (Math.abs((time as number) - nowSeconds) > maxSkewSeconds) return { ok: false, error: INVALID_ARGUMENT, echo };
  if (payload !== undefined && (!Array.isArray(payload) || !payload.every((p): p is string => typeof p === 'string'))) return { ok: false, error: INVALID_ARGUMENT, echo };
  return {
    ok: true,
    request: { time: time as number, ...(id === undefined ? {} : { id: id as number }), channel, event: (event as string | undefined) ?? '', payload: (payload as string[] | undefined) ?? [] },
  };
}
