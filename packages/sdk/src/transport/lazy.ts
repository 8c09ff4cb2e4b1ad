import { untilAborted } from '../abort/abort.js';
import { NetworkError } from '../errors/errors.js';
// Types only: a value import would put the transport, and ky, back into the client's own chunk.
import type { Transport, TransportSettings } from './transport.js';

/** The module of the real transport (ky included). */
export type TransportModule = typeof import('./transport.js');

/**
 * Loads the transport module. It is lazy for the size budget of a live page: a client whose stream opens
 * fills its stores from the stream and never sends a request, so ky (about a third of the SDK's bytes) goes
 * into a chunk of its own that a bundler splits off and such a page never downloads. The cost: the first
 * request waits for one more module.
 */
export const loadTransport = (): Promise<TransportModule> => import('./transport.js');

/**
 * A transport that loads the real one (with `load`) on its first call; once loaded, calls go straight to it.
 * Calls made while it loads wait for that same load, and their signal rejects them at once with its reason,
 * as it does during a request (no request is sent for them afterwards). A failed load (the chunk's own
 * network error) rejects the calls that waited for it with a `NetworkError`; the next call loads again.
 */
export const createLazyTransport = (settings: TransportSettings, load = loadTransport): Transport => {
  let transport: Transport | undefined;
  let loading: Promise<Transport> | undefined;

  const loadOnce = (): Promise<Transport> => {
    loading ??= load().then(
      (module) => {
        transport = module.createTransport(settings);
        return transport;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };

  return async (url, options = {}) => {
    if (transport) return transport(url, options);
    const loaded = loadOnce().catch((error: unknown) => {
      throw new NetworkError('GET', url, error);
    });
    return (await untilAborted(loaded, options.signal))(url, options);
  };
};
