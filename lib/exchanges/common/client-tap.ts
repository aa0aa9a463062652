import type { Observable, SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../socket/http-transport';
import type { CreateWebSocket, WebSocketLike } from '../../socket/web-socket-like';

/**
 * What a tool attached to a {@link ClientTap} may wrap: each hook receives the client's own
 * transport (`create`, `send`, `draw`, `schedule`) and decides how to call it. A hook left out is a
 * plain pass-through.
 *
 * @example
 * ```ts
 * const hooks: TapHooks = { http: (request, send) => send(request).pipe(tap((r) => log(request.url, r.status))) };
 * ```
 */
export interface TapHooks {
  /** Wraps the creation of every socket of the client. */
  readonly socket?: (url: string, options: { readonly maxPayload: number }, create: CreateWebSocket) => WebSocketLike;
  /** Wraps every REST request of the client. */
  readonly http?: (request: HttpRequest, send: HttpTransport) => Observable<HttpResponse>;
  /** Wraps every draw of the client's random source (backoff jitter). */
  readonly random?: (draw: () => number) => number;
  /** Wraps every timer the client schedules on its scheduler. */
  readonly schedule?: <T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay: number,
    state: T | undefined,
    schedule: <S>(work: (this: SchedulerAction<S>, state?: S) => void, delay: number, state?: S) => Subscription,
  ) => Subscription;
}

/**
 * The per-client tap that record & replay attach to: `resolveOptions` routes the client's sockets,
 * REST requests, random draws and timers through it, and its `scheduler` is the client's clock,
 * which {@link ClientTap.hold} can pin to one reading while a recorded input is handled (so the
 * receipt time the client stamps is exactly the one written down). With nothing attached every
 * route is one property check and a direct call.
 *
 * @example
 * ```ts
 * const { tap } = clientInternals(client)!.options;
 * const detach = tap.attach({ http: (request, send) => send(request) });
 * tap.hold(1_764_000_000_000.25, () => listener(frame)); // the client reads 1_764_000_000_000.25 meanwhile
 * detach();
 * ```
 */
export class ClientTap {
  private hooks: TapHooks | undefined;
  private held: number | undefined;
  /** The client's clock and timers: the base scheduler, with `now()` pinned while held. */
  readonly scheduler: SchedulerLike;

  constructor(private readonly base: SchedulerLike) {
    const schedule = <S>(work: (this: SchedulerAction<S>, state?: S) => void, delay: number, state?: S): Subscription =>
      base.schedule(work, delay, state);
    this.scheduler = {
      now: () => (this.held === undefined ? base.now() : this.held),
      schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription => {
        const hook = this.hooks?.schedule;
        return hook ? hook(work, delay ?? 0, state, schedule) : base.schedule(work, delay, state);
      },
    };
  }

  /** The hooks attached, if any. */
  get attached(): TapHooks | undefined {
    return this.hooks;
  }

  /** Attaches `hooks` (one tool at a time: a `TypeError` otherwise); the returned function detaches them. */
  attach(hooks: TapHooks): () => void {
    if (this.hooks) throw new TypeError('this client is already tapped (recorded or replayed)');
    this.hooks = hooks;
    return () => {
      if (this.hooks === hooks) this.hooks = undefined;
    };
  }

  /** Runs `run` with the client's clock reading `time` (nested holds restore the outer one). */
  hold<T>(time: number, run: () => T): T {
    const outer = this.held;
    this.held = time;
    try {
      return run();
    } finally {
      this.held = outer;
    }
  }

  /** The base clock, ignoring any hold. */
  realNow(): number {
    return this.base.now();
  }
}
