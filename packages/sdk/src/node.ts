// The Node entry: `exports` hands it to Node (condition `node`) and the browser's bundlers the plain one, so the
// fetch-based stream reader and its SSE parser stay out of every page. It is the API of `index.ts` unchanged
// (hence the one `export *`, so that the two lists cannot drift apart), except that a client made here has a
// stream on Node 20, which has no `EventSource`.
import type { Client } from './client/client.js';
import { createClient as createPlatformClient } from './client/client.js';
import type { ClientOptions } from './client/options.js';
import { getSharedClient as getPlatformSharedClient } from './client/shared.js';
import { fetchEventSource } from './stream/fetch-source.js';

export * from './index.js';

/** The options with an `EventSource` reading the stream over `fetch` when neither they nor the platform have one. */
const withFetchStream = (options: ClientOptions): ClientOptions =>
  options.EventSource !== undefined || globalThis.EventSource
    ? options
    : { ...options, EventSource: fetchEventSource(options.fetch) };

/**
 * Creates a client with its own cache, breaker, stores and stream. In Node without a global `EventSource`, the
 * stream (`live`, on by default) is read with `fetch`: same states, backoff and fallback to polling as in a
 * browser, and the last event id is sent back as `Last-Event-ID` when it reconnects.
 */
export const createClient = (options: ClientOptions = {}): Client =>
  createPlatformClient(withFetchStream(options));

/**
 * The process's client for `options.baseUrl`: every caller with the same `baseUrl` gets the same cache, stores
 * and stream (the options of the first caller apply), read with `fetch` as `createClient`'s.
 */
export const getSharedClient = (options: ClientOptions = {}): Client =>
  getPlatformSharedClient(withFetchStream(options));
