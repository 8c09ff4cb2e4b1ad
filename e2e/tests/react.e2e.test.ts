import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@cbmo4ers/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../support/artifacts.js';
import { type ServerProcess, startServerProcess } from '../support/server.js';

/**
 * The built React example (examples/react/dist) served by the real server in place of the dashboard
 * (DASHBOARD_DIR), so the app and /api share an origin as they do behind Vite's dev proxy, under the server's
 * strict CSP. It exercises the @lit/react wrappers: props down to the elements, `onCbmSelect` up to React.
 */
const REACT_DIST = fileURLToPath(new URL('../../examples/react/dist/', import.meta.url));
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${REACT_DIST}index.html`)) {
    throw new Error('e2e needs the React example built: run `pnpm build` at the repository root first');
  }
  [server, browser] = await Promise.all([
    startServerProcess(undefined, { DASHBOARD_DIR: REACT_DIST }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const dataRows = (page: Page, table: string) => page.locator(`${table} tbody tr[part="row"]:not(.skeleton)`);

describe('React example', () => {
  it('renders the wrapped widgets with their props and hands cbm-select to a React handler', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests are reported below with their URL.
      if (message.type() === 'error' && !/^Failed to load resource/.test(message.text()))
        problems.push(message.text());
    });
    page.on('response', (response) => {
      // The example has no favicon; the browser asks for one anyway.
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.url}/`);
    await dataRows(page, 'cbm-gainers-table').first().waitFor({ timeout: 5000 });
    await dataRows(page, 'cbm-losers-table').first().waitFor({ timeout: 5000 });
    // A table shows its first data a few rows per task, busy until the last one.
    await page.locator('cbm-gainers-table table[aria-busy="false"]').waitFor({ timeout: 5000 });
    await page.locator('cbm-losers-table table[aria-busy="false"]').waitFor({ timeout: 5000 });
    await page.locator('cbm-price-ticker [part="item"]').first().waitFor({ timeout: 5000 });

    // `limit={10}` and `live` reach the elements as properties.
    expect(
      await page.locator('cbm-gainers-table').evaluate((element) => (element as { limit?: number }).limit),
    ).toBe(10);
    expect(await dataRows(page, 'cbm-gainers-table').count()).toBe(10);
    expect(await dataRows(page, 'cbm-losers-table').count()).toBe(10);
    await expect
      .poll(() => page.locator('cbm-status [part="status"]').textContent(), { timeout: 5000 })
      .toMatch(/LIVE/);

    // The gainers' onCbmSelect cancels the event (no navigation) and sets React state.
    expect(await page.locator('p[aria-live]').textContent()).toBe('Pick a gainer to select it.');
    // The rows re-order on every tick: note the symbol of the link the click actually lands on.
    await page.evaluate(() =>
      document.addEventListener(
        'click',
        (event) => {
          (window as { clicked?: string }).clicked = (event.composedPath()[0] as Element).textContent?.trim();
        },
        { capture: true, once: true },
      ),
    );
    const before = page.url();
    await page.locator('cbm-gainers-table [part="symbol"]').first().click();
    const base = await page.evaluate(() => (window as { clicked?: string }).clicked);
    expect(base).toMatch(/^[A-Z0-9]+$/);
    await expect
      .poll(() => page.locator('p[aria-live]').textContent(), { timeout: 3000 })
      .toMatch(new RegExp(`^You picked ${base}-[A-Z]+\\.$`));
    expect(page.url()).toBe(before);

    await page.screenshot({ path: artifact('react.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
