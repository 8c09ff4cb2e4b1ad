import type { Browser, LaunchOptions } from 'playwright-core';

/** Debian's Chromium (`/usr/bin/chromium`) unless the `CHROMIUM_PATH` environment variable says otherwise. */
export declare const CHROMIUM_PATH: string;

/** The flags every headless Chromium of this project starts with (root, no GPU, closed network). */
export declare const CHROMIUM_FLAGS: readonly string[];

/**
 * A TCP port free on `host` right now, for a process that must be told its port before it starts.
 * @param host - The address to probe. @default '127.0.0.1'
 */
export declare function freePort(host?: string): Promise<number>;

/**
 * Debian's Chromium through playwright-core: `executablePath` defaults to CHROMIUM_PATH, and `args` are
 * appended to CHROMIUM_FLAGS.
 */
export declare function launchChromium(options?: LaunchOptions): Promise<Browser>;
