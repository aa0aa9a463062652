import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type DashboardSession, startDashboardSession } from '../../lib/cli/dashboard/dashboard-session';
import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import type { WebFrame } from '../../lib/web/web-frame';
import { startWebDashboard, type WebDashboard } from '../../lib/web/web-server';
import { waitFor } from '../helpers/wait-for';
import { CHROMIUM_ARGS, describeWithChromium } from '../support/chromium';

/** Screenshots a person can look at after the run (not committed). */
const SHOTS = join(__dirname, 'screenshots');

type Level = [number, number];

/** The few DOM shapes the page functions below read (they run in the browser; spec types have no DOM lib). */
interface PageElement {
  readonly dataset: Record<string, string | undefined>;
}
interface PageDocument {
  querySelector(selector: string): PageElement | null;
}
/** Frames the page has rendered so far. */
const framesOf = (page: Page): Promise<number> => page.evaluate<number>('Number(document.body.dataset.frames ?? 0)');

/** The ladder of one market as the page shows it (exact values from the cells' data attributes). */
function ladderOf(page: Page, key: string): Promise<{ bids: Level[]; asks: Level[] }> {
  return page.evaluate((market) => {
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    const side = (name: string): [number, number][] => {
      const out: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const cell = (field: string): PageElement | null =>
          doc.querySelector(`[data-market="${market}"] td[data-side="${name}"][data-level="${i}"][data-field="${field}"]`);
        const price = cell('price');
        const size = cell('size');
        if (!price?.dataset['value'] || !size?.dataset['value']) break;
        out.push([Number(price.dataset['value']), Number(size.dataset['value'])]);
      }
      return out;
    };
    return { bids: side('bid'), asks: side('ask') };
  }, key);
}

describeWithChromium('web dashboard in a real browser (Debian Chromium via playwright-core)', (executablePath) => {
  let session: DashboardSession;
  let web: WebDashboard;
  let browser: Browser;
  const keys = (): string[] => session.model.markets.map((m) => `${m.exchange} ${m.symbol}`);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    session = await startDashboardSession({ live: false, seed: 5, faultEveryMs: 0 }, EXCHANGES);
    web = await startWebDashboard({ session, port: 0 });
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await session?.stop();
  });

  async function openPage(width: number, height: number, colorScheme: 'dark' | 'light'): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(web.url);
    return { page, errors };
  }

  it('shows live, verified ladders of every venue equal to the server\'s book states, and a fault injected from the page in the log', async () => {
    const { page, errors } = await openPage(1280, 800, 'dark');
    await waitFor(async () => (await page.locator('[data-market]').count()) === keys().length, 'a card per market');
    await waitFor(
      async () => (await page.locator('#venues tr').allTextContents()).filter((row) => row.includes('open')).length === EXCHANGES.length,
      'every venue open',
    );
    // Both sides move (simulated markets step): poll until each market's ladder on the page has
    // equalled the server's verified book at least once.
    const pending = new Set(keys());
    let last: Record<string, unknown> = {};
    await waitFor(async () => {
      const frame = (await (await fetch(new URL('/api/frame', web.url))).json()) as WebFrame;
      for (const market of frame.markets) {
        if (!pending.has(market.key)) continue;
        const shown = await ladderOf(page, market.key);
        const server = { bids: market.bids, asks: market.asks };
        last[market.key] = { shown, server };
        if (shown.bids.length === 10 && shown.asks.length === 10 && JSON.stringify(shown) === JSON.stringify(server)) pending.delete(market.key);
      }
      return pending.size === 0;
    }, 'every ladder on the page equal to the server\'s verified book').catch((error: Error) => {
      last = Object.fromEntries(Object.entries(last).filter(([key]) => pending.has(key)));
      expect(last).toEqual({});
      throw error;
    });
    await page.screenshot({ path: join(SHOTS, 'dashboard-1280x800-dark.png') });

    // inject a fault from the page, see it recover in the fault log
    const symbol = session.model.markets.find((m) => m.exchange === 'kraken')!.symbol;
    await page.selectOption('#inject-exchange', 'kraken');
    await page.selectOption('#inject-kind', 'checksum');
    await page.selectOption('#inject-symbol', symbol);
    await page.click('#inject button[type=submit]');
    const entry = page.locator('#faults li[data-exchange="kraken"][data-kind="checksum"]');
    await waitFor(async () => /recovered in \d+\.\d\d s · .*resync checksum/.test((await entry.first().textContent()) ?? ''), 'the injected fault recovered in the log');
    await page.screenshot({ path: join(SHOTS, 'dashboard-after-fault.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('keeps its layout still while updating, and fits a narrow window and the light theme', async () => {
    const { page, errors } = await openPage(1280, 800, 'light');
    await waitFor(async () => (await framesOf(page)) > 20, 'twenty frames rendered');
    const boxes = (): Promise<string> =>
      page.evaluate<string>(
        "JSON.stringify([...document.querySelectorAll('.card, .side section, .ladder td')].map((e) => e.getBoundingClientRect()).map((r) => [r.x, r.y, r.width, r.height]))",
      );
    const before = await boxes();
    const frames = await framesOf(page);
    await waitFor(async () => (await framesOf(page)) > frames + 20, 'twenty more frames');
    expect(await boxes()).toBe(before); // numbers changed, nothing moved
    await page.screenshot({ path: join(SHOTS, 'dashboard-1280x800-light.png') });

    await page.setViewportSize({ width: 420, height: 900 });
    await waitFor(async () => (await framesOf(page)) > frames + 25, 'frames after the resize');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0); // no horizontal scrolling on a narrow window
    await page.screenshot({ path: join(SHOTS, 'dashboard-420-narrow.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
