import { type Client, createClient } from './client.js';
import { type ClientOptions, resolveOptions } from './options.js';

const shared = new Map<string, { client: Client; users: number }>();

/**
 * The client of this page for `options.baseUrl`: every caller with the same `baseUrl` gets the same cache,
 * stores and stream (the options of the first caller apply). Each handle's `dispose()` releases only its own
 * share; the client stops when the last one is released.
 */
export const getSharedClient = (options: ClientOptions = {}): Client => {
  const key = resolveOptions(options).baseUrl;
  const current = shared.get(key) ?? { client: createClient(options), users: 0 };
  shared.set(key, current);
  current.users += 1;
  let released = false;
  return {
    ...current.client,
    dispose() {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users === 0) {
        shared.delete(key);
        current.client.dispose();
      }
    },
  };
};
