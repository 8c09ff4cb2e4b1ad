import type { HealthInputs } from '../health/health.js';

/**
 * Health inputs of a standalone replica with no market attached: what `createApp` needs from the rest of the
 * server when a test builds the app on its own.
 */
export const standaloneHealthInputs =
  (startedAt = 0) =>
  (): Omit<HealthInputs, 'snapshot' | 'streamClients'> => ({
    version: '1.2.3',
    startedAt,
    source: 'simulated',
    staleAfterMs: 30_000,
    cacheBackend: 'memory',
    market: undefined,
    role: 'standalone',
  });
