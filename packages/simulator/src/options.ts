/** Public options of the simulator, kept apart from the normalized, validated configuration it runs on. */

export interface SimulatorOptions {
  /**
   * Seed of every random stream: the same seed and clock give the same catalog, history and trades.
   * @default 42
   */
  seed?: number;
  /**
   * TCP port for both REST and the feed; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to listen on. Loopback by default: the simulator is a test double, not a public service.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Source of time for trade timestamps, candles and heartbeats (epoch ms).
   * @default Date.now
   */
  clock?: () => number;
  /**
   * Scales every product's trade rate (history included); 1 is about 200 trades a second in total.
   * @default 1
   */
  tradeRateMultiplier?: number;
  /**
   * Interval between heartbeat messages of each subscribed product.
   * @default 1000
   */
  heartbeatIntervalMs?: number;
  /**
   * Minutes of one-minute candles generated before the start, so 1-hour figures are ready at once.
   * @default 130
   */
  historyMinutes?: number;
  /**
   * A feed connection that has not subscribed within this time is closed, as Coinbase does after 5 s.
   * @default 5000
   */
  subscribeTimeoutMs?: number;
}

/** Thrown by startSimulator when an option is out of range. */
export class SimulatorOptionError extends Error {
  override readonly name = 'SimulatorOptionError';
}

export interface SimulatorConfig {
  readonly seed: number;
  readonly port: number;
  readonly host: string;
  readonly clock: () => number;
  readonly tradeRateMultiplier: number;
  readonly heartbeatIntervalMs: number;
  readonly historyMinutes: number;
  readonly subscribeTimeoutMs: number;
}

function check(name: keyof SimulatorOptions, value: number, valid: boolean, expected: string): number {
  if (!valid)
    throw new SimulatorOptionError(`startSimulator: option ${name} must be ${expected}, got ${value}`);
  return value;
}

export function normalizeOptions(options: SimulatorOptions): SimulatorConfig {
  const seed = options.seed ?? 42;
  const port = options.port ?? 0;
  const tradeRateMultiplier = options.tradeRateMultiplier ?? 1;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
  const historyMinutes = options.historyMinutes ?? 130;
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? 5000;
  return Object.freeze({
    seed: check('seed', seed, Number.isInteger(seed), 'an integer'),
    port: check(
      'port',
      port,
      Number.isInteger(port) && port >= 0 && port <= 65_535,
      'an integer from 0 to 65535',
    ),
    host: options.host ?? '127.0.0.1',
    clock: options.clock ?? Date.now,
    tradeRateMultiplier: check(
      'tradeRateMultiplier',
      tradeRateMultiplier,
      Number.isFinite(tradeRateMultiplier) && tradeRateMultiplier >= 0 && tradeRateMultiplier <= 100,
      'a number from 0 to 100',
    ),
    heartbeatIntervalMs: check(
      'heartbeatIntervalMs',
      heartbeatIntervalMs,
      Number.isFinite(heartbeatIntervalMs) && heartbeatIntervalMs >= 10,
      'at least 10',
    ),
    // A week of minutes bounds start-up time and memory.
    historyMinutes: check(
      'historyMinutes',
      historyMinutes,
      Number.isInteger(historyMinutes) && historyMinutes >= 0 && historyMinutes <= 10_080,
      'an integer from 0 to 10080',
    ),
    subscribeTimeoutMs: check(
      'subscribeTimeoutMs',
      subscribeTimeoutMs,
      Number.isFinite(subscribeTimeoutMs) && subscribeTimeoutMs > 0,
      'a positive number',
    ),
  });
}
