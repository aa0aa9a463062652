/** A book kept as the wire's own strings, to serve snapshots in the capture's exact format. */
export class ReplayBook {
  readonly bids = new Map<number, [string, string]>();
  readonly offers = new Map<number, [string, string]>();
  eventTime = '';

  apply(event: { type: string; updates: { side: string; event_time: string; price_level: string; new_quantity: string }[] }): void {
    if (event.type === 'snapshot') {
      this.bids.clear();
      this.offers.clear();
    }
    for (const u of event.updates) {
      const side = u.side === 'bid' ? this.bids : this.offers;
      const price = Number(u.price_level);
      if (Number(u.new_quantity) === 0) side.delete(price);
      else side.set(price, [u.price_level, u.new_quantity]);
      this.eventTime = u.event_time;
    }
  }

  /** An `l2_data` snapshot message of `product`, in the capture's format. */
  snapshotFrame(product: string, timestamp: string, sequence: number): string {
    const level = (side: string) => ([price, quantity]: [string, string]) => ({ side, event_time: this.eventTime, price_level: price, new_quantity: quantity });
    const bids = [...this.bids.entries()].sort((a, b) => b[0] - a[0]).map(([, l]) => level('bid')(l));
    const offers = [...this.offers.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => level('offer')(l));
    return JSON.stringify({ channel: 'l2_data', timestamp, sequence_num: sequence, events: [{ type: 'snapshot', product_id: product, updates: [...bids, ...offers] }] });
  }
}
