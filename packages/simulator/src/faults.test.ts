import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { FeedTestClient } from './test-support/feed-test-client.js';

describe('simulator faults', () => {
  let simulator: Simulator;
  const clients: FeedTestClient[] = [];
  const subscribe = async (channels: string[], productIds = ['BTC-USD']): Promise<FeedTestClient> => {
    const client = await FeedTestClient.connect(simulator.wsUrl);
    clients.push(client);
    client.send({ type: 'subscribe', product_ids: productIds, channels });
    await client.next('subscriptions');
    return client;
  };
  const get = (path: string): Promise<Response> => fetch(`${simulator.restUrl}${path}`);
  /** Resolves once BTC-USD has traded `count` more times, per REST: waits on the market, not on a timer. */
  const waitForTrades = async (count: number): Promise<void> => {
    const tradeId = async (): Promise<number> =>
      ((await (await get('/products/BTC-USD/ticker')).json()) as { trade_id: number }).trade_id;
    const target = (await tradeId()) + count;
    while ((await tradeId()) < target) {
      // Each round trip yields to the event loop, so the simulator's timers keep running.
    }
  };

  beforeAll(async () => {
    simulator = await startSimulator({ heartbeatIntervalMs: 40, tradeRateMultiplier: 3 });
  });
  afterEach(async () => {
    simulator.faults.rest.reset();
    simulator.faults.stallWebSocket(false);
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => simulator.close());

  it('dropWebSocket terminates every feed connection and reconnecting works', async () => {
    const first = await subscribe(['heartbeat']);
    const second = await subscribe(['matches']);
    const accepted = simulator.stats.wsConnections;
    simulator.faults.dropWebSocket();
    expect(await first.closed).toBe(1006);
    expect(await second.closed).toBe(1006);
    const again = await subscribe(['heartbeat']);
    await again.next('heartbeat');
    expect(simulator.stats.wsConnections).toBe(accepted + 1);
  });

  it('stallWebSocket keeps sockets open but silent, then resumes with a trade id jump', async () => {
    const client = await subscribe(['matches', 'heartbeat']);
    const before = (await client.next('match', 'BTC-USD')).trade_id as number;
    simulator.faults.stallWebSocket(true);
    // Messages already in flight when the stall began may still land; count from the first trade after it.
    await waitForTrades(2);
    const received = client.received.length;
    await waitForTrades(15);
    expect(client.received.length).toBe(received);
    client.discardPending();
    simulator.faults.stallWebSocket(false);
    const resumed = await client.next('match');
    expect(resumed.trade_id as number).toBeGreaterThan(before + 15);
    await client.next('heartbeat');
  });

  it('skipTrades withholds the next trades of one product so its ids jump', async () => {
    const client = await subscribe(['matches']);
    const lastMatch = await client.next('last_match');
    simulator.faults.skipTrades('BTC-USD', 3);
    const matches = [lastMatch, ...(await client.take(12, (message) => message.type === 'match'))];
    const gaps = matches
      .slice(1)
      .map((match, index) => (match.trade_id as number) - (matches[index]!.trade_id as number));
    // Trades sent before the knob was turned arrive consecutively; exactly one gap skips three ids.
    expect(gaps.filter((gap) => gap !== 1)).toEqual([4]);
    expect(() => simulator.faults.skipTrades('NOPE-USD', 1)).toThrow(RangeError);
  });

  it('rejectWebSocket refuses the next upgrades with HTTP 503', async () => {
    simulator.faults.rejectWebSocket(2);
    await expect(FeedTestClient.connect(simulator.wsUrl)).rejects.toThrow(/HTTP 503/);
    await expect(FeedTestClient.connect(simulator.wsUrl)).rejects.toThrow(/HTTP 503/);
    const client = await subscribe(['heartbeat']);
    await client.next('heartbeat');
  });

  it('respond429 answers matching requests with Retry-After and the Coinbase body', async () => {
    simulator.faults.rest.respond429(2, 7, '/candles');
    expect((await get('/products')).status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await get('/products/BTC-USD/candles?granularity=60');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({ message: 'Public rate limit exceeded' });
    }
    expect((await get('/products/BTC-USD/candles?granularity=60')).status).toBe(200);
    const statuses = simulator.stats.restRequests.slice(-4).map((request) => request.status);
    expect(statuses).toEqual([200, 429, 429, 200]);
  });

  it('respond5xx answers the next requests with a server error', async () => {
    simulator.faults.rest.respond5xx(1, 502);
    const failed = await get('/products/ETH-USD/stats');
    expect(failed.status).toBe(502);
    expect(await failed.json()).toHaveProperty('message');
    expect((await get('/products/ETH-USD/stats')).status).toBe(200);
    simulator.faults.rest.respond5xx(1);
    expect((await get('/currencies')).status).toBe(503);
    expect(() => simulator.faults.rest.respond5xx(1, 404)).toThrow(RangeError);
  });

  it('delay holds responses back', async () => {
    simulator.faults.rest.delay(500, 1);
    const started = performance.now();
    expect((await get('/products/SOL-USD')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(490);
    // Only one request was to be delayed: the next one is answered at once (generous margin for a busy CI box).
    const next = performance.now();
    await get('/products/SOL-USD');
    expect(performance.now() - next).toBeLessThan(490);
  });

  it('malformedJson sends 200 with a truncated body, once', async () => {
    simulator.faults.rest.malformedJson(1, '/products');
    const broken = await get('/products');
    expect(broken.status).toBe(200);
    const text = await broken.text();
    expect(text.startsWith('[{')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(Array.isArray(await (await get('/products')).json())).toBe(true);
  });

  it('reset clears every REST fault', async () => {
    simulator.faults.rest.respond429(5);
    simulator.faults.rest.respond5xx(5);
    simulator.faults.rest.malformedJson(5);
    simulator.faults.rest.delay(10_000);
    simulator.faults.rest.reset();
    expect((await get('/products/BTC-USD')).status).toBe(200);
  });
});

describe('simulator close with faults pending', () => {
  it('does not wait for delayed responses', async () => {
    const simulator = await startSimulator({ historyMinutes: 0 });
    simulator.faults.rest.delay(60_000);
    const pending = fetch(`${simulator.restUrl}/products`).then(
      (response) => response.status,
      () => 'closed',
    );
    const started = performance.now();
    await simulator.close();
    // Whether the request was parked in the delay or still connecting, it settles now rather than in a minute.
    expect(await pending).toBeDefined();
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
