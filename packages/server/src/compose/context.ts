import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '@cbmo4ers/simulator';
import { type Logger, pino } from 'pino';
import type { ClusterOptions } from '../cluster/cluster.js';
import type { Config } from '../config.js';
import type { CoinbaseMarketOptions } from '../market/coinbase/market.js';
import { ServerMetrics } from '../metrics/metrics.js';

/** How a caller (main.ts, tests, benchmarks) starts the server, besides its {@link Config}. */
export interface StartOptions {
  logger?: Logger;
  clock?: () => number;
  /** Options for the embedded simulator (tests pass fault-friendly settings). */
  simulator?: SimulatorOptions;
  /** Adapter tuning (tests shorten feed timeouts and repair intervals). */
  market?: Partial<Pick<CoinbaseMarketOptions, 'feedTimeouts' | 'candleRepairIntervalMs' | 'concurrency'>>;
  streamPingIntervalMs?: number;
  /** Receives unhandled request errors (Sentry when SENTRY_DSN is set). */
  reportError?: (error: unknown, context: Record<string, unknown>) => void;
  /** How often CoinGecko is read (tests shorten it). @default 300000 */
  coingeckoRefreshIntervalMs?: number;
  /** Lease and warm-up timing with REDIS_URL (tests shorten them). */
  cluster?: Partial<Pick<ClusterOptions, 'leaseTtlMs' | 'pollIntervalMs' | 'warmUpMaxMs' | 'keyPrefix'>>;
}

/** What every part of one server shares: its configuration, start options, logger, clock and metrics. */
export interface ServerContext {
  readonly config: Config;
  readonly options: StartOptions;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly metrics: ServerMetrics;
  /** Epoch ms the server started (health's uptime). */
  readonly startedAt: number;
}

export const VERSION: string = (() => {
  try {
    const manifest = readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8');
    return String((JSON.parse(manifest) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
})();

/** Sent to every upstream. */
export const USER_AGENT = `cbmo4ers-server/${VERSION}`;

/**
 * The server's logger: JSON lines to `destination` (stdout by default). Asynchronous, so a request log line
 * never costs a blocking write syscall on the hot path; pino flushes what is buffered when the process exits.
 * `maxWrite` bounds each buffered chunk: sonic-boom measures the byte length of the chunk a line is appended to
 * on every write, which flattens the whole chunk, so under load its default of 16 KiB copied about 7 KB per
 * request log line (bench/RESULTS.md §1c); with 2 KiB chunks that copy stays under 2 KB, and each chunk is one
 * write.
 */
export function createLogger(level: string, destination: number | string = 1): Logger {
  return pino(
    { level, base: { service: 'cbmo4ers-server' } },
    pino.destination({ dest: destination, sync: false, maxWrite: 2048 }),
  );
}

/** Step 1: the configuration with what every later step shares. */
export function createContext(config: Config, options: StartOptions): ServerContext {
  const clock = options.clock ?? Date.now;
  return {
    config,
    options,
    logger: options.logger ?? createLogger(config.logLevel),
    clock,
    metrics: new ServerMetrics(),
    startedAt: clock(),
  };
}
