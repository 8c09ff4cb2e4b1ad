import { HttpResponse, http } from 'msw';
import { clientOf } from '../client/client.js';
import { type ClientOptions, type ResolvedOptions, resolveOptions } from '../client/options.js';
import type { TransportModule } from '../transport/lazy.js';
import * as transportModule from '../transport/transport.js';
import { fakePlatform } from './fakes.js';
import { BASE, bottomBanner, gainers, health, losers, topBanner } from './fixtures.js';
import { server } from './server.js';

type Responder = () => Response | Promise<Response>;

/** Answers every endpoint with a valid body; `routes.<slug>` overrides one and counts its requests. */
export const serveAll = (overrides: Record<string, Responder> = {}) => {
  const hits: Record<string, number> = {};
  const defaults: Record<string, Responder> = {
    'gainers-table': () => HttpResponse.json(gainers()),
    'losers-table': () => HttpResponse.json(losers()),
    'top-banner-scroll': () => HttpResponse.json(topBanner()),
    'bottom-banner-scroll': () => HttpResponse.json(bottomBanner()),
    health: () => HttpResponse.json(health()),
  };
  const routes = { ...defaults, ...overrides };
  server.use(
    http.get(`${BASE}/api/component/:slug`, ({ params }) => {
      const slug = params.slug as string;
      hits[slug] = (hits[slug] ?? 0) + 1;
      return routes[slug]!();
    }),
    http.get(`${BASE}/api/health`, () => {
      hits.health = (hits.health ?? 0) + 1;
      return routes.health!();
    }),
  );
  return { hits, routes };
};

/**
 * The transport module, already loaded: a first request then takes microtasks only, as it did before the
 * module was loaded lazily, so tests that advance fake time never wait on a real module load.
 */
export const loadedTransport = (): Promise<TransportModule> => Promise.resolve(transportModule);

/**
 * A client on the fake platform, without storage or stream unless asked, with exact retry delays; `internal`
 * replaces resolved options that users cannot set (`loadTransport`, `loadedTransport` unless given).
 */
export const testClient = (options: ClientOptions = {}, internal: Partial<ResolvedOptions> = {}) => {
  const platform = fakePlatform();
  const resolved = resolveOptions({
    baseUrl: BASE,
    platform: platform.platform,
    EventSource: null,
    cache: { storage: null },
    ...options,
    retry: { jitter: 0, ...options.retry },
  });
  const client = clientOf({ ...resolved, loadTransport: loadedTransport, ...internal });
  return { client, ...platform };
};
