import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@cbmo4ers/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact } from '../support/artifacts.js';
import { type ServerProcess, startServerProcess } from '../support/server.js';

/**
 * examples/embed as a third-party site: served from another origin than the API, with its strict CSP as an
 * HTTP header too, and its hostile global CSS. The page names http://localhost:5001; the test serves it with
 * the real server's URL in its place.
 */
const EMBED_DIR = fileURLToPath(new URL('../../examples/embed/', import.meta.url));
let api: ServerProcess;
let site: Server;
let siteUrl: string;
let browser: Browser;

beforeAll(async () => {
  [api, browser] = await Promise.all([startServerProcess(), launchChromium()]);
  const html = readFileSync(`${EMBED_DIR}index.html`, 'utf8').replaceAll('http://localhost:5001', api.url);
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csp).toContain("script-src 'self'");
  site = createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(html);
    } else if (req.url === '/site.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(readFileSync(`${EMBED_DIR}site.css`));
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  // "localhost" and "127.0.0.1" are different origins: the page really is cross-origin to the API.
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await api?.stop();
});

describe('third-party embed page', () => {
  it('renders two widgets under a strict CSP with no errors, and its global CSS does not leak in', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(siteUrl);
    await page
      .locator('cbm-gainers-table tbody tr[part="row"]:not(.skeleton)')
      .first()
      .waitFor({ timeout: 10_000 });
    await page.locator('cbm-price-ticker [part="item"]').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('cbm-gainers-table tbody tr[part="row"]:not(.skeleton)').count()).toBe(5);

    // The page's own text is hostile; the widgets' text is not.
    const pageStyle = await page
      .locator('article > p')
      .first()
      .evaluate((element) => {
        const style = getComputedStyle(element);
        return { font: style.fontFamily, spacing: style.letterSpacing };
      });
    expect(pageStyle.font).toMatch(/Comic Sans/);
    const inside = await page
      .locator('cbm-gainers-table tbody tr[part="row"] td.price')
      .first()
      .evaluate((element) => {
        const style = getComputedStyle(element);
        return {
          font: style.fontFamily,
          spacing: style.letterSpacing,
          transform: style.textTransform,
          border: style.borderTopStyle,
          background: style.backgroundColor,
          color: style.color,
        };
      });
    expect(inside.font).not.toMatch(/Comic Sans/);
    expect(inside.spacing).toBe('normal');
    expect(inside.transform).toBe('none');
    expect(inside.border).not.toBe('dashed');
    expect(inside.background).not.toBe('rgb(255, 255, 0)');
    expect(inside.color).not.toBe('rgb(176, 0, 32)');
    const tickerItem = await page
      .locator('cbm-price-ticker [part="item"]')
      .first()
      .evaluate((element) => {
        const style = getComputedStyle(element);
        return { font: style.fontFamily, transform: style.textTransform };
      });
    expect(tickerItem.font).not.toMatch(/Comic Sans/);
    expect(tickerItem.transform).toBe('none');

    await page.screenshot({ path: artifact('embed.png'), animations: 'disabled' });
    expect(problems).toEqual([]);
    await page.close();
  });
});
