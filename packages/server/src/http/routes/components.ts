import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { ROW_TOPICS, type RowTopic, TOPIC_TABLE } from '@cbmo4ers/contract';
import type { Request, RequestHandler, Response } from 'express';
import type { SerializedBody } from '../../snapshots/snapshot.js';
import type { SnapshotSource } from '../../snapshots/snapshot-store.js';
import { chooseEncoding, type Encoding, notAcceptable } from '../encoding.js';
import { ApiError, methodGuard } from '../errors.js';
import { parseLimit, readQuery } from '../query.js';

/** Lets a CDN absorb polling: fresh for 1 s, served stale while revalidating or while we are down. */
export const COMPONENT_CACHE_CONTROL =
  'public, max-age=1, s-maxage=1, stale-while-revalidate=30, stale-if-error=300';

/** The row topics by endpoint path (`/api/component/gainers-table`). */
const TOPIC_OF_PATH: ReadonlyMap<string, RowTopic> = new Map(
  ROW_TOPICS.map((topic) => [TOPIC_TABLE[topic].path, topic]),
);

/**
 * `/api/component/<topic>?limit=N`: pre-serialized bytes with a strong ETag; 304 when the client has them.
 * A middleware rather than a route: the hottest paths are recognised by one map lookup (no path-to-regexp
 * match, no route layer), and anything else goes on to the routes. It writes headers with `setHeader` directly:
 * Express's `res.set` normalises content types and allocates on every call.
 */
export function componentHandler(snapshots: SnapshotSource): RequestHandler {
  const allowGet = methodGuard(['GET']);
  return (req, res, next) => {
    const path = req.path;
    const topic = TOPIC_OF_PATH.get(path);
    if (topic === undefined) {
      next();
      return;
    }
    // The metric label is the path itself: one of the topics' paths, never a client's arbitrary string.
    res.locals.routeLabel = path;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      allowGet(req, res, next);
      return;
    }
    serveComponent(req, res, snapshots, topic);
  };
}

function serveComponent(req: Request, res: Response, snapshots: SnapshotSource, topic: RowTopic): void {
  const query = readQuery(req, ['limit']);
  const limit = parseLimit(query.limit, TOPIC_TABLE[topic].defaultRows, TOPIC_TABLE[topic].maxRows);
  const snapshot = snapshots.current();
  if (!snapshot) {
    res.setHeader('retry-after', '2');
    throw new ApiError(503, 'unavailable', 'No market data yet: the server is still loading; retry shortly');
  }
  const choice = chooseEncoding(req.headers['accept-encoding'], BOTH);
  if (choice === 'none') throw notAcceptable();
  const plain = snapshot.body(topic, limit);
  const encoding = choice === 'identity' ? undefined : choice;
  const body = encoding ? compressed(plain, encoding) : plain;
  if (encoding) res.setHeader('content-encoding', encoding);
  // Set directly (Express's res.vary parses the header): CORS may have set `Vary: Origin` already.
  const vary = res.getHeader('vary');
  res.setHeader('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', COMPONENT_CACHE_CONTROL);
  res.setHeader('etag', body.etag);
  res.setHeader('last-modified', plain.lastModified);
  if (matchesEtag(req.headers['if-none-match'], body.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : body.bytes);
}

const BOTH: ReadonlySet<Encoding> = new Set(['br', 'gzip']);
const compressedBodies = new WeakMap<SerializedBody, Partial<Record<Encoding, SerializedBody>>>();

/**
 * The body compressed once per snapshot, on the first request that accepts the encoding, like the body itself
 * is serialized once; each encoding is its own representation with its own strong ETag.
 */
function compressed(body: SerializedBody, encoding: Encoding): SerializedBody {
  let variants = compressedBodies.get(body);
  if (!variants) {
    variants = {};
    compressedBodies.set(body, variants);
  }
  let variant = variants[encoding];
  if (!variant) {
    const bytes =
      encoding === 'br'
        ? brotliCompressSync(body.bytes, {
            params: {
              // Quality 5: most of brotli's gain on 10 KB of JSON at a fraction of a millisecond.
              [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.bytes.length,
            },
          })
        : gzipSync(body.bytes);
    variant = {
      bytes,
      etag: `${body.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"`,
      lastModified: body.lastModified,
    };
    variants[encoding] = variant;
  }
  return variant;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}
