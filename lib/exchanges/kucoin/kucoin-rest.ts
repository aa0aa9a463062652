import type { HttpResponse } from '../../socket/http-transport';
import { KucoinRestEnvelope } from './kucoin-codecs';

/** KuCoin's REST quotas are counted in windows of 30 s. */
const RATE_WINDOW_MS = 30_000;

/**
 * Why a KuCoin REST request failed: `retryAfterMs` when the server asked to wait (HTTP 429 /
 * `429000`), `fatal` when retrying cannot help (e.g. `900001` trading pair does not exist), and the
 * kind of `error` event to raise.
 *
 * @example
 * ```ts
 * new KucoinRestError('kucoin level2_100 BTC-USDT: HTTP 429', { retryAfterMs: 2000, kind: 'exchange' });
 * ```
 */
export class KucoinRestError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly fatal: boolean;
  readonly kind: 'decode' | 'exchange' | 'transport';

  constructor(message: string, details: { retryAfterMs?: number; fatal?: boolean; kind?: 'decode' | 'exchange' | 'transport' } = {}) {
    super(message);
    this.name = 'KucoinRestError';
    this.retryAfterMs = details.retryAfterMs;
    this.fatal = details.fatal ?? false;
    this.kind = details.kind ?? 'transport';
  }
}

/**
 * How long a rate-limited answer asks to wait, in ms: KuCoin's `gw-ratelimit-reset` (the ms until
 * the quota resets), else `Retry-After` (seconds); never more than one 30 s window, and a whole window
 * when neither header helps.
 *
 * @example
 * ```ts
 * kucoinRetryAfterMs({ 'gw-ratelimit-reset': '1500' }); // 1500
 * ```
 */
export function kucoinRetryAfterMs(headers: HttpResponse['headers']): number {
  const reset = Number(headers['gw-ratelimit-reset']);
  if (headers['gw-ratelimit-reset'] !== undefined && Number.isFinite(reset) && reset >= 0) return Math.min(RATE_WINDOW_MS, reset);
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(RATE_WINDOW_MS, retryAfter * 1000);
  return RATE_WINDOW_MS;
}

/**
 * The `data` of a KuCoin REST answer (`{"code":"200000","data":…}`), or a {@link KucoinRestError}
 * saying why there is none: a 429 or code `429000` waits as the headers say; another 4xx or a `4…`/`9…`
 * code (bad request, unknown trading pair) is fatal; a 5xx, a `5…` code or a body that is not JSON is
 * retried. `what` names the request in messages.
 *
 * @example
 * ```ts
 * const data = kucoinRestData(response, 'kucoin GET /api/v2/symbols'); // throws KucoinRestError on failure
 * ```
 */
export function kucoinRestData(response: HttpResponse, what: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  const envelope = KucoinRestEnvelope.is(body) ? body : undefined;
  const detail = envelope ? ` ${envelope.code}${envelope.msg === undefined ? '' : `: ${envelope.msg}`}` : '';
  if (response.status === 429 || envelope?.code === '429000') {
    const retryAfterMs = kucoinRetryAfterMs(response.headers);
    throw new KucoinRestError(`${what}: HTTP ${response.status}${detail} (rate limited), retrying after ${retryAfterMs} ms`, { retryAfterMs, kind: 'exchange' });
  }
  if (response.status < 200 || response.status >= 300) {
    const fatal = response.status >= 400 && response.status < 500;
    throw new KucoinRestError(`${what}: HTTP ${response.status}${detail || ` ${response.body.slice(0, 200)}`.trimEnd()}`, { fatal, kind: fatal ? 'exchange' : 'transport' });
  }
  if (!envelope) throw new KucoinRestError(`${what}: the body is not a KuCoin answer: ${response.body.slice(0, 200)}`, { kind: 'decode' });
  if (envelope.code !== '200000') {
    const fatal = envelope.code.startsWith('4') || envelope.code.startsWith('9');
    throw new KucoinRestError(`${what}:${detail}`, { fatal, kind: 'exchange' });
  }
  return envelope.data;
}
