import type {
  BottomBannerEnvelope,
  GainersEnvelope,
  HealthDocument,
  LosersEnvelope,
  MoverRow,
  TopBannerEnvelope,
} from '@cbmo4ers/contract';

export const BASE = 'http://cbm.test';

const envelope = {
  count: 1,
  time_frame: '3_minutes',
  last_updated: '2026-11-24T18:01:05.123Z',
  as_of: 1795543265123,
  stale: false,
  source: 'simulated',
  update_interval: 1000,
} as const;

export const moverRow = (symbol = 'SOL-USD', change = 0.8402): MoverRow => ({
  rank: 1,
  symbol,
  base: symbol.split('-')[0]!,
  name: 'Solana',
  market_cap: 78_000_000_000,
  current_price: 151.23,
  initial_price_3min: 149.97,
  price_change_percentage_3min: change,
  actual_interval_minutes: 3,
  volume_24h: 812345678.9,
  momentum: 'weak',
  alert_level: 'normal',
  sparkline: [149.97, 150.1, 151.23],
  url: 'https://www.coinbase.com/price/sol',
});

export const gainers = (symbol = 'SOL-USD', change = 0.8402): GainersEnvelope => ({
  ...envelope,
  component: 'gainers_table',
  table_type: 'gainers',
  data: [moverRow(symbol, change)],
});

export const losers = (symbol = 'ETH-USD'): LosersEnvelope => ({
  ...envelope,
  component: 'losers_table',
  table_type: 'losers',
  data: [moverRow(symbol, -1.5)],
});

export const topBanner = (): TopBannerEnvelope => ({
  ...envelope,
  time_frame: '1_hour',
  component: 'top_banner_scroll',
  focus: 'price_change',
  data: [
    {
      symbol: 'BTC-USD',
      base: 'BTC',
      name: 'Bitcoin',
      market_cap: null,
      current_price: 1,
      initial_price_1h: 1,
      price_change_1h: 0.5,
      volume_24h: 2,
      url: 'u',
    },
  ],
});

export const bottomBanner = (): BottomBannerEnvelope => ({
  ...envelope,
  time_frame: '1_hour',
  component: 'bottom_banner_scroll',
  focus: 'volume_change',
  data: [
    {
      symbol: 'BTC-USD',
      base: 'BTC',
      name: 'Bitcoin',
      market_cap: null,
      current_price: 1,
      volume_1h: 2,
      volume_prev_1h: 1,
      volume_change_1h: 100,
      price_change_1h: 0.5,
      volume_24h: 3,
      url: 'u',
    },
  ],
});

export const health = (status: HealthDocument['status'] = 'healthy'): HealthDocument => ({
  status,
  timestamp: '2026-11-24T18:01:05.123Z',
  version: '0.1.0',
  uptime_seconds: 12,
  source: 'simulated',
  upstreams: {},
  cache: { backend: 'memory', snapshot_age_seconds: 0.5, stale: false },
  data: { products_tracked: 10, history_seconds: 60, warm: false },
  stream: { clients: 0 },
  cluster: { role: 'standalone' },
});
