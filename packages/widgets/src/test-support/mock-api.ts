/** The CBMo4ers API mocked with msw, for the browser tests and Storybook. */
import { type StreamEventName, TOPIC_TABLE, topicOfEvent } from '@cbmo4ers/contract';
import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import { bottomBanner, gainers, health, losers, topBanner } from './data.js';

/** An endpoint by its slug, the stream's name for its topic (`gainers-table`, ..., `health`). */
export type Endpoint = StreamEventName;

/** What each endpoint answers: a body (once `gate` resolves), an HTTP status with the API's error body, or never. */
export type Reply = { body: unknown; gate?: Promise<unknown> } | { status: number } | 'hang';

export const defaultReplies = (): Record<Endpoint, Reply> => ({
  'gainers-table': { body: gainers() },
  'losers-table': { body: losers() },
  'top-banner-scroll': { body: topBanner() },
  'bottom-banner-scroll': { body: bottomBanner() },
  health: { body: health() },
});

/** Rows the real server sends without `limit`. */
const defaultRows = (endpoint: string): number | undefined => {
  const topic = topicOfEvent(endpoint);
  return topic && topic !== 'health' ? TOPIC_TABLE[topic].defaultRows : undefined;
};

/** Like the server: at most `limit` rows (default per endpoint), `count` to match. */
const limited = (body: unknown, endpoint: string, limit: string | null): unknown => {
  const rows = (body as { data?: unknown }).data;
  const max = limit ? Number(limit) : defaultRows(endpoint);
  if (!Array.isArray(rows) || max === undefined || rows.length <= max) return body;
  return { ...(body as object), data: rows.slice(0, max), count: max };
};

const respond = async (reply: Reply, endpoint = '', limit: string | null = null) => {
  if (reply === 'hang') {
    await delay('infinite');
    return HttpResponse.json({});
  }
  if ('status' in reply) {
    return HttpResponse.json(
      { error: { code: 'mock_error', message: `mocked ${reply.status}` } },
      { status: reply.status },
    );
  }
  await reply.gate;
  return HttpResponse.json(limited(reply.body, endpoint, limit) as Record<string, unknown>);
};

/**
 * Handlers for every API origin: `replies` is read on each request, so a test can change an answer between
 * requests. Each request is recorded in `log` as its path.
 */
export const apiHandlers = (replies: Record<Endpoint, Reply>, log: string[] = []): RequestHandler[] => [
  http.get('*/api/component/:endpoint', ({ request, params }) => {
    const url = new URL(request.url);
    log.push(url.pathname + url.search);
    const reply = replies[params.endpoint as Endpoint];
    return reply
      ? respond(reply, params.endpoint as string, url.searchParams.get('limit'))
      : HttpResponse.json({ error: { code: 'not_found', message: 'unknown' } }, { status: 404 });
  }),
  http.get('*/api/health', ({ request }) => {
    log.push(new URL(request.url).pathname);
    return respond(replies.health);
  }),
];
