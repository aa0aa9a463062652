import type { TestConnection } from '../../../../lib/testing/harness/test-connection';
import { WsTestServer } from '../../../../lib/testing/harness/ws-test-server';
import { type BybitCaptureRecord, CAPTURE_CONNECTIONS, framesOf, instrumentsBody, NaiveTopicBook } from './bybit-capture';

type Category = 'spot' | 'linear';

/**
 * What the replay does besides serving the capture verbatim: `required` topics per category must be
 * subscribed before that connection's frames are pumped; `drop` loses one frame on the way (a `u`
 * gap); `restart` sends, after frame `afterIndex`, a `u` = 1 snapshot of `topic` (a Bybit service
 * restart) and renumbers that topic's later deltas from 2.
 */
export interface BybitReplayPlan {
  readonly required: Readonly<Record<Category, readonly string[]>>;
  readonly drop?: { readonly category: Category; readonly index: number };
  readonly restart?: { readonly category: Category; readonly topic: string; readonly afterIndex: number };
}

/**
 * A local Bybit endpoint replaying the real capture: `/v5/public/linear` serves the recorded linear
 * connection's frames, `/v5/public/spot` the spot one's, in order, once the client has subscribed to
 * the required topics; frames of topics not subscribed (any more) are held back; a book topic
 * subscribed again after the start is answered with a snapshot of the server's true book (every frame
 * recorded so far, including lost ones). `GET /v5/market/instruments-info` answers the recorded bodies.
 */
export class BybitReplayServer {
  readonly received: { readonly category: Category; readonly message: any }[] = [];
  readonly done: Record<Category, boolean> = { spot: false, linear: false };

  private constructor(
    readonly server: WsTestServer,
    private readonly records: readonly BybitCaptureRecord[],
    private readonly plan: BybitReplayPlan,
  ) {}

  static async start(records: readonly BybitCaptureRecord[], plan: BybitReplayPlan): Promise<BybitReplayServer> {
    let self: BybitReplayServer | undefined;
    const server = await WsTestServer.start({
      onConnection: (connection) => self!.accept(connection),
      onHttpRequest: (request, response) => {
        const category = new URL(request.url ?? '/', 'http://x').searchParams.get('category');
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(category === 'spot' || category === 'linear' ? instrumentsBody(records, category) : '{"retCode":10001,"retMsg":"params error","result":{}}');
      },
    });
    self = new BybitReplayServer(server, records, plan);
    return self;
  }

  get wsUrl(): string {
    return this.server.url;
  }

  get restUrl(): string {
    return this.server.httpUrl;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  private accept(connection: TestConnection): void {
    const category: Category | undefined = connection.url.startsWith('/v5/public/linear') ? 'linear' : connection.url.startsWith('/v5/public/spot') ? 'spot' : undefined;
    if (category === undefined) return connection.drop();
    const frames = framesOf(this.records, CAPTURE_CONNECTIONS[category]);
    const parsed = frames.map((text) => JSON.parse(text));
    const subscribed = new Set<string>();
    const truth = new Map<string, NaiveTopicBook>();
    const renumber = new Map<string, number>();
    let started = false;
    const { drop, restart } = this.plan;

    const pump = (from: number): void => {
      if (!connection.isOpen) return;
      const to = Math.min(frames.length, from + 25);
      for (let i = from; i < to; i++) {
        const frame = parsed[i];
        const topic: string | undefined = frame.topic;
        if (topic?.startsWith('orderbook.')) {
          if (!truth.has(topic)) truth.set(topic, new NaiveTopicBook());
          truth.get(topic)!.apply(frame);
        }
        const lost = drop?.category === category && drop.index === i;
        if (!lost && (topic === undefined || subscribed.has(topic))) {
          const offset = topic === undefined ? undefined : renumber.get(topic);
          if (offset === undefined) connection.send(frames[i]!);
          else connection.send(JSON.stringify({ ...frame, data: { ...frame.data, u: frame.data.u - offset } }));
        }
        if (restart?.category === category && restart.afterIndex === i) {
          const book = truth.get(restart.topic)!;
          renumber.set(restart.topic, book.u - 1);
          if (subscribed.has(restart.topic)) connection.send(book.snapshotFrame(restart.topic, restart.topic.split('.')[2]!, 1));
        }
      }
      if (to < frames.length) setImmediate(() => pump(to));
      else this.done[category] = true;
    };

    connection.onText((text) => {
      const message = JSON.parse(text);
      this.received.push({ category, message });
      const reply = (op: string, retMsg: string): void =>
        void connection.send(JSON.stringify({ success: true, ret_msg: retMsg, conn_id: 'replay', req_id: message.req_id ?? '', op }));
      if (message.op === 'ping') return reply('ping', 'pong');
      if (message.op === 'unsubscribe') {
        for (const topic of message.args) subscribed.delete(topic);
        return reply('unsubscribe', '');
      }
      reply('subscribe', '');
      for (const topic of message.args as string[]) {
        subscribed.add(topic);
        const book = truth.get(topic);
        if (started && book) connection.send(book.snapshotFrame(topic, topic.split('.')[2]!, book.u - (renumber.get(topic) ?? 0)));
      }
      if (!started && this.plan.required[category].every((topic) => subscribed.has(topic))) {
        started = true;
        setImmediate(() => pump(0));
      }
    });
  }
}
