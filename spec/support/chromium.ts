import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package puts the browser (or `CHROMIUM_PATH`). */
const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => typeof p === 'string');

/**
 * The system Chromium binary, or `undefined` when none is installed (no browser download: tests
 * drive the Debian package with playwright-core).
 *
 * @example
 * ```ts
 * const executablePath = chromiumPath();
 * ```
 */
export function chromiumPath(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Flags for headless Chromium on a machine without network, as root (Debian's package).
 *
 * @example
 * ```ts
 * chromium.launch({ executablePath, args: CHROMIUM_ARGS });
 * ```
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` for a suite that needs a real browser: runs with the Chromium path when one is
 * installed; otherwise skips with a one-line notice saying how to install it, except under
 * `CI=true`, where a missing browser fails the suite (`.ci/run` installs it).
 *
 * @example
 * ```ts
 * describeWithChromium('web dashboard in Chromium', (executablePath) => { it('…', async () => { … }); });
 * ```
 */
export function describeWithChromium(name: string, suite: (executablePath: string) => void): void {
  const path = chromiumPath();
  if (path !== undefined) {
    describe(name, () => suite(path));
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs Chromium (apt-get install -y chromium): missing under CI=true', () => {
        throw new Error('chromium is not installed: .ci/run installs it (apt-get install -y chromium)');
      });
    });
  } else {
    process.stdout.write(`skipped: "${name}" needs Chromium (apt-get install -y chromium)\n`);
    describe(name, () => it.skip('needs Chromium', () => undefined));
  }
}
