import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { readRecording } from '../../lib/replay/recording-reader';
import { tempDir } from './support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Starts the recorder child; resolves once it reported `flushes` written buffers, with the last count. */
function startRecorder(file: string, flushes: number): Promise<{ child: ChildProcess; written: number }> {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'support', 'ts-register.js'), join(__dirname, 'support', 'recorder-child.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = 0;
    let buffered = '';
    child.on('exit', (code, signal) => reject(new Error(`the recorder exited early (${code ?? signal})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const match = /^flushed (\d+)$/.exec(line);
        if (match && ++seen === flushes) {
          child.removeAllListeners('exit');
          resolve({ child, written: Number(match[1]) });
        }
      }
    });
  });
}

const exited = (child: ChildProcess): Promise<NodeJS.Signals | null> => new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

describe('a recorder in a process that is stopped', () => {
  it('killed with SIGKILL: its file is readable up to its last flush (at most the last buffer is lost)', async () => {
    const file = temp.file('killed.rxrec.gz');
    const { child, written } = await startRecorder(file, 4);
    const exit = exited(child);
    child.kill('SIGKILL');
    expect(await exit).toBe('SIGKILL');
    const { header, records } = readRecording(file);
    expect(header.exchange).toBe('binance');
    // every record reported written before the kill is there (the header counts as one written line)
    expect(records.length + 1).toBeGreaterThanOrEqual(written);
    expect(records.some((r) => r.type === 'recv')).toBe(true);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('stopped with %s: it flushes everything, then stops by the signal; the file ends with the signal', async (signal) => {
    const file = temp.file(`${signal}.rxrec.gz`);
    const { child, written } = await startRecorder(file, 2);
    const exit = exited(child);
    child.kill(signal);
    expect(await exit).toBe(signal);
    const { records, truncated } = readRecording(file);
    expect(truncated).toBe(false);
    expect(records.length + 1).toBeGreaterThan(written);
    expect(records.at(-1)).toEqual(expect.objectContaining({ type: 'signal', signal }));
  }, 60_000);
});
