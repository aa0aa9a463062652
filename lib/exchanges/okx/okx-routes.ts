import { type OkxChannel, okxKey } from './okx-keys';

/**
 * What one subscribed `channel` + `instId` stands for: its stream key and the unified symbol.
 *
 * @example
 * ```ts
 * const route: OkxRoute = { key: 'books:BTC-USDT', symbol: 'BTC/USDT' };
 * ```
 */
export interface OkxRoute {
  readonly key: string;
  readonly symbol: string;
}

/**
 * The stream keys of one OKX client by channel and instrument id, filled when a stream is requested
 * and read by the frame decoder (two map lookups per frame, no string built).
 *
 * @example
 * ```ts
 * const routes = new OkxRoutes();
 * routes.register('books', 'BTC-USDT-SWAP', 'BTC/USDT:USDT'); // 'books:BTC-USDT-SWAP'
 * routes.route('books', 'BTC-USDT-SWAP');                     // { key: 'books:BTC-USDT-SWAP', symbol: 'BTC/USDT:USDT' }
 * ```
 */
export class OkxRoutes {
  private readonly byChannel = new Map<string, Map<string, OkxRoute>>();

  /** Registers (once) and returns the key of `channel` on `instId`, carrying `symbol`. */
  register(channel: OkxChannel, instId: string, symbol: string): string {
    let routes = this.byChannel.get(channel);
    if (routes === undefined) this.byChannel.set(channel, (routes = new Map()));
    let route = routes.get(instId);
    if (route === undefined) routes.set(instId, (route = { key: okxKey(channel, instId), symbol }));
    return route.key;
  }

  /** The route of a push's `arg`, or `undefined` when this client never asked for it. */
  route(channel: unknown, instId: unknown): OkxRoute | undefined {
    if (typeof channel !== 'string' || typeof instId !== 'string') return undefined;
    return this.byChannel.get(channel)?.get(instId);
  }
}
