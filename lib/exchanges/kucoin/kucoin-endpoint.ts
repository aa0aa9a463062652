import { map, type Observable } from 'rxjs';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import type { ConnectionEndpoint } from '../common/exchange-protocol';
import { KucoinBulletResponse } from './kucoin-codecs';
import { KucoinRestError, kucoinRestData } from './kucoin-rest';

/** A token answer is a few hundred bytes. */
const BULLET_MAX_BYTES = 1 << 20;

/**
 * Where to connect, from `POST {restUrl}/api/v1/bullet-public`: the first instance server's
 * `endpoint` (or `wsUrl` when given: a proxy or simulator in front of it) with the fresh `token` and
 * a unique `connectId` in the query, and the server's `pingInterval`. A cold Observable: each
 * subscription asks for a new token (KuCoin's public token is valid 24 h; rxmarket takes one per
 * connection attempt, so a reconnect never presents an expired one). Errors with a
 * {@link KucoinRestError}.
 *
 * @example
 * ```ts
 * fetchKucoinEndpoint(httpRequest, 'https://api.kucoin.com', undefined, () => 'c1').subscribe((e) => console.log(e.url));
 * // wss://ws-api-spot.kucoin.com/?token=2neAiuYv…&connectId=c1
 * ```
 */
export function fetchKucoinEndpoint(http: HttpTransport, restUrl: string, wsUrl: string | undefined, connectId: () => string): Observable<ConnectionEndpoint> {
  const what = 'kucoin POST /api/v1/bullet-public';
  return http({ method: 'POST', url: `${restUrl.replace(/\/+$/, '')}/api/v1/bullet-public`, maxBytes: BULLET_MAX_BYTES, body: '' }).pipe(
    map((response) => {
      const data = kucoinRestData(response, what);
      const answer = decodeOrExplain(KucoinBulletResponse, { code: '200000', data });
      if (typeof answer === 'string') throw new KucoinRestError(`${what}: ${answer}`, { kind: 'decode' });
      const server = answer.data.instanceServers[0];
      if (!server) throw new KucoinRestError(`${what}: no instance server in the answer`, { kind: 'exchange' });
      const base = wsUrl ?? server.endpoint;
      const url = `${base}${base.includes('?') ? '&' : '?'}token=${encodeURIComponent(answer.data.token)}&connectId=${encodeURIComponent(connectId())}`;
      return server.pingInterval > 0 ? { url, pingInterval: server.pingInterval } : { url };
    }),
  );
}
