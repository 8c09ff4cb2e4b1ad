import type { ServerMetrics } from '../metrics/metrics.js';
import type { RateBudget } from './rate-budget.js';
import { type UpstreamApi, UpstreamError } from './upstream-client.js';

/** An upstream REST API as the metrics label it. */
export type UpstreamName = 'coinbase_rest' | 'coingecko';

/**
 * The response hook of an upstream as the server runs it: every response and every failure counted, and a 429
 * pausing the upstream's rate budget for its Retry-After (`pauseWithoutRetryAfterMs` when it gives none).
 */
export function meterResponses(
  upstream: UpstreamName,
  metrics: ServerMetrics,
  budget: RateBudget | undefined,
  pauseWithoutRetryAfterMs: number,
): (event: { status: number | undefined; error: Error | undefined }) => void {
  return ({ status, error }) => {
    metrics.upstreamMessages.inc({ upstream });
    if (error) metrics.upstreamErrors.inc({ upstream });
    if (status === 429 && error instanceof UpstreamError) {
      budget?.pause(error.retryAfterMs ?? pauseWithoutRetryAfterMs);
    }
  };
}

/** Shows the breaker of `api` in `cbm_upstream_breaker_open`: 0 while closed, 1 while open or half-open. */
export function meterBreaker(upstream: UpstreamName, api: UpstreamApi, metrics: ServerMetrics): void {
  metrics.breakerOpen.set({ upstream }, api.breakerState === 'closed' ? 0 : 1);
  api.onBreakerChange((state) => metrics.breakerOpen.set({ upstream }, state === 'closed' ? 0 : 1));
}
