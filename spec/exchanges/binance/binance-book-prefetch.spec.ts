import { FakeDepthVenue, syncAgainst } from './support/fake-depth-venue';

/** After a reconnect the REST snapshot is requested at once, in parallel with the resubscription. */
describe('Binance book: snapshot prefetched at reconnect', () => {
  function liveBook() {
    const venue = new FakeDepthVenue([[100, 1], [99, 1]], [[101, 1], [102, 1]]);
    const t = syncAgainst(venue, 2);
    t.feed(venue.change([[100, 2]]));
    expect(t.live()).toBe(true);
    t.sync.status('disconnected');
    venue.change([[99, 3]]); // missed while the socket was down
    return { venue, t, requestsBefore: venue.requests.length, eventsBefore: t.events.length };
  }

  it('asks for the snapshot on reconnect, before any diff, and applies it once the first diff bridges it', () => {
    const { venue, t, requestsBefore, eventsBefore } = liveBook();
    t.sync.status('connected');
    expect(venue.requests.length).toBe(requestsBefore + 1); // at once, not after the first diff
    expect(t.events.length).toBe(eventsBefore); // held: nothing shown before a diff proves it bridges
    t.feed(venue.change([[100, 4]]));
    expect(venue.requests.length).toBe(requestsBefore + 1);
    expect(t.events.slice(eventsBefore).map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(t.book()).toEqual(venue.truth());
    expect(t.raised.filter((e) => e.type === 'resync')).toEqual([{ type: 'resync', symbol: 'BTC/USDT', reason: 'reconnect' }]);
  });

  it('drops a prefetched snapshot the stream does not bridge, without a resync, and asks once more', () => {
    const { venue, t, requestsBefore, eventsBefore } = liveBook();
    t.sync.status('connected');
    venue.change([[99, 5]]); // an update between the snapshot and the first diff the new subscription sees
    t.feed(venue.change([[100, 6]]));
    expect(venue.requests.length).toBe(requestsBefore + 2);
    expect(t.events.slice(eventsBefore).map((e) => e.type)).toEqual(['snapshot']);
    expect(t.book()).toEqual(venue.truth());
    expect(t.raised.filter((e) => e.type === 'resync').map((e) => (e as { reason: string }).reason)).toEqual(['reconnect']);
  });

  it('in a quiet market, shows the prefetched snapshot after quietFetchAfter', () => {
    const { venue, t, eventsBefore } = liveBook();
    t.sync.status('connected');
    t.scheduler.flush(); // quietFetchAfter (1 s of virtual time) passes without a diff
    expect(t.events.slice(eventsBefore).map((e) => e.type)).toEqual(['snapshot']);
    expect(t.book()).toEqual(venue.truth());
    t.feed(venue.change([[100, 7]]));
    expect(t.book()).toEqual(venue.truth());
  });
});
