import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { type FeedMessage, FeedTestClient } from './test-support/feed-test-client.js';

const ISO_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const DECIMAL = /^\d+(\.\d+)?$/;

describe('simulator feed', () => {
  let simulator: Simulator;
  const clients: FeedTestClient[] = [];
  const connect = async (): Promise<FeedTestClient> => {
    const client = await FeedTestClient.connect(simulator.wsUrl);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    simulator = await startSimulator({
      heartbeatIntervalMs: 50,
      subscribeTimeoutMs: 300,
      tradeRateMultiplier: 2,
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => simulator.close());

  it('answers a subscribe with subscriptions, last_match, ticker, then matches, tickers and heartbeats', async () => {
    const client = await connect();
    client.send({
      type: 'subscribe',
      product_ids: ['BTC-USD'],
      channels: ['ticker', 'matches', 'heartbeat'],
    });
    const subscriptions = await client.next('subscriptions');
    expect(subscriptions.channels).toEqual([
      { name: 'ticker', product_ids: ['BTC-USD'] },
      { name: 'matches', product_ids: ['BTC-USD'] },
      { name: 'heartbeat', product_ids: ['BTC-USD'] },
    ]);
    const lastMatch = await client.next('last_match', 'BTC-USD');
    expect(lastMatch).toMatchObject({
      trade_id: expect.any(Number),
      sequence: expect.any(Number),
      maker_order_id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      taker_order_id: expect.any(String),
      price: expect.stringMatching(DECIMAL),
      size: expect.stringMatching(DECIMAL),
      side: expect.stringMatching(/^(buy|sell)$/),
      time: expect.stringMatching(ISO_MICROS),
    });
    await client.next('ticker', 'BTC-USD');

    const matches = await client.take(8, (message) => message.type === 'match');
    let previous = lastMatch;
    for (const match of matches) {
      expect(match.trade_id).toBe((previous.trade_id as number) + 1);
      expect(match.sequence as number).toBeGreaterThan(previous.sequence as number);
      expect(match.product_id).toBe('BTC-USD');
      expect(match.time).toMatch(ISO_MICROS);
      previous = match;
    }
    const tickers = await client.take(8, (message) => message.type === 'ticker');
    expect(tickers.map((ticker) => ticker.trade_id)).toEqual(matches.map((match) => match.trade_id));
    const [ticker] = tickers;
    expect(ticker).toMatchObject({
      sequence: matches[0]!.sequence,
      price: matches[0]!.price,
      last_size: matches[0]!.size,
    });
    for (const field of [
      'open_24h',
      'volume_24h',
      'low_24h',
      'high_24h',
      'volume_30d',
      'best_bid',
      'best_ask',
    ]) {
      expect(ticker![field]).toMatch(DECIMAL);
    }
    // The ticker's side is the taker's, the match's the maker's.
    expect(ticker!.side).not.toBe(matches[0]!.side);

    const heartbeat = await client.next('heartbeat', 'BTC-USD');
    expect(heartbeat).toMatchObject({ last_trade_id: expect.any(Number), sequence: expect.any(Number) });
    expect(heartbeat.time).toMatch(ISO_MICROS);
    expect(simulator.stats.subscriptions).toBeGreaterThanOrEqual(1);
  });

  it('accepts channel objects, merges subscriptions and unsubscribes', async () => {
    const client = await connect();
    client.send({
      type: 'subscribe',
      channels: [
        { name: 'matches', product_ids: ['ETH-USD', 'SOL-USD'] },
        { name: 'heartbeat', product_ids: ['ETH-USD'] },
      ],
    });
    expect((await client.next('subscriptions')).channels).toEqual([
      { name: 'matches', product_ids: ['ETH-USD', 'SOL-USD'] },
      { name: 'heartbeat', product_ids: ['ETH-USD'] },
    ]);
    await client.take(2, (message) => message.type === 'last_match');
    client.send({ type: 'unsubscribe', product_ids: ['ETH-USD'], channels: ['matches'] });
    expect((await client.next('subscriptions')).channels).toEqual([
      { name: 'matches', product_ids: ['SOL-USD'] },
      { name: 'heartbeat', product_ids: ['ETH-USD'] },
    ]);
    const afterReply = client.received.length;
    await client.take(3, (message) => message.type === 'match' && message.product_id === 'SOL-USD');
    const late = client.received.slice(afterReply).filter((message) => message.type === 'match');
    expect(late.every((message) => message.product_id === 'SOL-USD')).toBe(true);

    client.send({ type: 'unsubscribe', channels: ['heartbeat'] });
    expect((await client.next('subscriptions')).channels).toEqual([
      { name: 'matches', product_ids: ['SOL-USD'] },
    ]);
  });

  it('reports bad messages as errors and keeps the connection', async () => {
    const client = await connect();
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /JSON/],
      [
        { type: 'subscribe', product_ids: ['NOPE-USD'], channels: ['matches'] },
        /NOPE-USD is not a valid product/,
      ],
      [
        { type: 'subscribe', product_ids: ['BTC-USD'], channels: ['level3'] },
        /level3 is not a valid channel/,
      ],
      [{ type: 'subscribe', product_ids: ['BTC-USD'] }, /channels/],
      [{ type: 'subscribe', channels: ['matches'] }, /no product ids/],
      [{ type: 'dance' }, /subscribe or unsubscribe/],
    ];
    for (const [message, reason] of cases) {
      client.send(message);
      const error = await client.next('error');
      expect(error.message).toEqual(expect.any(String));
      expect(error.reason).toMatch(reason);
    }
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['heartbeat'] });
    expect((await client.next('subscriptions')).channels).toEqual([
      { name: 'heartbeat', product_ids: ['BTC-USD'] },
    ]);
  });

  it('closes a connection that does not subscribe in time', async () => {
    const client = await connect();
    expect(await client.closed).toBe(1008);
  });
});

