/** Envelopes shaped exactly like the server's (API.md), for tests, stories and the demo page. */
import type {
  BottomBannerEnvelope,
  BottomBannerRow,
  GainersEnvelope,
  HealthDocument,
  LosersEnvelope,
  MoverRow,
  TopBannerEnvelope,
  TopBannerRow,
} from '@cbmo4ers/sdk';

const AS_OF = 1795543265123;
const meta = {
  last_updated: new Date(AS_OF).toISOString(),
  as_of: AS_OF,
  stale: false,
  source: 'simulated',
  update_interval: 1000,
} as const;

/** [base, name, price] of the assets the fixtures use. */
export const ASSETS: Array<[string, string, number]> = [
  ['SOL', 'Solana', 151.23],
  ['BTC', 'Bitcoin', 97123.45],
  ['DOGE', 'Dogecoin', 0.123456],
  ['SHIB', 'Shiba Inu', 0.00001234],
  ['ETH', 'Ethereum', 3456.7],
  ['ADA', 'Cardano', 0.4567],
  ['AVAX', 'Avalanche', 35.12],
  ['LINK', 'Chainlink', 14.56],
  ['DOT', 'Polkadot', 6.789],
  ['XRP', 'XRP', 0.5123],
  ['LTC', 'Litecoin', 84.2],
  ['UNI', 'Uniswap', 9.87],
  ['ATOM', 'Cosmos', 7.65],
  ['NEAR', 'NEAR Protocol', 5.43],
  ['APT', 'Aptos', 8.76],
];

const momentum = (change: number) =>
  Math.abs(change) >= 5 ? 'strong' : Math.abs(change) >= 1 ? 'moderate' : 'weak';
const url = (base: string) => `https://www.coinbase.com/price/${base.toLowerCase()}`;

export const moverRow = (
  rank: number,
  base: string,
  name: string,
  price: number,
  change: number,
): MoverRow => {
  const initial = price / (1 + change / 100);
  return {
    rank,
    symbol: `${base}-USD`,
    base,
    name,
    market_cap: null,
    current_price: price,
    initial_price_3min: initial,
    price_change_percentage_3min: change,
    actual_interval_minutes: 3,
    volume_24h: 1e9 / rank,
    momentum: momentum(change),
    alert_level: Math.abs(change) >= 10 ? 'high' : 'normal',
    sparkline: Array.from(
      { length: 12 },
      (_, index) => initial + ((price - initial) * index) / 11 + Math.sin(index * 1.7) * initial * 0.001,
    ),
    url: url(base),
  };
};

/** Changes for rank 1..n, largest first: 12.5, 6.2, 3.1, ... (signed by the caller). */
const changes = (count: number) =>
  Array.from({ length: count }, (_, index) => Math.round((12.5 / 2 ** (index / 2.5)) * 10000) / 10000);

export const gainers = (count = 10, extra: Partial<GainersEnvelope> = {}): GainersEnvelope => {
  const data = changes(count).map((change, index) => {
    const [base, name, price] = ASSETS[index % ASSETS.length]!;
    return moverRow(index + 1, base, name, price, change);
  });
  return {
    ...meta,
    component: 'gainers_table',
    table_type: 'gainers',
    time_frame: '3_minutes',
    count,
    data,
    ...extra,
  };
};

export const losers = (count = 10, extra: Partial<LosersEnvelope> = {}): LosersEnvelope => {
  const data = changes(count).map((change, index) => {
    const [base, name, price] = ASSETS[(index + 4) % ASSETS.length]!;
    return moverRow(index + 1, base, name, price, -change);
  });
  return {
    ...meta,
    component: 'losers_table',
    table_type: 'losers',
    time_frame: '3_minutes',
    count,
    data,
    ...extra,
  };
};

export const priceRow = (base: string, name: string, price: number, change: number): TopBannerRow => ({
  symbol: `${base}-USD`,
  base,
  name,
  market_cap: null,
  current_price: price,
  initial_price_1h: price / (1 + change / 100),
  price_change_1h: change,
  volume_24h: 5e8,
  url: url(base),
});

export const topBanner = (count = 12, extra: Partial<TopBannerEnvelope> = {}): TopBannerEnvelope => {
  const data = ASSETS.slice(0, count).map(([base, name, price], index) =>
    priceRow(base, name, price, (index % 2 ? -1 : 1) * (4.2 - index * 0.3)),
  );
  return {
    ...meta,
    component: 'top_banner_scroll',
    focus: 'price_change',
    time_frame: '1_hour',
    count: data.length,
    data,
    ...extra,
  };
};

export const volumeRow = (base: string, name: string, price: number, change: number): BottomBannerRow => ({
  symbol: `${base}-USD`,
  base,
  name,
  market_cap: null,
  current_price: price,
  volume_1h: 12_345_678 / (1 + change / 100),
  volume_prev_1h: 12_345_678,
  volume_change_1h: change,
  price_change_1h: change / 10,
  volume_24h: 98_765_432,
  url: url(base),
});

export const bottomBanner = (count = 12, extra: Partial<BottomBannerEnvelope> = {}): BottomBannerEnvelope => {
  const data = ASSETS.slice(0, count).map(([base, name, price], index) =>
    volumeRow(base, name, price, (index % 3 ? 1 : -1) * (85 - index * 6)),
  );
  return {
    ...meta,
    component: 'bottom_banner_scroll',
    focus: 'volume_change',
    time_frame: '1_hour',
    count: data.length,
    data,
    ...extra,
  };
};

export const health = (extra: Partial<HealthDocument> = {}): HealthDocument => ({
  status: 'healthy',
  timestamp: new Date(AS_OF).toISOString(),
  version: '0.1.0',
  uptime_seconds: 1234.5,
  source: 'simulated',
  upstreams: {
    coinbase_ws: { state: 'up', last_message_age_seconds: 0.4, reconnects: 0 },
    coinbase_rest: { state: 'up', breaker: 'closed', last_error: null },
  },
  cache: { backend: 'memory', snapshot_age_seconds: 0.6, stale: false },
  data: { products_tracked: 120, history_seconds: 7260, warm: true },
  stream: { clients: 3 },
  cluster: { role: 'standalone' },
  ...extra,
});

/** A row whose symbol and name carry markup: it must show up as text. */
export const hostileRow = (): MoverRow => ({
  ...moverRow(1, '<img src=x onerror="window.__pwned=1">', '<b id="injected">Bold</b>', 1.5, 2),
  symbol: '<script>window.__pwned=1</script>-USD',
});
