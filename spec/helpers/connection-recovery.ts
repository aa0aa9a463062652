import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { eventsOfType } from './book-truth';
import { waitFor } from './wait-for';

/** What the helpers need of a simulator: its connection faults. */
interface ConnectionFaults {
  dropConnections(): void;
  goSilent(): void;
  closeAll(code?: number, reason?: string): void;
}

/**
 * Drops every connection and waits for the client to reconnect and raise a `reconnect` resync.
 *
 * @example
 * ```ts
 * await dropAndAwaitResync(sim, () => events);
 * ```
 */
export async function dropAndAwaitResync(sim: ConnectionFaults, events: () => readonly ExchangeEvent[]): Promise<void> {
  sim.dropConnections();
  await waitFor(() => eventsOfType(events(), 'reconnect').length > 0 && eventsOfType(events(), 'resync').some((e) => e.reason === 'reconnect'), 'reconnect + resync');
}

/**
 * Makes the server go silent (a half-open socket) and waits for the client to find it (a
 * `transport` error matching `found`) and open a new socket.
 *
 * @example
 * ```ts
 * await silenceAndAwaitNewSocket(sim, () => events);
 * ```
 */
export async function silenceAndAwaitNewSocket(sim: ConnectionFaults, events: () => readonly ExchangeEvent[], found = /half-open/): Promise<void> {
  const opensBefore = eventsOfType(events(), 'open').length;
  sim.goSilent();
  await waitFor(() => eventsOfType(events(), 'error').some((e) => e.kind === 'transport' && found.test(e.message)), 'half-open detection');
  await waitFor(() => eventsOfType(events(), 'open').length > opensBefore, 'a new socket');
}

/**
 * Closes every connection with 1000 and `reason`, waits for a new socket, and expects the close event.
 *
 * @example
 * ```ts
 * await closeAndAwaitReopen(sim, () => events, 'daily');
 * ```
 */
export async function closeAndAwaitReopen(sim: ConnectionFaults, events: () => readonly ExchangeEvent[], reason: string): Promise<void> {
  const opens = eventsOfType(events(), 'open').length;
  sim.closeAll(1000, reason);
  await waitFor(() => eventsOfType(events(), 'open').length > opens, 'reopen after a normal close');
  expect(eventsOfType(events(), 'close')).toContainEqual(expect.objectContaining({ code: 1000, reason }));
}
