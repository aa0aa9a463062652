/**
 * A 53-bit FNV-1a hash of `bytes` in base 36: a short, deterministic `Nats-Msg-Id` for an event
 * that has no id of its own (two ingests following the same venue compute the same id for the same
 * ticker, so JetStream keeps one copy).
 *
 * @example
 * ```ts
 * contentId(new TextEncoder().encode('[1,2,3]')); // e.g. '2m1q8y1k3x'
 * ```
 */
export function contentId(bytes: Uint8Array): string {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < bytes.length; i++) {
    low ^= bytes[i]!;
    high ^= bytes[i]! << 3;
    low = Math.imul(low, 0x01000193) >>> 0;
    high = Math.imul(high, 0x01000193) >>> 0;
  }
  return ((high & 0x1fffff) * 2 ** 32 + low).toString(36);
}
