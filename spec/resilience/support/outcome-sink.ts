import type { FrameSink } from '../../../lib/exchanges/common/exchange-protocol';

/**
 * What one frame led to, as told to a {@link OutcomeSink}.
 *
 * @example
 * ```ts
 * const outcome: FrameOutcome = { kind: 'data', key: 'btcusdt@trade', payload: trade };
 * ```
 */
export type FrameOutcome =
  | { readonly kind: 'data'; readonly key: string; readonly payload: unknown }
  | { readonly kind: 'invalid'; readonly message: string; readonly key?: string }
  | { readonly kind: 'exchangeError'; readonly message: string }
  | { readonly kind: 'rejected'; readonly message: string }
  | { readonly kind: 'gap'; readonly message: string }
  | { readonly kind: 'reconnect'; readonly reason: string }
  | { readonly kind: 'sent'; readonly text: string };

/**
 * A FrameSink recording every call in order, to classify what a decoder made of a frame.
 *
 * @example
 * ```ts
 * const sink = new OutcomeSink();
 * session.onFrame(text, 1, sink);
 * sink.take(); // [{ kind: 'invalid', message: '…' }]
 * ```
 */
export class OutcomeSink implements FrameSink {
  private outcomes: FrameOutcome[] = [];

  data(key: string, payload: unknown): void {
    this.outcomes.push({ kind: 'data', key, payload });
  }

  reconnect(reason: string): void {
    this.outcomes.push({ kind: 'reconnect', reason });
  }

  invalid(message: string, _frame: string, key?: string): void {
    this.outcomes.push({ kind: 'invalid', message, ...(key === undefined ? {} : { key }) });
  }

  exchangeError(message: string): void {
    this.outcomes.push({ kind: 'exchangeError', message });
  }

  rejected(_requestId: number | undefined, _keys: readonly string[] | undefined, message: string): void {
    this.outcomes.push({ kind: 'rejected', message });
  }

  gap(message: string): void {
    this.outcomes.push({ kind: 'gap', message });
  }

  send(text: string): void {
    this.outcomes.push({ kind: 'sent', text });
  }

  /** The outcomes since the last call. */
  take(): FrameOutcome[] {
    const taken = this.outcomes;
    this.outcomes = [];
    return taken;
  }
}
