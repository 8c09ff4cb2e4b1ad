/**
 * A zod schema of every response, for tests and tools that check real bodies against the contract (the
 * server's contract test does). Strict: a field the contract does not name fails, as does a missing one.
 * The compile-time checks at the end keep these schemas and the types in `wire.ts` the same shape.
 */
import { z } from 'zod';
import { MAX_ROWS } from './topics.js';
import type {
  BottomBannerEnvelope,
  BottomBannerRow,
  EnvelopeFields,
  ErrorBody,
  GainersEnvelope,
  HealthDocument,
  LivenessDocument,
  LosersEnvelope,
  MoverRow,
  ReadinessDocument,
  TopBannerEnvelope,
  TopBannerRow,
  Topic,
} from './wire.js';

/** JSON numbers only: JSON has no NaN or Infinity, so a finite number is what arrives. */
const finite = z.number().finite();
const positive = finite.positive();
/** Percentages are rounded to 4 decimals on the wire. */
const percent = finite.refine((value) => Number(value.toFixed(4)) === value, {
  message: 'a percentage has at most 4 decimals',
});
const isoInstant = z.iso.datetime();

const asset = {
  symbol: z.string().regex(/^[A-Z0-9]+-[A-Z0-9]+$/),
  base: z.string().min(1),
  name: z.string().min(1),
  market_cap: positive.nullable(),
  current_price: positive,
  url: z.url(),
};

export const moverRowSchema = z.strictObject({
  ...asset,
  rank: z.number().int().min(1),
  initial_price_3min: positive,
  price_change_percentage_3min: percent,
  actual_interval_minutes: finite.min(0).max(3.05),
  volume_24h: finite.min(0),
  momentum: z.enum(['strong', 'moderate', 'weak']),
  alert_level: z.enum(['high', 'normal']),
  sparkline: z.array(positive).max(36),
});

export const topBannerRowSchema = z.strictObject({
  ...asset,
  initial_price_1h: positive,
  price_change_1h: percent,
  volume_24h: finite.min(0),
});

export const bottomBannerRowSchema = z.strictObject({
  ...asset,
  volume_1h: finite.min(0),
  volume_prev_1h: positive,
  volume_change_1h: percent,
  price_change_1h: percent,
  volume_24h: finite.min(0),
});

const envelopeFields = {
  count: z.number().int().min(0).max(MAX_ROWS),
  last_updated: isoInstant,
  as_of: z.number().int().positive(),
  stale: z.boolean(),
  source: z.enum(['simulated', 'coinbase', 'replay']),
  update_interval: z.number().int().positive(),
};

// Written for any envelope: zod cannot see the common fields through the generic head.
const countIsRows = (body: unknown) => {
  const { count, data } = body as EnvelopeFields<unknown>;
  return count === data.length;
};
const lastUpdatedIsAsOf = (body: unknown) => {
  const { last_updated, as_of } = body as EnvelopeFields<unknown>;
  return Date.parse(last_updated) === as_of;
};

/**
 * A topic's envelope: its fixed fields (`component`, the discriminator, `time_frame`), its rows, and the common
 * fields; `count` is the number of rows, and `last_updated` the same instant as `as_of`.
 */
const envelope = <Head extends z.ZodRawShape, Row extends z.ZodType>(head: Head, row: Row) =>
  z
    .strictObject({ ...head, data: z.array(row).max(MAX_ROWS), ...envelopeFields })
    .refine(countIsRows, { message: 'count differs from data.length' })
    .refine(lastUpdatedIsAsOf, { message: 'last_updated differs from as_of' });

