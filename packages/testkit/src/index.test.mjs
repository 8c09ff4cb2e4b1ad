import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { CHROMIUM_FLAGS, freePort, launchChromium } from './index.mjs';

test('freePort gives a port that a server can listen on at once', async () => {
  const port = await freePort();
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  assert.equal(server.address().port, port);
  await new Promise((resolve) => server.close(resolve));
});

test('launchChromium starts Debian Chromium with the shared flags and the caller’s own', async () => {
  const browser = await launchChromium({ args: ['--js-flags=--expose-gc'] });
  try {
    const page = await browser.newPage();
    // The caller's flag reached the browser: V8 exposes gc() only with it.
    assert.equal(await page.evaluate(() => typeof globalThis.gc), 'function');
  } finally {
    await browser.close();
  }
  assert.ok(CHROMIUM_FLAGS.includes('--no-sandbox'));
  assert.ok(Object.isFrozen(CHROMIUM_FLAGS));
});
