import { Router } from 'express';
import type { ServerMetrics } from '../../metrics/metrics.js';
import { methodGuard } from '../errors.js';

export function metricsRoutes(metrics: ServerMetrics, beforeScrape: () => void): Router {
  const router = Router();
  router.all('/metrics', methodGuard(['GET']));
  router.get('/metrics', async (_req, res) => {
    beforeScrape();
    res
      .set('content-type', metrics.registry.contentType)
      .set('cache-control', 'no-store')
      .send(await metrics.registry.metrics());
  });
  return router;
}
