import { isIP } from 'node:net';
import { z } from 'zod';

/** Where market data comes from. `simulated` starts the embedded fake exchange on loopback. */
export type MarketSource = 'simulated' | 'coinbase';

const DEFAULT_COINGECKO_URL = 'https://api.coingecko.com/api/v3';
const DEFAULT_STABLECOINS = 'USDT,USDC,DAI,PYUSD,EURC,GUSD,USDS,FDUSD,TUSD';

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `an integer from ${min} to ${max}`)
        .max(max, `an integer from ${min} to ${max}`),
    );

const number = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `a number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `a number from ${min} to ${max}`).max(max, `a number from ${min} to ${max}`));

const httpUrl = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `a URL starting with ${protocols.join(' or ')}`,
    )
    .transform((value) => value.replace(/\/+$/, ''));

/**
 * Which proxies to believe about the client's address: `false`, a hop count, or proxy addresses and CIDRs
 * (Express's names `loopback`, `linklocal`, `uniquelocal` too). `true` would take the leftmost
 * X-Forwarded-For, which any client can write, so it is refused.
 */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (item: string): boolean => {
  const [address = '', bits, extra] = item.split('/');
  if (extra !== undefined || PROXY_NAMES.has(item)) return extra === undefined;
  const family = isIP(address);
  if (family === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};
const trustProxy = z
  .string()
  .trim()
  .refine(
    (value) => value !== 'true',
    'a hop count or proxy addresses, not true (it believes any X-Forwarded-For a client writes): use the number of proxies in front (TRUST_PROXY=1) or their addresses/CIDRs (TRUST_PROXY=10.0.0.0/8)',
  )
  .refine(
    (value) =>
      /^(false|\d{1,2})$/.test(value) || value.split(',').every((item) => isProxyAddress(item.trim())),
    'false, a number of proxy hops, or a comma list of proxy addresses/CIDRs',
  )
  .transform((value): false | number | readonly string[] =>
    value === 'false'
      ? false
      : /^\d+$/.test(value)
        ? Number(value)
        : Object.freeze(value.split(',').map((item) => item.trim())),
  );

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Every environment variable the server reads. `.env.example` at the repository root documents each one; keep
 * the two in step.
 */
const environmentSchema = z.object({
  PORT: integer(0, 65535).default(5001),
  HOST: z.string().trim().min(1, 'a host name or address').default('0.0.0.0'),
  MARKET_SOURCE: z.enum(['simulated', 'coinbase'], { message: 'simulated or coinbase' }).default('simulated'),
  COINBASE_REST_URL: httpUrl(['http:', 'https:']).default('https://api.exchange.coinbase.com'),
  COINBASE_WS_URL: httpUrl(['ws:', 'wss:']).default('wss://ws-feed.exchange.coinbase.com'),
  COINBASE_REST_RATE: number(0.1, 1000).optional(),
  COINGECKO_URL: z
    .string()
    .trim()
    .refine(
      (value) => value === 'off' || /^https?:\/\/[^\s]+$/.test(value),
      'off or a URL starting with http: or https:',
    )
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  COINGECKO_API_KEY: z.string().trim().min(1).optional(),
  QUOTE_CURRENCY: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3,5}$/, 'a currency code such as USD')
    .transform((value) => value.toUpperCase())
    .default('USD'),
  STABLECOINS: list
    .transform((items) => items.map((item) => item.toUpperCase()))
    .prefault(DEFAULT_STABLECOINS),
  MIN_VOLUME_USD: number(0, 1e15).default(100_000),
  SNAPSHOT_INTERVAL_MS: integer(100, 60_000).default(1000),
  STALE_AFTER: number(1, 86_400).default(30),
  CORS_ALLOWED_ORIGINS: z.string().trim().default('*'),
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000).default(600),
  TRUST_PROXY: trustProxy.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIMULATOR_SEED: integer(0, 2 ** 31 - 1).default(42),
  SERVE_DASHBOARD: booleanFlag.default(true),
  DASHBOARD_DIR: z.string().trim().optional(),
  SHUTDOWN_TIMEOUT_MS: integer(0, 120_000).default(10_000),
  MAX_CONNECTIONS: integer(1, 1_000_000).default(25_000),
  HEADERS_TIMEOUT_MS: integer(1000, 120_000).default(5000),
  REQUEST_TIMEOUT_MS: integer(1000, 300_000).default(10_000),
  STREAM_MAX_PER_CLIENT: integer(1, 100_000).default(20),
  STREAM_MAX_TOTAL: integer(1, 1_000_000).default(20_000),
  STREAM_MAX_BUFFERED_BYTES: integer(65_536, 2 ** 40).default(256 * 1024 * 1024),
  METRICS_PORT: z
    .string()
    .trim()
    .refine(
      (value) => value === 'main' || (/^\d{1,5}$/.test(value) && Number(value) <= 65535),
      'main or a port 0-65535',
    )
    .transform((value): number | 'main' => (value === 'main' ? 'main' : Number(value)))
    .default(9464),
  METRICS_HOST: z.string().trim().min(1, 'a host name or address').default('127.0.0.1'),
  REDIS_URL: httpUrl(['redis:', 'rediss:']).optional(),
  SENTRY_DSN: httpUrl(['http:', 'https:']).optional(),
});

export type Environment = z.input<typeof environmentSchema>;

/** The names of every environment variable the server reads (for `--help`). */
export const ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape) as (keyof Environment)[];

/** The parsed, frozen configuration. Built once at start-up by {@link loadConfig}. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly marketSource: MarketSource;
  readonly coinbaseRestUrl: string;
  readonly coinbaseWsUrl: string;
  /**
   * Coinbase REST requests a second, shared by every call (burst of 2 on top). Undefined: no budget (the
   * embedded simulator, unless COINBASE_REST_RATE is set).
   */
  readonly coinbaseRestRate: number | undefined;
  /**
   * CoinGecko API base URL for names, market caps and the 1-hour cross-check. Undefined: not used (the default
   * with the simulated source, or COINGECKO_URL=off).
   */
  readonly coingeckoUrl: string | undefined;
  readonly coingeckoApiKey: string | undefined;
  readonly quoteCurrency: string;
  readonly stablecoins: readonly string[];
  readonly minVolumeUsd: number;
  readonly snapshotIntervalMs: number;
  readonly staleAfterMs: number;
  /** `'*'` for every origin, else the exact origins allowed. */
  readonly corsAllowedOrigins: '*' | readonly string[];
  readonly rateLimitPerMinute: number;
  /** `false`, a hop count, or the trusted proxies' addresses/CIDRs (Express's `trust proxy`). */
  readonly trustProxy: false | number | readonly string[];
  readonly logLevel: string;
  readonly simulatorSeed: number;
  readonly serveDashboard: boolean;
  readonly dashboardDir: string | undefined;
  readonly shutdownTimeoutMs: number;
  /** `server.maxConnections`: sockets over it are closed at once. */
  readonly maxConnections: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly streamMaxPerClient: number;
  readonly streamMaxTotal: number;
  /** Unsent stream output of all clients together. */
  readonly streamMaxBufferedBytes: number;
  /** A separate listener for /metrics, or `'main'` to serve it on the API port. */
  readonly metricsPort: number | 'main';
  readonly metricsHost: string;
  readonly redisUrl: string | undefined;
  readonly sentryDsn: string | undefined;
}

/** A configuration value that cannot be used; the message names the variable and what it accepts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError' as const;
}

/**
 * Parses the environment once. Empty strings count as unset so that `FOO=` in an env file means "default".
 * Throws {@link ConfigError} naming the first bad variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') relevant[key] = value;
  }
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const shown = relevant[variable] === undefined ? '' : ` (got ${JSON.stringify(relevant[variable])})`;
    throw new ConfigError(`Invalid ${variable}${shown}: expected ${issue?.message ?? 'a valid value'}`);
  }
  const value = parsed.data;
  const origins = value.CORS_ALLOWED_ORIGINS.split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin.length > 0);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `Invalid CORS_ALLOWED_ORIGINS (got ${JSON.stringify(origin)}): expected * or a comma list of origins such as https://example.com`,
      );
    }
  }
  if (value.HEADERS_TIMEOUT_MS > value.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      `Invalid HEADERS_TIMEOUT_MS (got ${value.HEADERS_TIMEOUT_MS}): expected at most REQUEST_TIMEOUT_MS (${value.REQUEST_TIMEOUT_MS})`,
    );
  }
  return Object.freeze({
    port: value.PORT,
    host: value.HOST,
    marketSource: value.MARKET_SOURCE,
    coinbaseRestUrl: value.COINBASE_REST_URL,
    coinbaseWsUrl: value.COINBASE_WS_URL,
    coinbaseRestRate: value.COINBASE_REST_RATE ?? (value.MARKET_SOURCE === 'coinbase' ? 8 : undefined),
    coingeckoUrl:
      value.COINGECKO_URL === 'off'
        ? undefined
        : (value.COINGECKO_URL ?? (value.MARKET_SOURCE === 'coinbase' ? DEFAULT_COINGECKO_URL : undefined)),
    coingeckoApiKey: value.COINGECKO_API_KEY,
    quoteCurrency: value.QUOTE_CURRENCY,
    stablecoins: Object.freeze([...value.STABLECOINS]),
    minVolumeUsd: value.MIN_VOLUME_USD,
    snapshotIntervalMs: value.SNAPSHOT_INTERVAL_MS,
    staleAfterMs: value.STALE_AFTER * 1000,
    corsAllowedOrigins: origins.length === 0 || origins.includes('*') ? '*' : Object.freeze(origins),
    rateLimitPerMinute: value.RATE_LIMIT_PER_MINUTE,
    trustProxy: value.TRUST_PROXY,
    logLevel: value.LOG_LEVEL,
    simulatorSeed: value.SIMULATOR_SEED,
    serveDashboard: value.SERVE_DASHBOARD,
    dashboardDir: value.DASHBOARD_DIR,
    shutdownTimeoutMs: value.SHUTDOWN_TIMEOUT_MS,
    maxConnections: value.MAX_CONNECTIONS,
    headersTimeoutMs: value.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: value.REQUEST_TIMEOUT_MS,
    streamMaxPerClient: value.STREAM_MAX_PER_CLIENT,
    streamMaxTotal: value.STREAM_MAX_TOTAL,
    streamMaxBufferedBytes: value.STREAM_MAX_BUFFERED_BYTES,
    metricsPort: value.METRICS_PORT,
    metricsHost: value.METRICS_HOST,
    redisUrl: value.REDIS_URL,
    sentryDsn: value.SENTRY_DSN,
  });
}