describe('simulator feed and candles', () => {
  it('books exactly the streamed trades into the in-progress candle', async () => {
    let now = Date.UTC(2026, 10, 24, 18, 0, 10);
    const simulator = await startSimulator({ clock: () => now });
    const client = await FeedTestClient.connect(simulator.wsUrl);
    try {
      const candle = async (): Promise<number[]> => {
        const response = await fetch(`${simulator.restUrl}/products/BTC-USD/candles?granularity=60`);
        return ((await response.json()) as number[][])[0]!;
      };
      client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['matches'] });
      await client.next('last_match');
      const before = await candle();
      now += 3000;
      // The first match means the loop has run: every trade up to `now` is decided and the ticker shows the last.
      await client.next('match', 'BTC-USD');
      const ticker = (await (await fetch(`${simulator.restUrl}/products/BTC-USD/ticker`)).json()) as {
        trade_id: number;
        price: string;
      };
      await client.take(1, (message) => message.type === 'match' && message.trade_id === ticker.trade_id);
      const all = client.received.filter((message: FeedMessage) => message.type === 'match');
      const after = await candle();
      expect(after[0]).toBe(before[0]);
      const streamedVolume = all.reduce((sum, match) => sum + Number(match.size), 0);
      expect(after[5]!).toBeCloseTo(before[5]! + streamedVolume, 6);
      expect(after[4]).toBe(Number(ticker.price));
      expect(all.at(-1)!.trade_id).toBe(ticker.trade_id);
    } finally {
      await client.close();
      await simulator.close();
    }
  });

  it('close() ends open feed connections and is idempotent', async () => {
    const simulator = await startSimulator();
    const client = await FeedTestClient.connect(simulator.wsUrl);
    client.send({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['matches'] });
    await client.next('last_match');
    expect(simulator.stats.openWebSockets).toBe(1);
    await Promise.all([simulator.close(), simulator.close()]);
    expect(await client.closed).toBe(1006);
    expect(simulator.stats.openWebSockets).toBe(0);
    await expect(fetch(`${simulator.restUrl}/products`)).rejects.toThrow();
  });
});
