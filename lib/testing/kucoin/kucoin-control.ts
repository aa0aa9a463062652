/**
 * A well-formed request of KuCoin's WebSocket, as the simulator reads it.
 *
 * @example
 * ```ts
 * const request: KucoinControlRequest = { id: '3', type: 'subscribe', topic: '/market/match:BTC-USDT', response: true };
 * ```
 */
export interface KucoinControlRequest {
  readonly id: string;
  readonly type: string;
  readonly topic: string;
  readonly response: boolean;
}

/**
 * Result of {@link parseKucoinRequest}: the request, or the error (code and text) to answer with.
 *
 * @example
 * ```ts
 * const parsed: ParsedKucoinRequest = parseKucoinRequest('{"id":"1","type":"ping"}');
 * ```
 */
export type ParsedKucoinRequest =
  | { readonly ok: true; readonly request: KucoinControlRequest }
  | { readonly ok: false; readonly id: string | undefined; readonly code: number; readonly message: string };

/**
 * Reads one incoming text frame like KuCoin's server: a JSON object with an `id` (string or number,
 * echoed as a string), a `type` (`ping`, `subscribe`, `unsubscribe`; others: 415 `type is not
 * supported`), a `topic` for (un)subscriptions and an optional boolean `response`. Anything that is
 * not such an object is refused with 400 (the simulator's own code: KuCoin documents none).
 *
 * @example
 * ```ts
 * const parsed = parseKucoinRequest(text);
 * if (!parsed.ok) connection.send(errorFrame(parsed.id, parsed.code, parsed.message));
 * ```
 */
export function parseKucoinRequest(text: string): ParsedKucoinRequest {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, id: undefined, code: 400, message: 'request is not valid JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { ok: false, id: undefined, code: 400, message: 'request is not a JSON object' };
  const { id, type, topic, response } = message as Record<string, unknown>;
  const echo = typeof id === 'string' ? id : typeof id === 'number' && Number.isFinite(id) ? String(id) : undefined;
  if (echo === undefined) return { ok: false, id: undefined, code: 400, message: 'id is required' };
  if (type !== 'ping' && type !== 'subscribe' && type !== 'unsubscribe') return { ok: false, id: echo, code: 415, message: 'type is not supported' };
  if (type !== 'ping' && typeof topic !== 'string') return { ok: false, id: echo, code: 400, message: 'topic is required' };
  if (response !== undefined && typeof response !== 'boolean') return { ok: false, id: echo, code: 400, message: 'response must be a boolean' };
  return { ok: true, request: { id: echo, type, topic: typeof topic === 'string' ? topic : '', response: response === true } };
}
