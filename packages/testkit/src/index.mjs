// Test and benchmark support shared by every package: a free port and Debian's Chromium with this project's
// flags. Plain ESM with a hand-written index.d.ts, so that node --test, vitest, the bench scripts and the
// web-test-runner config all import it without a build step.
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise (this machine cannot download a browser). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No sandbox (tests run as root), no GPU (none here), /tmp instead of a small /dev/shm, and no calls of
 * Chromium's own (background networking, component updates, sync, QUIC): this machine's closed network
 * refuses them, many at a time. One list, so a flag a new Chromium needs is added once.
 */
export const CHROMIUM_FLAGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]);

/**
 * A TCP port free on `host` right now: the OS picks it and the probe releases it before the caller binds it
 * (for processes that must be told their port up front; a server of our own should listen on port 0 instead).
 */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    // A probe still open must not keep a test process alive.
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Debian's Chromium through playwright-core, headless, with CHROMIUM_FLAGS before any `args` of the caller. */
export function launchChromium(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    ...options,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
}
