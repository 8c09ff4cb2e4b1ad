import { launchChromium } from '@cbmo4ers/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../support/artifacts.js';
import { type ServerProcess, startServerProcess } from '../support/server.js';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Console errors and uncaught exceptions of a page: a widget must never break the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A failed request while the server is deliberately down is expected noise from the browser itself.
    if (
      message.type() === 'error' &&
      !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(message.text())
    ) {
      errors.push(message.text());
    }
  });
  return errors;
}

const dataRows = (page: Page, table: string) => page.locator(`${table} tbody tr[part="row"]:not(.skeleton)`);

interface Change {
  /** The row's direction marker (▲, ▼ or ■), chosen from the unrounded figure. */
  arrow: string;
  /** The figure as shown: two decimals, or one significant digit when that is more precise (-0.004 %). */
  shown: number;
}

/**
 * The change column of one render, as the reader sees it: read in one evaluation, so that every row comes
 * from the same snapshot even while the stream replaces it.
 */
async function changes(page: Page, table: string): Promise<Change[]> {
  const cells = await page
    .locator(`${table} tbody tr[part="row"]:not(.skeleton) td.change`)
    .evaluateAll((elements) =>
      elements.map((cell) => ({
        arrow: cell.querySelector('[aria-hidden="true"]')?.textContent?.trim() ?? '',
        text: cell.textContent ?? '',
      })),
    );
  return cells.map(({ arrow, text }) => ({
    arrow,
    shown: Number.parseFloat(
      text
        .replace(/[^\d.,+\-−]/g, '')
        .replace('−', '-')
        .replace(/,/g, ''),
    ),
  }));
}

/** Each row's figure is at most the one above it (`order` 1) or at least it (`order` -1). */
const inOrder = (rows: Change[], order: 1 | -1) =>
  rows.every((row, index) => index === 0 || order * (rows[index - 1]!.shown - row.shown) >= 0);

const statusText = async (page: Page) =>
  (await page.locator('cbm-status [part="status"]').textContent()) ?? '';
const serverHealth = async (page: Page) => (await page.locator('cbm-status .server').textContent()) ?? '';

/** Where the keyboard focus is, through the shadow roots: `cbm-dashboard > cbm-price-ticker > a`. */
const focusPath = (page: Page) =>
  page.evaluate(() => {
    const path: string[] = [];
    let element = document.activeElement;
    while (element) {
      path.push(element.localName);
      element = element.shadowRoot?.activeElement ?? null;
    }
    return path.join(' > ');
  });

async function trackTransform(page: Page, ticker: string): Promise<string> {
  return page.locator(`${ticker} [part="track"]`).evaluate((element) => getComputedStyle(element).transform);
}

/** Both tables filled: a table shows its first data a few rows per task and is busy until the last one. */
async function openDashboard(page: Page): Promise<void> {
  await page.goto(`${server.url}/`);
  for (const table of ['cbm-gainers-table', 'cbm-losers-table']) {
    await dataRows(page, table).first().waitFor({ timeout: 5000 });
    await page.locator(`${table} table[aria-busy="false"]`).waitFor({ timeout: 5000 });
  }
}

