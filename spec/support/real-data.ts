import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root (this file is `spec/support/real-data.ts`). */
const REPO = resolve(__dirname, '..', '..');

/**
 * Path of a permissively licensed real capture copied into the repository (`spec/fixtures/real/`,
 * origin and licence in `spec/fixtures/real/SOURCES.md`).
 *
 * @example
 * ```ts
 * readFileSync(fixturePath('binance-spot.ws.txt'), 'utf8');
 * ```
 */
export function fixturePath(file: string): string {
  return join(REPO, 'spec', 'fixtures', 'real', file);
}

/**
 * Path of an AGPL-licensed capture that must not enter the repository: it is read from
 * `../shared/data/real/` beside the clone. `undefined` when that file is absent.
 *
 * @example
 * ```ts
 * const file = sharedCapturePath('coinbase-advanced-trade.jsonl.gz');
 * ```
 */
export function sharedCapturePath(file: string): string | undefined {
  const path = join(REPO, '..', 'shared', 'data', 'real', file);
  return existsSync(path) ? path : undefined;
}

/**
 * `describe` for a suite that needs a shared AGPL capture: runs it when `../shared/data/real/<file>`
 * exists; otherwise skips it with a one-line notice, except under `CI=true`, where the missing file
 * fails the suite (CI always has `../shared`).
 *
 * @example
 * ```ts
 * describeWithSharedCapture('Coinbase conformance', 'coinbase-advanced-trade.jsonl.gz', (file) => { it('…', () => read(file)); });
 * ```
 */
export function describeWithSharedCapture(name: string, file: string, suite: (path: string) => void): void {
  const path = sharedCapturePath(file);
  if (path !== undefined) {
    describe(name, () => suite(path));
    return;
  }
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it(`needs ../shared/data/real/${file} (AGPL capture, read from ../shared only): missing under CI=true`, () => {
        throw new Error(`../shared/data/real/${file} is missing: CI must run with ../shared beside the clone`);
      });
    });
    return;
  }
  process.stdout.write(`skipped: "${name}" needs ../shared/data/real/${file} (AGPL, not in the repository)\n`);
  describe(name, () => it.skip(`needs ../shared/data/real/${file}`, () => undefined));
}

/**
 * `it` for one test that needs a shared AGPL capture (see {@link describeWithSharedCapture}): runs
 * with the file's path, skips with a notice without it, fails under `CI=true` without it.
 *
 * @example
 * ```ts
 * itWithSharedCapture('matches the capture', 'coinbase-advanced-trade.jsonl.gz', async (file) => { … });
 * ```
 */
export function itWithSharedCapture(name: string, file: string, test: (path: string) => Promise<void> | void, timeout?: number): void {
  const path = sharedCapturePath(file);
  if (path !== undefined) {
    it(name, async () => test(path), timeout);
  } else if (process.env['CI'] === 'true') {
    it(name, () => {
      throw new Error(`../shared/data/real/${file} is missing: CI must run with ../shared beside the clone`);
    });
  } else {
    process.stdout.write(`skipped: "${name}" needs ../shared/data/real/${file} (AGPL, not in the repository)\n`);
    it.skip(name, () => undefined);
  }
}
