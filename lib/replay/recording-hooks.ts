import { Observable, type SchedulerAction, type Subscription } from 'rxjs';
import type { TapHooks } from '../exchanges/common/client-tap';
import type { HttpResponse } from '../socket/http-transport';
import type { RecordingSession } from './recording-session';
import { RecordingSocket } from './recording-socket';

/** Response headers a client reads (rate limits, `Retry-After`): kept in `http` records; the rest are not. */
const KEPT_HEADERS = /^(retry-after|content-type|date|x-mbx-used-weight.*|x-ratelimit.*|ratelimit.*|x-rate-limit.*)$/;

/**
 * The response headers an `http` record keeps (`retry-after`, `content-type`, `date` and rate-limit
 * headers), multi-valued ones joined with `, `.
 *
 * @example
 * ```ts
 * keptHeaders({ 'retry-after': '2', 'set-cookie': ['a', 'b'] }); // { 'retry-after': '2' }
 * ```
 */
export function keptHeaders(headers: HttpResponse['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !KEPT_HEADERS.test(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/**
 * The tap hooks of a recording: every socket becomes a {@link RecordingSocket} (a `connect` record
 * first), every REST exchange an `http` record written when its answer arrives (delivered with the
 * clock pinned to that time), every timer firing a `timer` record (its due time, so replay fires
 * the same timer at the same moment), every random draw a `random` record.
 *
 * @example
 * ```ts
 * const detach = internals.options.tap.attach(recordingHooks(session));
 * ```
 */
export function recordingHooks(session: RecordingSession): TapHooks {
  return {
    socket: (url, options, create) => {
      const conn = session.nextConnection();
      session.note({ type: 'connect', conn, url });
      session.sockets.set(conn, { url, opened: false });
      return new RecordingSocket(create(url, options), conn, session);
    },
    http: (request, send) =>
      new Observable<HttpResponse>((subscriber) => {
        const conn = session.nextConnection();
        const sent = session.now();
        const base = { type: 'http' as const, conn, method: request.method, url: request.url, ...(request.body === undefined ? {} : { request: request.body }), sent };
        let answeredAt: number | undefined;
        const inner = send(request).subscribe({
          next: (response) => {
            answeredAt = session.now();
            session.note({ ...base, status: response.status, headers: keptHeaders(response.headers), body: response.body }, false, answeredAt);
            session.hold(answeredAt, () => subscriber.next(response));
          },
          error: (error: unknown) => {
            const time = session.now();
            session.note({ ...base, error: (error as Error)?.message ?? String(error) }, false, time);
            session.hold(time, () => subscriber.error(error));
          },
          complete: () => session.hold(answeredAt ?? session.now(), () => subscriber.complete()),
        });
        return () => inner.unsubscribe();
      }),
    random: (draw) => {
      const value = draw();
      session.note({ type: 'random', value });
      return value;
    },
    schedule: <T>(
      work: (this: SchedulerAction<T>, state?: T) => void,
      delay: number,
      state: T | undefined,
      schedule: <S>(work: (this: SchedulerAction<S>, state?: S) => void, delay: number, state?: S) => Subscription,
    ): Subscription => {
      let due = session.now() + delay;
      let patched = false;
      return schedule<T>(
        function (this: SchedulerAction<T>, current?: T) {
          if (!patched) {
            // an action that reschedules itself gets a new due time
            patched = true;
            const action = this;
            const reschedule = action.schedule.bind(action);
            action.schedule = (next?: T, nextDelay = 0) => {
              due = session.now() + nextDelay;
              return reschedule(next, nextDelay);
            };
          }
          const time = session.now();
          session.note({ type: 'timer', due }, false, time);
          session.hold(time, () => work.call(this, current));
        },
        delay,
        state,
      );
    },
  };
}
