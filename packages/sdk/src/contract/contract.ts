import {
  type AssetFields,
  type BottomBannerRow,
  type HealthDocument,
  type MoverRow,
  type RowTopic,
  TOPIC_TABLE,
  type TopBannerRow,
  type Topic,
  type TopicData,
} from '@cbmo4ers/contract';

/*
 * A cheap shape check, not a schema library (the contract package has the strict zod schema): it names the
 * fields the client reads and the JSON kind each must have, so that a proxy's HTML page, an older or newer
 * server or a truncated body shows as a ContractError instead of breaking a widget.
 */

/** What `kindOf` tells apart: `typeof`, with arrays and null set apart from objects. */
type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object';

/** Fields of `T` and the kind each must have; fields left out are not checked. */
type Shape<T> = { readonly [Field in keyof T]?: Kind };

/** The fields every envelope shares (`component` is checked against the topic table). */
const ENVELOPE: Shape<TopicData[RowTopic]> = {
  count: 'number',
  time_frame: 'string',
  last_updated: 'string',
  as_of: 'number',
  stale: 'boolean',
  source: 'string',
  update_interval: 'number',
  data: 'array',
};

/** The fields every row shares. `market_cap` is not checked: servers from before it do not send it. */
const ASSET: Shape<AssetFields> = {
  symbol: 'string',
  base: 'string',
  name: 'string',
  current_price: 'number',
  url: 'string',
};

const MOVER_ROW: Shape<MoverRow> = {
  ...ASSET,
  rank: 'number',
  initial_price_3min: 'number',
  price_change_percentage_3min: 'number',
  actual_interval_minutes: 'number',
  volume_24h: 'number',
  momentum: 'string',
  alert_level: 'string',
  sparkline: 'array',
};

const ROWS: { [T in RowTopic]: Shape<TopicData[T]['data'][number]> } = {
  gainers: MOVER_ROW,
  losers: MOVER_ROW,
  topBanner: {
    ...ASSET,
    initial_price_1h: 'number',
    price_change_1h: 'number',
    volume_24h: 'number',
  } satisfies Shape<TopBannerRow>,
  bottomBanner: {
    ...ASSET,
    volume_1h: 'number',
    volume_prev_1h: 'number',
    volume_change_1h: 'number',
    price_change_1h: 'number',
  } satisfies Shape<BottomBannerRow>,
};

const HEALTH: Shape<HealthDocument> = {
  status: 'string',
  timestamp: 'string',
  version: 'string',
  uptime_seconds: 'number',
  upstreams: 'object',
  cache: 'object',
  data: 'object',
  stream: 'object',
  cluster: 'object',
};

// JSON has no NaN or Infinity, so `typeof` is all a number needs.
const kindOf = (value: unknown): string => {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
};

/**
 * The first field of `value` that is not of the kind `shape` names, as a problem (`data[2].current_price:
 * expected number`), or `undefined`. `path` says where `value` sits in the body (empty for the body itself).
 */
const checkShape = <T>(value: unknown, shape: Shape<T>, path: string): string | undefined => {
  if (kindOf(value) !== 'object') return `${path || 'body'}: expected object`;
  const prefix = path ? `${path}.` : '';
  for (const [field, kind] of Object.entries(shape)) {
    if (kindOf((value as Record<string, unknown>)[field]) !== kind)
      return `${prefix}${field}: expected ${kind}`;
  }
  return undefined;
};

/**
 * Checks a response body (or a stream event's data) against the contract of a topic.
 * @returns a description of the first problem found, or `undefined` when the body fits.
 */
export const checkContract = (topic: Topic, body: unknown): string | undefined => {
  if (topic === 'health') return checkShape(body, HEALTH, '');
  const envelopeProblem = checkShape(body, ENVELOPE, '');
  if (envelopeProblem) return envelopeProblem;
  const { component, data } = body as { component: unknown; data: unknown[] };
  const expected = TOPIC_TABLE[topic].component;
  if (component !== expected) return `component: expected "${expected}"`;
  for (const [index, row] of data.entries()) {
    const rowProblem = checkShape(row, ROWS[topic], `data[${index}]`);
    if (rowProblem) return rowProblem;
  }
  return undefined;
};
