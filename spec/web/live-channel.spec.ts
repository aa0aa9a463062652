import { LiveChannel, type LiveSocket } from '../../lib/web/live-channel';

class FakeSocket implements LiveSocket {
  readonly sent: string[] = [];
  readyState = 1;
  bufferedAmount = 0;
  send(text: string): void {
    this.sent.push(text);
  }
}

describe('LiveChannel: frames paced by the page\'s credits', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends one frame, then nothing until the page says ready: a slow tab gets fewer frames, the server queues none', () => {
    const socket = new FakeSocket();
    let version = 0;
    const channel = new LiveChannel(socket, () => `frame ${++version}`, () => Date.now());
    channel.start();
    expect(socket.sent).toEqual(['frame 1']);
    jest.advanceTimersByTime(10_000); // the page renders nothing for 10 s
    expect(socket.sent).toEqual(['frame 1']);
    channel.onMessage('{"type":"ready"}');
    expect(socket.sent).toEqual(['frame 1', 'frame 2']); // built at send time: the latest state
    channel.onMessage('{"type":"ready"}'); // a page at a very high refresh rate: held to 60 Hz
    expect(socket.sent).toHaveLength(2);
    jest.advanceTimersByTime(16);
    expect(socket.sent).toEqual(['frame 1', 'frame 2', 'frame 3']);
    channel.close();
  });

  it('ignores what is not a ready message and holds back while the socket itself is backed up', () => {
    const socket = new FakeSocket();
    const channel = new LiveChannel(socket, () => 'frame', () => Date.now());
    channel.start();
    channel.onMessage('not json');
    channel.onMessage('{"type":"other"}');
    expect(socket.sent).toHaveLength(1);
    socket.bufferedAmount = 2 << 20;
    jest.advanceTimersByTime(100);
    channel.onMessage('{"type":"ready"}');
    jest.advanceTimersByTime(500);
    expect(socket.sent).toHaveLength(1);
    socket.bufferedAmount = 0;
    jest.advanceTimersByTime(100);
    expect(socket.sent).toHaveLength(2);
    channel.close();
    channel.onMessage('{"type":"ready"}');
    jest.advanceTimersByTime(100);
    expect(socket.sent).toHaveLength(2);
  });
});
