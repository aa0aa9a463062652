/**
 * `rxmarket/nats`: fan-out of normalized market data over NATS JetStream. Needs the optional peer
 * dependencies `@nats-io/transport-node` and `@nats-io/jetstream`; the main `rxmarket` entry never
 * loads them. See docs/scale-out.md.
 *
 * @example
 * ```ts
 * import { publish, fromNats } from 'rxmarket/nats';
 * ```
 * @packageDocumentation
 */
export { publish } from './publish';
export type { PublishOptions, PublishEvent } from './publish';
export { fromNats } from './from-nats';
export type { NatsOptions } from './nats-options';
export { marketSubject, encodeSymbolToken, decodeSymbolToken, streamNames } from './nats-subjects';
export type { SubjectKind } from './nats-subjects';
export { encodeBookRecord, decodeBookRecord, encodeStoredSnapshot, decodeStoredSnapshot, encodeTrade, decodeTrade, encodeTicker, decodeTicker, encodeDerivativeTicker, decodeDerivativeTicker } from './nats-codec';
export type { BookRecord, StoredSnapshot } from './nats-codec';
