import { Router } from 'express';
import type { ServerMetrics } from '../../metrics/metrics.js';
import { methodGuard } from '../errors.js';
import { readQuery } from '../query.js';

export function metricsRoutes(metrics: ServerMetrics, beforeScrape: () => void): Router {
  const router = Router();
  router.all('/metrics', methodGuard(['GET']));
  router.get('/metrics', async (req, res) => {
    // The one query check of /metrics, on the API port and on its own listener (METRICS_PORT) alike.
    readQuery(req, []);
    beforeScrape();
    res
      .set('content-type', metrics.registry.contentType)
      .set('cache-control', 'no-store')
      .send(await metrics.registry.metrics());
  });
  return router;
}
