import { describe, expect, it } from 'vitest';
import { gainersEnvelopeSchema, healthDocumentSchema, topicSchemas } from './schema.js';
import { ENVELOPE_HEADS, MAX_ROWS, ROW_TOPICS, TOPIC_TABLE, TOPICS, topicOfEvent } from './topics.js';

const row = {
  symbol: 'SOL-USD',
  base: 'SOL',
  name: 'Solana',
  market_cap: null,
  current_price: 151.23,
  url: 'https://www.coinbase.com/price/sol',
  rank: 1,
  initial_price_3min: 149.97,
  price_change_percentage_3min: 0.8402,
  actual_interval_minutes: 3,
  volume_24h: 812345678.9,
  momentum: 'weak',
  alert_level: 'normal',
  sparkline: [149.97, 150.1, 151.23],
};
const envelope = {
  component: 'gainers_table',
  table_type: 'gainers',
  time_frame: '3_minutes',
  data: [row],
  count: 1,
  last_updated: '2026-11-24T18:01:05.123Z',
  as_of: Date.parse('2026-11-24T18:01:05.123Z'),
  stale: false,
  source: 'simulated',
  update_interval: 1000,
};

describe('topic table', () => {
  it('names each topic once per layer, and the stream event is the endpoint slug', () => {
    for (const topic of TOPICS) {
      const info = TOPIC_TABLE[topic];
      expect(info.path.endsWith(`/${info.event}`)).toBe(true);
      expect(topicOfEvent(info.event)).toBe(topic);
      expect(info.element).toMatch(/^cbm-[a-z-]+$/);
    }
    for (const layer of ['path', 'event', 'element'] as const) {
      expect(new Set(TOPICS.map((topic) => TOPIC_TABLE[topic][layer])).size).toBe(TOPICS.length);
    }
    expect(topicOfEvent('gainers')).toBeUndefined();
  });

  it('gives each row topic its body head, default rows within the maximum, and a slug from its component', () => {
    expect(ROW_TOPICS).toEqual(['gainers', 'losers', 'topBanner', 'bottomBanner']);
    for (const topic of ROW_TOPICS) {
      const info = TOPIC_TABLE[topic];
      expect(ENVELOPE_HEADS[topic].component).toBe(info.component);
      expect(info.event).toBe(info.component.replaceAll('_', '-'));
      expect(info.defaultRows).toBeGreaterThan(0);
      expect(info.defaultRows).toBeLessThanOrEqual(info.maxRows);
      expect(info.maxRows).toBe(MAX_ROWS);
    }
  });
});

describe('schema', () => {
  it('accepts a body as the contract describes it', () => {
    expect(gainersEnvelopeSchema.safeParse(envelope).success).toBe(true);
  });

  it.each([
    ['a field the contract does not name', { ...envelope, extra: 1 }],
    ['a missing field', { ...envelope, stale: undefined }],
    ['a number sent as a string', { ...envelope, data: [{ ...row, current_price: '151.23' }] }],
    [
      'a percentage with 5 decimals',
      { ...envelope, data: [{ ...row, price_change_percentage_3min: 0.84021 }] },
    ],
    ['a count that is not the number of rows', { ...envelope, count: 2 }],
    ['last_updated and as_of that differ', { ...envelope, as_of: envelope.as_of + 1 }],
    ['a window longer than 3.05 minutes', { ...envelope, data: [{ ...row, actual_interval_minutes: 3.1 }] }],
    ['another component', { ...envelope, component: 'losers_table' }],
  ])('rejects %s', (_, body) => {
    expect(gainersEnvelopeSchema.safeParse(body).success).toBe(false);
  });

  it('has one schema per topic, and a health document without optional parts still fits', () => {
    expect(Object.keys(topicSchemas)).toEqual(TOPICS);
    const health = {
      status: 'unhealthy',
      timestamp: '2026-11-24T18:01:05.123Z',
      version: '0.1.0',
      uptime_seconds: 1.5,
      source: 'simulated',
      upstreams: {},
      cache: { backend: 'memory', snapshot_age_seconds: null, stale: true },
      data: { products_tracked: 0, history_seconds: 0, warm: false },
      stream: { clients: 0 },
      cluster: { role: 'follower' },
    };
    expect(healthDocumentSchema.safeParse(health).success).toBe(true);
    expect(healthDocumentSchema.safeParse({ ...health, cluster: { role: 'leader' } }).success).toBe(false);
  });
});
