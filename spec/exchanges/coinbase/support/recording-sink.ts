import type { FrameSink } from '../../../../lib/exchanges/common/exchange-protocol';

/** A FrameSink that records every call, for decoder tests. */
export class RecordingSink implements FrameSink {
  readonly data: (key: string, payload: unknown) => void;
  readonly delivered: { key: string; payload: any }[] = [];
  readonly invalids: { message: string; frame: string; key?: string }[] = [];
  readonly exchangeErrors: { message: string; frame?: string }[] = [];
  readonly rejections: { requestId?: number; keys?: readonly string[]; message: string }[] = [];
  readonly gaps: string[] = [];

  constructor() {
    this.data = (key, payload) => this.delivered.push({ key, payload });
  }

  invalid(message: string, frame: string, key?: string): void {
    this.invalids.push({ message, frame, ...(key === undefined ? {} : { key }) });
  }

  exchangeError(message: string, frame?: string): void {
    this.exchangeErrors.push({ message, frame });
  }

  rejected(requestId: number | undefined, keys: readonly string[] | undefined, message: string): void {
    this.rejections.push({ requestId, keys, message });
  }

  gap(message: string): void {
    this.gaps.push(message);
  }

  /** Payloads delivered to `key`. */
  of(key: string): any[] {
    return this.delivered.filter((d) => d.key === key).map((d) => d.payload);
  }
}
