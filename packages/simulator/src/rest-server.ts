/**
 * The public REST half of the simulated exchange, on node:http: the endpoints the Coinbase adapter reads, in
 * Coinbase's shapes, with the REST faults applied in front of them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimCurrency } from './catalog.js';
import type { FaultState } from './faults.js';
import type { MarketModel } from './market-model.js';
import { currencyBody, productBody, statsBody, tickerBody } from './messages.js';

/** Granularities Coinbase accepts, in seconds. */
const GRANULARITIES = new Set([60, 300, 900, 3600, 21_600, 86_400]);
const MAX_CANDLES = 300;

export interface RestServerDeps {
  readonly model: MarketModel;
  readonly currencies: readonly SimCurrency[];
  readonly faults: FaultState;
  readonly clock: () => number;
  /** Called once per request with the status it got. */
  readonly record: (path: string, status: number) => void;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const notFound: Reply = { status: 404, body: { message: 'NotFound' } };

function badRequest(message: string): Reply {
  return { status: 400, body: { message } };
}

export class RestServer {
  readonly #deps: RestServerDeps;
  // Delayed responses hold timers; close() clears them so nothing keeps the process alive.
  readonly #pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(deps: RestServerDeps) {
    this.#deps = deps;
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    this.#handle(request, response).catch(() => {
      // A bug here must not take the embedding process down; the client sees what Coinbase would send.
      if (response.headersSent) response.destroy();
      else
        this.#send(response, request.url ?? '/', 500, JSON.stringify({ message: 'Internal server error' }));
    });
  }

  close(): void {
    for (const pending of this.#pendingDelays) {
      clearTimeout(pending.timer);
      pending.resolve();
    }
    this.#pendingDelays.clear();
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { faults } = this.#deps;
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const delayMs = faults.takeRestDelay();
    if (delayMs > 0) await this.#sleep(delayMs);
    if (response.destroyed || response.writableEnded) return;

    const rateLimit = faults.takeRestRule('rate-limit', path);
    if (rateLimit !== undefined) {
      this.#send(response, path, 429, JSON.stringify({ message: 'Public rate limit exceeded' }), {
        'retry-after': String(rateLimit.retryAfterSeconds),
      });
      return;
    }
    const serverError = faults.takeRestRule('server-error', path);
    if (serverError !== undefined) {
      this.#send(response, path, serverError.status, JSON.stringify({ message: 'Internal server error' }));
      return;
    }
    const reply =
      request.method === 'GET' || request.method === 'HEAD'
        ? this.#route(path, url.searchParams)
        : { status: 405, body: { message: 'Method Not Allowed' } };
    let body = JSON.stringify(reply.body);
    if (reply.status === 200 && faults.takeRestRule('malformed-json', path) !== undefined) {
      body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    }
    this.#send(response, path, reply.status, body);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.#pendingDelays.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.#pendingDelays.add(pending);
    });
  }

  #send(
    response: ServerResponse,
    path: string,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    response.end(response.req.method === 'HEAD' ? undefined : body);
    this.#deps.record(path, status);
  }

  #route(path: string, query: URLSearchParams): Reply {
    const { model, currencies, clock } = this.#deps;
    const parts = path.split('/').slice(1).map(safeDecode);
    const [collection, id, detail, ...rest] = parts;
    if (rest.length > 0) return notFound;
    if (collection === 'time' && id === undefined) {
      const now = clock();
      return { status: 200, body: { iso: new Date(now).toISOString(), epoch: now / 1000 } };
    }
    if (collection === 'currencies') {
      if (detail !== undefined) return notFound;
      if (id === undefined) return { status: 200, body: currencies.map(currencyBody) };
      const currency = currencies.find((candidate) => candidate.id === id.toUpperCase());
      return currency === undefined ? notFound : { status: 200, body: currencyBody(currency) };
    }
    if (collection !== 'products') return notFound;
    if (id === undefined) return { status: 200, body: model.products.map(productBody) };
    const productId = id.toUpperCase();
    const state = model.state(productId);
    if (state === undefined) return notFound;
    switch (detail) {
      case undefined:
        return { status: 200, body: productBody(state.product) };
      case 'candles':
        return this.#candles(productId, query);
      case 'stats': {
        const stats = model.stats(productId, clock());
        return stats === undefined ? notFound : { status: 200, body: statsBody(stats, state) };
      }
      case 'ticker': {
        const stats = model.stats(productId, clock());
        return stats === undefined ? notFound : { status: 200, body: tickerBody(state, stats) };
      }
      default:
        return notFound;
    }
  }

  /** Candle rows are arrays of numbers, not strings: the one place Coinbase sends numbers. */
  #candles(productId: string, query: URLSearchParams): Reply {
    const granularity = Number(query.get('granularity') ?? '60');
    if (!GRANULARITIES.has(granularity)) {
      return badRequest('Unsupported granularity: use one of 60, 300, 900, 3600, 21600, 86400');
    }
    const granularityMs = granularity * 1000;
    const now = this.#deps.clock();
    const startParam = query.get('start');
    const endParam = query.get('end');
    let start: number;
    let end: number;
    // Like Coinbase, a range needs both ends; with only one, both are ignored and the latest candles come back.
    if (startParam !== null && endParam !== null) {
      start = parseTime(startParam);
      end = parseTime(endParam);
      if (Number.isNaN(start)) return badRequest('Invalid start: expected an ISO 8601 time');
      if (Number.isNaN(end)) return badRequest('Invalid end: expected an ISO 8601 time');
      if (start > end) return badRequest('start must be before end');
      if ((end - start) / granularityMs > MAX_CANDLES) {
        return badRequest(
          'granularity too small for the requested time range. Count of aggregations requested exceeds 300',
        );
      }
    } else {
      end = now;
      start = Math.floor(now / granularityMs) * granularityMs - (MAX_CANDLES - 1) * granularityMs;
    }
    return { status: 200, body: this.#deps.model.candles(productId, start, end, granularityMs, MAX_CANDLES) };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** ISO 8601, or epoch seconds, which Coinbase also accepts. */
function parseTime(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  return value.trim() === '' ? Number.NaN : Date.parse(value);
}