describe('reference dashboard on the simulated market', () => {
  it('fills both tables in order within 5 s, moves the tickers and says LIVE', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    const apiRequests: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) apiRequests.push(pathname);
    });
    await openDashboard(page);

    const gainers = await changes(page, 'cbm-gainers-table');
    const losers = await changes(page, 'cbm-losers-table');
    expect(gainers.length).toBeGreaterThan(0);
    expect(losers.length).toBeGreaterThan(0);
    // Every gainer rises and every loser falls, by the marker and by the number shown: a change that is not
    // zero never reads as zero (early after start a fall of 0.004 % shows as -0.004 %, not -0.00 %).
    expect(gainers.map((change) => change.arrow)).toEqual(gainers.map(() => '▲'));
    expect(losers.map((change) => change.arrow)).toEqual(losers.map(() => '▼'));
    expect(gainers.filter((change) => !(change.shown > 0))).toEqual([]);
    expect(losers.filter((change) => !(change.shown < 0))).toEqual([]);
    // Rounding keeps the order (ties allowed): the biggest rise first, the steepest fall first.
    expect(inOrder(gainers, 1), JSON.stringify(gainers)).toBe(true);
    expect(inOrder(losers, -1), JSON.stringify(losers)).toBe(true);

    await expect.poll(() => statusText(page), { timeout: 5000 }).toMatch(/LIVE/);
    await page.locator('cbm-price-ticker [part="item"]').first().waitFor();
    await page.locator('cbm-volume-ticker [part="item"]').first().waitFor();
    // The built bundle's minified templates still draw the pause icon's two bars side by side (a minifier
    // that drops the `/` of `<rect />` nests the second bar inside the first, which then never shows).
    expect(await page.locator('cbm-price-ticker [part="pause"] svg > rect').count()).toBe(2);
    // Five widgets, one connection: every topic comes from the stream, no widget sends a request of its own.
    expect(apiRequests).toEqual(['/api/stream']);
    // The tickers hold still for 2 s after their items appear (--cbm-ticker-hold), then scroll.
    const before = await trackTransform(page, 'cbm-price-ticker');
    await expect.poll(() => trackTransform(page, 'cbm-price-ticker'), { timeout: 5000 }).not.toBe(before);
    const volumeBefore = await trackTransform(page, 'cbm-volume-ticker');
    await expect
      .poll(() => trackTransform(page, 'cbm-volume-ticker'), { timeout: 5000 })
      .not.toBe(volumeBefore);

    await page.waitForFunction(() => document.getElementById('updated')?.textContent !== '…');
    expect(await page.locator('#source').textContent()).toMatch(/simulated market/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes two Tab presses per ticker (its button, one item), and keeps the item arrowed to in view', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openDashboard(page);
    await page.locator('cbm-volume-ticker [part="item"]').first().waitFor();
    const inTicker: string[] = [];
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('Tab');
      const path = await focusPath(page);
      if (path.includes('cbm-gainers-table')) break;
      if (path.includes('ticker')) inTicker.push(path.split(' > ').slice(-2).join(' > '));
    }
    expect(inTicker).toEqual(['cbm-price-ticker > button', 'cbm-price-ticker > a']);
    // Back to the ticker's item, then along it: each item focused stands inside the strip, ringed.
    await page.keyboard.press('Shift+Tab');
    const ticker = page.locator('cbm-price-ticker');
    for (let step = 0; step < 8; step++) {
      await page.keyboard.press('ArrowRight');
      const seen = await ticker.evaluate((host) => {
        const root = host.shadowRoot!;
        const link = root.activeElement as HTMLElement;
        const box = link.getBoundingClientRect();
        const strip = root.querySelector('.viewport')!.getBoundingClientRect();
        return {
          inside: box.left >= strip.left && box.right <= strip.right,
          ring: getComputedStyle(link).outlineStyle,
        };
      });
      expect(seen).toEqual({ inside: true, ring: 'solid' });
    }
    await page.close();
  });

  it('moves nothing under reduced motion, and every ticker item stays reachable', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await openDashboard(page);
    // No hold before scrolling, so that a running ticker would move within the frames counted below.
    await page.evaluate(() => document.documentElement.style.setProperty('--cbm-ticker-hold', '0s'));
    await page.locator('cbm-price-ticker [part="item"]').first().waitFor();
    const animations = await page
      .locator('cbm-price-ticker [part="track"]')
      .evaluate(
        (element) => element.getAnimations().filter((animation) => animation.playState === 'running').length,
      );
    expect(animations).toBe(0);
    const first = await trackTransform(page, 'cbm-price-ticker');
    // Thirty rendered frames: a running ticker would have moved by then.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let frames = 0;
          const frame = () => (++frames >= 30 ? resolve() : requestAnimationFrame(frame));
          requestAnimationFrame(frame);
        }),
    );
    expect(await trackTransform(page, 'cbm-price-ticker')).toBe(first);
    await page.close();
  });

  it('keeps every widget filled, marked stale, while the server is down, and returns to LIVE without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await openDashboard(page);
    await expect.poll(() => statusText(page), { timeout: 5000 }).toMatch(/LIVE/);
    const rowsBefore = await dataRows(page, 'cbm-gainers-table').count();

    const port = server.port;
    await server.stop();
    try {
      await expect.poll(() => statusText(page), { timeout: 30_000 }).not.toMatch(/LIVE/);
      await page.locator('cbm-gainers-table .stale').first().waitFor({ timeout: 30_000 });
      // What the server said before it went down is no longer known.
      await expect.poll(() => serverHealth(page), { timeout: 30_000 }).toBe('unknown');
      expect(await dataRows(page, 'cbm-gainers-table').count()).toBe(rowsBefore);
      expect(await dataRows(page, 'cbm-losers-table').count()).toBeGreaterThan(0);
      expect(await page.locator('cbm-price-ticker [part="item"]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: artifact('dashboard-offline.png'), animations: 'disabled' });
    } finally {
      server = await startServerProcess(port);
    }
    await expect.poll(() => statusText(page), { timeout: 40_000 }).toMatch(/LIVE/);
    await expect.poll(() => page.locator('cbm-gainers-table .stale').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => serverHealth(page), { timeout: 15_000 }).toMatch(/healthy|degraded/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves screenshots: light, dark and narrow', async () => {
    for (const [name, options] of [
      ['dashboard-light.png', { viewport: { width: 1280, height: 1000 }, colorScheme: 'light' }],
      ['dashboard-dark.png', { viewport: { width: 1280, height: 1000 }, colorScheme: 'dark' }],
      ['dashboard-narrow.png', { viewport: { width: 390, height: 1400 }, colorScheme: 'light' }],
    ] as const) {
      const page = await browser.newPage(options);
      await openDashboard(page);
      await page.locator('cbm-volume-ticker [part="item"]').first().waitFor();
      await page.screenshot({ path: artifact(name), animations: 'disabled' });
      if (name === 'dashboard-narrow.png') {
        const [gainers, losers] = await Promise.all([
          page.locator('cbm-gainers-table').boundingBox(),
          page.locator('cbm-losers-table').boundingBox(),
        ]);
        // Stacked, not side by side.
        expect(losers?.y ?? 0).toBeGreaterThanOrEqual((gainers?.y ?? 0) + (gainers?.height ?? 0) - 1);
      }
      await page.close();
    }
  });
});
