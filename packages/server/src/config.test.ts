import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults and freezes the result', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 5001,
      marketSource: 'simulated',
      quoteCurrency: 'USD',
      minVolumeUsd: 100_000,
      snapshotIntervalMs: 1000,
      staleAfterMs: 30_000,
      corsAllowedOrigins: '*',
      rateLimitPerMinute: 600,
      coinbaseRestUrl: 'https://api.exchange.coinbase.com',
      coinbaseWsUrl: 'wss://ws-feed.exchange.coinbase.com',
    });
    expect(config.stablecoins).toEqual([
      'USDT',
      'USDC',
      'DAI',
      'PYUSD',
      'EURC',
      'GUSD',
      'USDS',
      'FDUSD',
      'TUSD',
    ]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses lists, numbers and URLs; empty values mean the default', () => {
    const config = loadConfig({
      PORT: '8080',
      CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example/',
      STABLECOINS: 'usdt, dai',
      COINBASE_REST_URL: 'http://127.0.0.1:9999/',
      STALE_AFTER: '2.5',
      MIN_VOLUME_USD: '',
      TRUST_PROXY: '1',
    });
    expect(config.port).toBe(8080);
    expect(config.corsAllowedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.stablecoins).toEqual(['USDT', 'DAI']);
    expect(config.coinbaseRestUrl).toBe('http://127.0.0.1:9999');
    expect(config.staleAfterMs).toBe(2500);
    expect(config.minVolumeUsd).toBe(100_000);
    expect(config.trustProxy).toBe(1);
  });

  it('has safe defaults for the hardening settings', () => {
    expect(loadConfig({})).toMatchObject({
      trustProxy: false,
      maxConnections: 25_000,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 10_000,
      streamMaxPerClient: 20,
      streamMaxTotal: 20_000,
      streamMaxBufferedBytes: 256 * 1024 * 1024,
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
    });
    expect(loadConfig({ METRICS_PORT: 'main' }).metricsPort).toBe('main');
  });

  it('trusts a proxy by hop count or by address and CIDR, never blindly', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 172.16.0.1,loopback, fd00::/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '172.16.0.1',
      'loopback',
      'fd00::/8',
    ]);
  });

  it('budgets Coinbase REST and uses CoinGecko only against the real exchange unless told otherwise', () => {
    const simulated = loadConfig({});
    expect(simulated.coinbaseRestRate).toBeUndefined();
    expect(simulated.coingeckoUrl).toBeUndefined();
    const coinbase = loadConfig({ MARKET_SOURCE: 'coinbase', COINGECKO_API_KEY: 'k' });
    expect(coinbase.coinbaseRestRate).toBe(8);
    expect(coinbase.coingeckoUrl).toBe('https://api.coingecko.com/api/v3');
    expect(coinbase.coingeckoApiKey).toBe('k');
    expect(loadConfig({ MARKET_SOURCE: 'coinbase', COINGECKO_URL: 'off' }).coingeckoUrl).toBeUndefined();
    const explicit = loadConfig({ COINBASE_REST_RATE: '2.5', COINGECKO_URL: 'http://127.0.0.1:9/api/v3/' });
    expect(explicit.coinbaseRestRate).toBe(2.5);
    expect(explicit.coingeckoUrl).toBe('http://127.0.0.1:9/api/v3');
  });

  it.each([
    [{ COINBASE_REST_RATE: '0' }, /^Invalid COINBASE_REST_RATE .*a number from 0.1 to 1000/],
    [{ COINGECKO_URL: 'ftp://x' }, /^Invalid COINGECKO_URL .*off or a URL/],
    [{ PORT: 'abc' }, /^Invalid PORT \(got "abc"\): expected an integer from 0 to 65535$/],
    [{ PORT: '70000' }, /^Invalid PORT .*integer from 0 to 65535/],
    [{ MARKET_SOURCE: 'binance' }, /^Invalid MARKET_SOURCE .*simulated or coinbase/],
    [{ COINBASE_WS_URL: 'https://x' }, /^Invalid COINBASE_WS_URL .*ws: or wss:/],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, /^Invalid RATE_LIMIT_PER_MINUTE/],
    [{ CORS_ALLOWED_ORIGINS: 'example.com' }, /^Invalid CORS_ALLOWED_ORIGINS .*comma list of origins/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL/],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid REDIS_URL .*redis: or rediss:/],
    [
      { TRUST_PROXY: 'true' },
      /^Invalid TRUST_PROXY \(got "true"\): .*TRUST_PROXY=1.*TRUST_PROXY=10\.0\.0\.0\/8\)$/,
    ],
    [{ TRUST_PROXY: 'yes' }, /^Invalid TRUST_PROXY .*comma list of proxy addresses/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^Invalid TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.1, example.com' }, /^Invalid TRUST_PROXY/],
    [{ MAX_CONNECTIONS: '0' }, /^Invalid MAX_CONNECTIONS/],
    [{ HEADERS_TIMEOUT_MS: '20000' }, /^Invalid HEADERS_TIMEOUT_MS .*at most REQUEST_TIMEOUT_MS/],
    [{ STREAM_MAX_PER_CLIENT: '-1' }, /^Invalid STREAM_MAX_PER_CLIENT/],
    [{ STREAM_MAX_TOTAL: 'many' }, /^Invalid STREAM_MAX_TOTAL/],
    [{ STREAM_MAX_BUFFERED_BYTES: '10' }, /^Invalid STREAM_MAX_BUFFERED_BYTES/],
    [{ METRICS_PORT: 'api' }, /^Invalid METRICS_PORT .*main or a port/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
