// Which elements move while the dashboard loads, and by how much: every layout-shift entry with its sources'
// rectangles, for a few loads at a phone's size (412 x 823) and a desktop size, with the CPU slowed down 4x
// like Lighthouse's mobile preset. Layout shift is scored by Lighthouse; this says what to fix.
// Usage: node bench/cls-probe.mjs [dashboard dist dir] [loads=3] [mobile|desktop|both=both]
import { resolve } from 'node:path';
import { launchChromium } from '@cbmo4ers/testkit';
import { startExchange, startServerProcess } from './lib/processes.mjs';

const dir = process.argv[2];
const loads = Number(process.argv[3] ?? 3);
const which = process.argv[4] ?? 'both';
const exchange = await startExchange();
const server = await startServerProcess({
  ...exchange.env,
  RATE_LIMIT_PER_MINUTE: '100000',
  ...(dir ? { DASHBOARD_DIR: resolve(dir) } : {}),
});
const browser = await launchChromium();
try {
  // Lighthouse's mobile and desktop screens.
  const screens = {
    mobile: {
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    },
    desktop: { viewport: { width: 1350, height: 940 }, deviceScaleFactor: 1 },
  };
  for (const screen of which === 'both' ? Object.values(screens) : [screens[which]]) {
    const { viewport } = screen;
    for (let load = 0; load < loads; load += 1) {
      const context = await browser.newContext(screen);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        const shifts = [];
        window.__shifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            shifts.push({
              at: Math.round(entry.startTime),
              value: entry.value,
              sources: entry.sources.map((source) => {
                const node = source.node;
                const name = node
                  ? `${node.nodeName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : ''}`
                  : '?';
                const rect = (r) =>
                  `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
                return `${name} ${rect(source.previousRect)} -> ${rect(source.currentRect)}`;
              }),
            });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${server.url}/`);
      await page.waitForTimeout(4000);
      const shifts = await page.evaluate(() => window.__shifts);
      const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
      console.log(`${viewport.width}x${viewport.height} load ${load + 1}: total ${total.toFixed(4)}`);
      for (const shift of shifts.filter((candidate) => candidate.value >= 0.008))
        console.log(`  @${shift.at} ms ${shift.value.toFixed(4)}: ${shift.sources.join(' | ')}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
  await exchange.stop();
}
