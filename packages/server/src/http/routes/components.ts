import { type Request, type Response, Router } from 'express';
import {
  COMPONENT_TOPICS,
  type ComponentTopic,
  DEFAULT_LIMITS,
  MAX_LIMIT,
} from '../../snapshots/snapshot.js';
import type { SnapshotSource } from '../../snapshots/snapshot-store.js';
import { ApiError, methodGuard } from '../errors.js';
import { parseLimit, readQuery } from '../query.js';

/** Lets a CDN absorb polling: fresh for 1 s, served stale while revalidating or while we are down. */
export const COMPONENT_CACHE_CONTROL =
  'public, max-age=1, s-maxage=1, stale-while-revalidate=30, stale-if-error=300';

/** `/api/component/<topic>?limit=N`: pre-serialized bytes with a strong ETag; 304 when the client has them. */
export function componentRoutes(snapshots: SnapshotSource): Router {
  const router = Router();
  // One route layer for the four topics: fewer layers to match on the hottest path.
  const topics = new Set<string>(COMPONENT_TOPICS);
  const path = '/api/component/:topic';
  const allowGet = methodGuard(['GET']);
  router.all(path, (req, res, next) => {
    if (!topics.has(req.params.topic ?? '')) {
      next('route');
      return;
    }
    res.locals.routeLabel = req.path;
    allowGet(req, res, next);
  });
  router.get(path, (req, res, next) => {
    if (!topics.has(req.params.topic ?? '')) {
      next('route');
      return;
    }
    serveComponent(req, res, snapshots, req.params.topic as ComponentTopic);
  });
  return router;
}

function serveComponent(req: Request, res: Response, snapshots: SnapshotSource, topic: ComponentTopic): void {
  const query = readQuery(req, ['limit']);
  const limit = parseLimit(query.limit, DEFAULT_LIMITS[topic], MAX_LIMIT);
  const snapshot = snapshots.current();
  if (!snapshot) {
    res.set('retry-after', '2');
    throw new ApiError(503, 'unavailable', 'No market data yet: the server is still loading; retry shortly');
  }
  const body = snapshot.body(topic, limit);
  res.set({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': COMPONENT_CACHE_CONTROL,
    etag: body.etag,
    'last-modified': new Date(snapshot.meta.asOf).toUTCString(),
  });
  if (matchesEtag(req.get('if-none-match'), body.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === 'HEAD' ? undefined : body.bytes);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
