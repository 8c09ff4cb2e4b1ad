import { type Simulator, startSimulator } from '@cbmo4ers/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Trade } from '../../engine/inputs.js';
import { CoinbaseFeed, type FeedListener } from './feed.js';

let simulator: Simulator;
const feeds: CoinbaseFeed[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ seed: 5, heartbeatIntervalMs: 100 });
});
afterAll(async () => {
  await simulator.close();
});
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
  simulator.faults.stallWebSocket(false);
});

interface Recorded {
  events: string[];
  trades: Trade[];
  gaps: Array<{ productId: string; since: number; missed: number }>;
}

function startFeed(products: string[], options: Partial<ConstructorParameters<typeof CoinbaseFeed>[0]> = {}) {
  const recorded: Recorded = { events: [], trades: [], gaps: [] };
  const listener: FeedListener = {
    connected: () => {
      recorded.events.push('connected');
    },
    disconnected: (_at, reason) => {
      recorded.events.push(`disconnected: ${reason}`);
    },
    trade: (trade) => {
      recorded.trades.push(trade);
    },
    ticker: () => {},
    gap: (productId, since, missed) => {
      recorded.gaps.push({ productId, since, missed });
    },
    message: () => {},
  };
  const feed = new CoinbaseFeed({
    url: simulator.wsUrl,
    listener,
    reconnectBaseMs: 50,
    reconnectMaxMs: 200,
    ...options,
  });
  feeds.push(feed);
  feed.start(products);
  const until = (condition: () => boolean, timeoutMs = 8000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`condition not met; events: ${recorded.events.join(', ')}`)),
        timeoutMs,
      );
      // Re-checked on every listener event and on every turn of the event loop (reconnect counts change
      // without an event).
      const check = () => {
        if (condition()) {
          clearTimeout(timer);
          resolve();
        } else setImmediate(check);
      };
      check();
    });
  return { feed, recorded, until };
}

describe('CoinbaseFeed', () => {
  it('subscribes and delivers trades with consecutive ids per product', async () => {
    const { recorded, until, feed } = startFeed(['BTC-USD', 'ETH-USD']);
    await until(() => recorded.trades.filter((trade) => trade.productId === 'BTC-USD').length >= 5);
    expect(feed.state).toBe('up');
    const ids = recorded.trades
      .filter((trade) => trade.productId === 'BTC-USD')
      .map((trade) => trade.tradeId);
    ids.slice(1).forEach((id, index) => {
      expect(id).toBe((ids[index] ?? 0) + 1);
    });
    expect(recorded.gaps).toEqual([]);
  });

  it('reports a gap starting at the last trade seen when trade ids jump', async () => {
    const { recorded, until } = startFeed(['BTC-USD']);
    await until(() => recorded.trades.length >= 2);
    simulator.faults.skipTrades('BTC-USD', 4);
    // A heartbeat can reveal part of the jump before the next match does: the parts add up to the skipped trades.
    const missed = () => recorded.gaps.reduce((sum, gap) => sum + gap.missed, 0);
    await until(() => missed() >= 4);
    expect(missed()).toBe(4);
    const gap = recorded.gaps[0];
    expect(gap?.productId).toBe('BTC-USD');
    const lastBefore = recorded.trades.filter((trade) => trade.time <= (gap?.since ?? 0)).at(-1);
    expect(lastBefore?.time).toBe(gap?.since);
  });

  it('gives up on a connection whose subscription is not confirmed in time, and reconnects', async () => {
    simulator.faults.stallWebSocket(true);
    const { recorded, until, feed } = startFeed(['BTC-USD'], { subscribeTimeoutMs: 300 });
    await until(() => feed.reconnects >= 2);
    expect(recorded.events).not.toContain('connected');
    simulator.faults.stallWebSocket(false);
    await until(() => recorded.events.includes('connected'));
  });

  it('reconnects after refused upgrades with backoff, and after silence', async () => {
    simulator.faults.rejectWebSocket(2);
    const { recorded, until, feed } = startFeed(['ETH-USD'], { silenceTimeoutMs: 400 });
    await until(() => recorded.events.includes('connected'));
    expect(feed.reconnects).toBeGreaterThanOrEqual(2);
    simulator.faults.stallWebSocket(true);
    await until(() => recorded.events.some((event) => event.startsWith('disconnected')));
    simulator.faults.stallWebSocket(false);
    await until(() => recorded.events.filter((event) => event === 'connected').length >= 2);
  });
});
