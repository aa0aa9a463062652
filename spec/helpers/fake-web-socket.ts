import { EventEmitter } from 'node:events';
import type { WebSocketLike } from '../../lib/socket/web-socket-like';

/** A scriptable stand-in for a `ws` client socket, for virtual-time transport tests. */
export class FakeWebSocket extends EventEmitter implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  pings = 0;
  /** Payloads of the pongs sent (answers to server pings, when created with `autoPong: false`). */
  readonly pongs: (Buffer | undefined)[] = [];
  terminated = false;
  closedWith: number | undefined;

  constructor(readonly url: string) {
    super();
  }

  send(text: string): void {
    this.sent.push(text);
  }
  ping(): void {
    this.pings++;
  }
  pong(payload?: Buffer): void {
    this.pongs.push(payload);
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }

  /** Server side: the handshake completed. */
  serverOpen(): void {
    this.readyState = 1;
    this.emit('open');
  }
  serverMessage(text: string): void {
    this.emit('message', Buffer.from(text), false);
  }
  serverPong(): void {
    this.emit('pong');
  }
  /** Server side: a ping frame (a real `ws` socket created with `autoPong: true` would answer it itself). */
  serverPing(payload = Buffer.from('p')): void {
    this.emit('ping', payload);
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.emit('close', code, Buffer.from(reason));
  }
}
