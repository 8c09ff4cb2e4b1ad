import { ROW_TOPICS, TOPIC_TABLE, TOPICS, type Topic, topicOfEvent } from '@cbmo4ers/contract';
import {
  errorBodySchema,
  livenessDocumentSchema,
  readinessDocumentSchema,
  topicSchemas,
} from '@cbmo4ers/contract/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RunningServer } from '../server.js';
import { collectSse } from '../test-support/http.js';
import { nextSnapshot, startTestServer } from '../test-support/server.js';

/**
 * The contract test: every endpoint and every stream event of a running server on the simulated market,
 * checked against `@cbmo4ers/contract`'s strict schema, which the SDK's types are also built from. A field
 * the server adds, drops or retypes without the contract fails here.
 */
let running: RunningServer;

/** Parses `body` with `schema` and fails with zod's account of every problem. */
function expectFits(schema: z.ZodType, body: unknown, what: string): void {
  const result = schema.safeParse(body);
  expect(result.success, `${what}: ${result.error?.message}`).toBe(true);
}

async function getJson(path: string, init?: RequestInit) {
  const response = await fetch(`${running.url}${path}`, init);
  return { status: response.status, body: (await response.json()) as unknown };
}

beforeAll(async () => {
  running = await startTestServer({ SNAPSHOT_INTERVAL_MS: '200' }, { simulator: { seed: 11 } });
  // A snapshot with rows in every topic, so that the row schemas are really exercised.
  await nextSnapshot(running, (snapshot) => ROW_TOPICS.every((topic) => snapshot.size(topic) > 0), 20_000);
}, 30_000);

afterAll(async () => {
  await running?.close();
});

describe('the server keeps the contract', () => {
  it.each(ROW_TOPICS)(
    '%s: its endpoint, with the default, the smallest and the largest limit',
    async (topic) => {
      const { path, defaultRows, maxRows } = TOPIC_TABLE[topic];
      for (const [query, most] of [
        ['', defaultRows],
        ['?limit=1', 1],
        [`?limit=${maxRows}`, maxRows],
      ] as const) {
        const { status, body } = await getJson(path + query);
        expect(status).toBe(200);
        expectFits(topicSchemas[topic], body, `${path}${query}`);
        const { data } = body as { data: unknown[] };
        expect(data.length).toBeGreaterThan(0);
        expect(data.length).toBeLessThanOrEqual(most);
      }
    },
  );

  it('health, liveness and readiness', async () => {
    const health = await getJson(TOPIC_TABLE.health.path);
    expect(health.status).toBe(200);
    expectFits(topicSchemas.health, health.body, '/api/health');
    expectFits(livenessDocumentSchema, (await getJson('/api/health/live')).body, '/api/health/live');
    expectFits(readinessDocumentSchema, (await getJson('/api/health/ready')).body, '/api/health/ready');
  });

  it.each([
    ['a limit out of range', '/api/component/gainers-table?limit=0', undefined, 400],
    ['an unknown parameter', '/api/component/losers-table?sort=asc', undefined, 400],
    ['an unknown stream topic', '/api/stream?topics=gainers', undefined, 400],
    ['an unknown path', '/api/component/nope', undefined, 404],
    ['a wrong method', '/api/component/gainers-table', { method: 'POST' }, 405],
  ] as const)('errors: %s', async (_, path, init, status) => {
    const response = await getJson(path, init);
    expect(response.status).toBe(status);
    expectFits(errorBodySchema, response.body, path);
  });

  it('the stream: every topic, on connect and on the next snapshots, named and numbered as the contract says', async () => {
    const seen = new Map<Topic, number>();
    const events = await collectSse(
      `${running.url}/api/stream?topics=${TOPICS.map((topic) => TOPIC_TABLE[topic].event)}`,
      (received) => {
        seen.clear();
        for (const event of received) {
          const topic = event.event === undefined ? undefined : topicOfEvent(event.event);
          if (topic) seen.set(topic, (seen.get(topic) ?? 0) + 1);
        }
        return TOPICS.every((topic) => (seen.get(topic) ?? 0) >= 2);
      },
      20_000,
    );
    expect(events[0]?.retry).toBe(3000);
    for (const event of events.filter((block) => block.event !== undefined)) {
      const topic = topicOfEvent(event.event as string);
      expect(topic, `event name ${event.event}`).toBeDefined();
      const body = JSON.parse(event.data) as unknown;
      expectFits(topicSchemas[topic as Topic], body, `stream event ${event.event}`);
      if (topic !== 'health') expect(Number(event.id)).toBe((body as { as_of: number }).as_of);
    }
  });

  it('the stream with a limit sends at most that many rows per topic', async () => {
    const events = await collectSse(
      `${running.url}/api/stream?topics=gainers-table,bottom-banner-scroll&limit=3`,
      (received) => received.filter((event) => event.event !== undefined).length >= 4,
      20_000,
    );
    for (const event of events.filter((block) => block.event !== undefined)) {
      const topic = topicOfEvent(event.event as string) as Topic;
      const body = JSON.parse(event.data) as { data: unknown[] };
      expectFits(topicSchemas[topic], body, `stream event ${event.event}`);
      expect(body.data.length).toBeLessThanOrEqual(3);
    }
  });
});
