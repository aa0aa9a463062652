import type { BinanceSession } from './binance-session';
import { type BinanceRequestId, controlError, controlResult } from './binance-wire';

/**
 * A well-formed control request of Binance's stream API.
 *
 * @example
 * ```ts
 * const request: BinanceControlRequest = { method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 };
 * ```
 */
export type BinanceControlRequest =
  | { readonly method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; readonly params: readonly string[]; readonly id: BinanceRequestId }
  | { readonly method: 'LIST_SUBSCRIPTIONS'; readonly id: BinanceRequestId }
  | { readonly method: 'SET_PROPERTY' | 'GET_PROPERTY'; readonly params: readonly unknown[]; readonly id: BinanceRequestId };

/**
 * Result of {@link parseControlMessage}: the request, or the exact error frame to reply with.
 *
 * @example
 * ```ts
 * const parsed: ParsedControl = parseControlMessage('{"method":"LIST_SUBSCRIPTIONS","id":3}');
 * ```
 */
export type ParsedControl =
  | { readonly ok: true; readonly request: BinanceControlRequest }
  | { readonly ok: false; readonly reply: string };

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
const STREAM_NAME = /^(?:[a-z0-9]+@[A-Za-z0-9_@]+|![A-Za-z0-9_]+@arr)$/;
const STRING_ID = /^[A-Za-z0-9]{1,36}$/;

/**
 * `true` for a syntactically valid stream name (`<lowercase symbol>@<type>[@…]` or `!…@arr`).
 * Binance answers `Invalid request: invalid stream` to anything else.
 *
 * @example
 * ```ts
 * isValidStreamName('btcusdt@depth@100ms'); // true
 * isValidStreamName('BTCUSDT@ticker');      // false: symbols are lowercase
 * ```
 */
export function isValidStreamName(name: string): boolean {
  return STREAM_NAME.test(name);
}

function isValidId(id: unknown): id is BinanceRequestId {
  return id === null || (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && STRING_ID.test(id));
}

/**
 * Parses one incoming text frame like Binance's stream server does, producing either the request
 * or the error reply Binance sends (`{"error":{"code":N,"msg":"…"},"id":…}`):
 * code 3 for invalid JSON, code 2 for a missing/unknown `method`, a bad `id`, or invalid `params`.
 *
 * @example
 * ```ts
 * const parsed = parseControlMessage('{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}');
 * if (parsed.ok) console.log(parsed.request.method);
 * ```
 */
export function parseControlMessage(text: string): ParsedControl {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, reply: controlError(3, 'Invalid JSON: expected value at line 1 column 1') };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, reply: controlError(2, 'Invalid request: missing field `method`', null) };
  }
  const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
  if (method === undefined) return { ok: false, reply: controlError(2, 'Invalid request: missing field `method`', null) };
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    const shown = typeof method === 'string' ? method : JSON.stringify(method);
    const column = text.indexOf(JSON.stringify(method)) + JSON.stringify(method).length;
    return {
      ok: false,
      reply: controlError(
        2,
        `Invalid request: unknown variant \`${shown}\`, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\` at line 1 column ${column}`,
        null,
      ),
    };
  }
  if (!('id' in (message as object)) || !isValidId(id)) {
    return { ok: false, reply: controlError(2, 'Invalid request: request ID must be an unsigned integer', null) };
  }
  switch (method) {
    case 'LIST_SUBSCRIPTIONS':
      return { ok: true, request: { method, id } };
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (!Array.isArray(params) || !params.every((p): p is string => typeof p === 'string' && isValidStreamName(p))) {
        return { ok: false, reply: controlError(2, 'Invalid request: invalid stream', id) };
      }
      return { ok: true, request: { method, params, id } };
    default:
      if (!Array.isArray(params) || typeof params[0] !== 'string') {
        return { ok: false, reply: controlError(2, 'Invalid request: property name must be a string', id) };
      }
      return { ok: true, request: { method: method as 'SET_PROPERTY' | 'GET_PROPERTY', params, id } };
  }
}

/**
 * Executes a parsed control request on a session the way Binance's stream servers do (spot and
 * USD-M alike) and returns the reply frame: `SUBSCRIBE` past `maxStreams` is refused whole
 * (`Invalid request: too many streams`), `LIST_SUBSCRIPTIONS` lists in subscription order, the only
 * property is `combined`.
 *
 * @example
 * ```ts
 * const parsed = parseControlMessage(text);
 * session.connection.send(parsed.ok ? executeControl(session, parsed.request, 1024) : parsed.reply);
 * ```
 */
export function executeControl(session: BinanceSession, request: BinanceControlRequest, maxStreams: number): string {
  switch (request.method) {
    case 'SUBSCRIBE': {
      const added = request.params.filter((stream) => !session.streams.has(stream));
      if (session.streams.size + new Set(added).size > maxStreams) {
        return controlError(2, 'Invalid request: too many streams', request.id);
      }
      for (const stream of added) session.streams.add(stream);
      return controlResult(null, request.id);
    }
    case 'UNSUBSCRIBE':
      for (const stream of request.params) session.streams.delete(stream);
      return controlResult(null, request.id);
    case 'LIST_SUBSCRIPTIONS':
      return controlResult([...session.streams], request.id);
    case 'SET_PROPERTY':
      if (request.params[0] !== 'combined') return controlError(0, 'Unknown property', request.id);
      if (typeof request.params[1] !== 'boolean') return controlError(1, 'Invalid value type: expected Boolean', request.id);
      session.combined = request.params[1];
      return controlResult(null, request.id);
    case 'GET_PROPERTY':
      if (request.params[0] !== 'combined') return controlError(0, 'Unknown property', request.id);
      return controlResult(session.combined, request.id);
  }
}
