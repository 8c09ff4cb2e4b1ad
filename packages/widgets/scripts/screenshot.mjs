#!/usr/bin/env node
// Screenshots of the demo page (the built IIFE bundle under a strict CSP, mocked API) in Debian's Chromium.
// Fails on any console error (Chromium reports CSP violations there). Run after `pnpm build`.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@cbmo4ers/testkit';
import { startDemoServer } from './demo-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'artifacts/screenshots');
mkdirSync(out, { recursive: true });

const { server, url } = await startDemoServer();
const browser = await launchChromium();
const problems = [];
const shoot = async (name, { width, theme, reducedMotion = 'no-preference', colorScheme = 'light' }) => {
  const page = await browser.newPage({ viewport: { width, height: 900 }, reducedMotion, colorScheme });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${name}: ${error.message}`));
  await page.goto(url);
  await page.evaluate((theme) => {
    if (!theme) return;
    document.querySelector('cbm-dashboard').setAttribute('theme', theme);
    document.body.classList.toggle('dark', theme === 'dark');
  }, theme);
  await page.waitForFunction(() => {
    const dashboard = document.querySelector('cbm-dashboard')?.shadowRoot;
    const tables = ['cbm-gainers-table', 'cbm-losers-table'].map(
      (tag) => dashboard?.querySelector(tag)?.shadowRoot,
    );
    return tables.every((table) => table?.querySelectorAll('tbody th').length);
  });
  // Every ticker at the start of its loop, so the pictures are comparable.
  await page.evaluate(() => {
    for (const tag of ['cbm-price-ticker', 'cbm-volume-ticker']) {
      const ticker = document.querySelector('cbm-dashboard').shadowRoot.querySelector(tag);
      for (const animation of ticker.shadowRoot.querySelector('.track')?.getAnimations() ?? [])
        animation.pause();
    }
  });
  const path = join(out, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(path);
  await page.close();
};

await shoot('dashboard-light', { width: 1280 });
await shoot('dashboard-dark', { width: 1280, theme: 'dark' });
await shoot('dashboard-narrow', { width: 360, reducedMotion: 'reduce' });
await browser.close();
server.close();
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
