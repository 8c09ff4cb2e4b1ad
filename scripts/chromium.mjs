// How every headless Chromium of this project starts (widget tests, end-to-end tests, benchmarks): Debian's
// build, with the flags this kind of machine needs. One list, so a flag a new Chromium needs is added once.

/** Debian's Chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No sandbox (tests run as root), no GPU (none here), /tmp instead of a small /dev/shm, and no calls of
 * Chromium's own (background networking, component updates, sync, QUIC): this machine's closed network
 * refuses them, many at a time.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