export const gainersEnvelopeSchema = envelope(
  {
    component: z.literal('gainers_table'),
    table_type: z.literal('gainers'),
    time_frame: z.literal('3_minutes'),
  },
  moverRowSchema,
);
export const losersEnvelopeSchema = envelope(
  {
    component: z.literal('losers_table'),
    table_type: z.literal('losers'),
    time_frame: z.literal('3_minutes'),
  },
  moverRowSchema,
);
export const topBannerEnvelopeSchema = envelope(
  {
    component: z.literal('top_banner_scroll'),
    focus: z.literal('price_change'),
    time_frame: z.literal('1_hour'),
  },
  topBannerRowSchema,
);
export const bottomBannerEnvelopeSchema = envelope(
  {
    component: z.literal('bottom_banner_scroll'),
    focus: z.literal('volume_change'),
    time_frame: z.literal('1_hour'),
  },
  bottomBannerRowSchema,
);

const upstreamState = z.enum(['up', 'degraded', 'down', 'connecting']);
const breaker = z.enum(['closed', 'open', 'half-open']);
const ageSeconds = finite.min(0).nullable();

export const healthDocumentSchema = z.strictObject({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  timestamp: isoInstant,
  version: z.string().min(1),
  uptime_seconds: finite.min(0),
  source: z.enum(['simulated', 'coinbase', 'replay']),
  upstreams: z.strictObject({
    coinbase_ws: z
      .strictObject({
        state: upstreamState,
        last_message_age_seconds: ageSeconds,
        reconnects: z.number().int().min(0),
      })
      .exactOptional(),
    coinbase_rest: z
      .strictObject({ state: upstreamState, breaker, last_error: z.string().nullable() })
      .exactOptional(),
    coingecko: z
      .strictObject({
        state: upstreamState,
        breaker,
        last_error: z.string().nullable(),
        coins: z.number().int().min(0),
        last_success_age_seconds: ageSeconds,
      })
      .exactOptional(),
  }),
  cache: z.strictObject({
    backend: z.enum(['memory', 'redis']),
    snapshot_age_seconds: ageSeconds,
    stale: z.boolean(),
  }),
  data: z.strictObject({
    products_tracked: z.number().int().min(0),
    history_seconds: finite.min(0),
    warm: z.boolean(),
  }),
  stream: z.strictObject({ clients: z.number().int().min(0) }),
  cluster: z.strictObject({
    role: z.enum(['standalone', 'collector', 'follower']),
    redis: z.enum(['up', 'down']).exactOptional(),
  }),
});

export const livenessDocumentSchema = z.strictObject({ status: z.literal('ok') });
export const readinessDocumentSchema = z.strictObject({ status: z.literal('ready') });

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum([
      'bad_request',
      'not_found',
      'method_not_allowed',
      'rate_limited',
      'unavailable',
      'payload_too_large',
      'internal',
    ]),
    message: z.string().min(1),
  }),
});

/** The schema of each topic's body (endpoint response and stream event data alike). */
export const topicSchemas = {
  gainers: gainersEnvelopeSchema,
  losers: losersEnvelopeSchema,
  topBanner: topBannerEnvelopeSchema,
  bottomBanner: bottomBannerEnvelopeSchema,
  health: healthDocumentSchema,
} as const satisfies Record<Topic, z.ZodType>;

// Compile-time: each schema's output type and the hand-written type are the same shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type SchemaMatchesTypes = [
  Check<Same<z.output<typeof moverRowSchema>, MoverRow>>,
  Check<Same<z.output<typeof topBannerRowSchema>, TopBannerRow>>,
  Check<Same<z.output<typeof bottomBannerRowSchema>, BottomBannerRow>>,
  Check<Same<z.output<typeof gainersEnvelopeSchema>, GainersEnvelope>>,
  Check<Same<z.output<typeof losersEnvelopeSchema>, LosersEnvelope>>,
  Check<Same<z.output<typeof topBannerEnvelopeSchema>, TopBannerEnvelope>>,
  Check<Same<z.output<typeof bottomBannerEnvelopeSchema>, BottomBannerEnvelope>>,
  Check<Same<z.output<typeof healthDocumentSchema>, HealthDocument>>,
  Check<Same<z.output<typeof livenessDocumentSchema>, LivenessDocument>>,
  Check<Same<z.output<typeof readinessDocumentSchema>, ReadinessDocument>>,
  Check<Same<z.output<typeof errorBodySchema>, ErrorBody>>,
];
