import { open } from 'node:fs/promises';

/**
 * An open recording file: appends bytes, syncs them to disk, closes.
 *
 * @example
 * ```ts
 * const file = await nodeRecordingFileSystem.open('bn.rxrec.gz', false);
 * await file.write(Buffer.from('…')); await file.sync(); await file.close();
 * ```
 */
export interface RecordingFile {
  write(bytes: Buffer): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where a recorder writes (injectable: tests simulate a slow or failing disk).
 *
 * @example
 * ```ts
 * const slowDisk: RecordingFileSystem = { open: async () => ({ write: () => new Promise(() => undefined), sync: async () => undefined, close: async () => undefined }) };
 * ```
 */
export interface RecordingFileSystem {
  /** Opens `path`: appending when `append`, otherwise emptied first (a new recording session). */
  open(path: string, append: boolean): Promise<RecordingFile>;
}

/**
 * The real file system (`node:fs/promises`: writes and fsync run on libuv's thread pool, off the
 * event loop).
 *
 * @example
 * ```ts
 * record(binance(), { file: 'bn.rxrec.gz', fileSystem: nodeRecordingFileSystem }); // the default
 * ```
 */
export const nodeRecordingFileSystem: RecordingFileSystem = {
  async open(path, append) {
    const handle = await open(path, append ? 'a' : 'w');
    return {
      write: async (bytes) => {
        let offset = 0;
        while (offset < bytes.length) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
  },
};
