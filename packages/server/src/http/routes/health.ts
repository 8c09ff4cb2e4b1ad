import { Router } from 'express';
import type { HealthDocument } from '../../health/health.js';
import { ApiError, methodGuard } from '../errors.js';
import { readQuery } from '../query.js';

export interface HealthRouteOptions {
  health: () => HealthDocument;
  /** True once a snapshot exists. */
  hasSnapshot: () => boolean;
  shuttingDown: () => boolean;
}

/** Liveness, readiness and the full health document; answered from held state, never from an upstream. */
export function healthRoutes(options: HealthRouteOptions): Router {
  const router = Router({ caseSensitive: true, strict: true });
  for (const path of ['/api/health', '/api/health/live', '/api/health/ready'])
    router.all(path, methodGuard(['GET']));
  router.get('/api/health', (req, res) => {
    readQuery(req, []);
    const document = options.health();
    res
      .status(document.status === 'unhealthy' ? 503 : 200)
      .set('cache-control', 'no-store')
      .json(document);
  });
  router.get('/api/health/live', (req, res) => {
    readQuery(req, []);
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/api/health/ready', (req, res) => {
    readQuery(req, []);
    if (options.shuttingDown()) throw new ApiError(503, 'unavailable', 'Shutting down');
    if (!options.hasSnapshot()) throw new ApiError(503, 'unavailable', 'No snapshot yet');
    res.set('cache-control', 'no-store').json({ status: 'ready' });
  });
  return router;
}
