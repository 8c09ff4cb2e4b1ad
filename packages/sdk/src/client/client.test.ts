import type { GainersEnvelope, HealthDocument, LosersEnvelope, MoverRow } from '@cbmo4ers/contract';
import { HttpResponse, http } from 'msw';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { isCircuitOpenError, isContractError, isHttpError, type SdkError } from '../errors/errors.js';
import type { TopicState } from '../stores/stores.js';
import { serveAll, testClient } from '../test-support/client.js';
import { memoryStorage } from '../test-support/fakes.js';
import { BASE, gainers, health } from '../test-support/fixtures.js';
import { fakeTime, server, useMswAndFakeTime } from '../test-support/server.js';
import { type Client, createClient } from './client.js';
import { getSharedClient } from './shared.js';

useMswAndFakeTime();

const fail500 = () => new HttpResponse(null, { status: 500 });

describe('client calls', () => {
  it('resolves typed envelopes and serves them from the cache while fresh', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = testClient();
    await expect(client.gainers()).resolves.toEqual(gainers());
    await expect(client.gainers()).resolves.toEqual(gainers());
    expect(hits['gainers-table']).toBe(1);
    await client.gainers({ limit: 5 });
    expect(hits['gainers-table']).toBe(2); // another query, another entry
    client.dispose();
  });

  it('dedupes concurrent calls into one request', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { client } = testClient();
    await Promise.all([client.losers(), client.losers(), client.losers()]);
    expect(hits['losers-table']).toBe(1);
    client.dispose();
  });

  it('returns the health document that comes with a 503', async () => {
    fakeTime();
    serveAll({ health: () => HttpResponse.json(health('unhealthy'), { status: 503 }) });
    const { client } = testClient();
    await expect(client.health()).resolves.toMatchObject({ status: 'unhealthy' });
    client.dispose();
  });

  it('turns a body that breaks the contract into ContractError and reports it', async () => {
    fakeTime();
    serveAll({ 'gainers-table': () => HttpResponse.json({ ...gainers(), data: 'nope' }) });
    const onError = vi.fn();
    const { client } = testClient({ onError });
    await expect(client.gainers()).rejects.toSatisfy(
      (error) => isContractError(error) && error.problem === 'data: expected array',
    );
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ name: 'ContractError' }), 'gainers');
    client.dispose();
  });

  it('opens the breaker after `threshold` failed calls; then answers from the cache (stale) or fails fast', async () => {
    fakeTime();
    const { hits, routes } = serveAll();
    const { client } = testClient({ breaker: { threshold: 2, cooldown: 600_000 }, retry: { limit: 0 } });
    await client.gainers();
    vi.advanceTimersByTime(61_000); // stale: the next call revalidates in the background
    routes['gainers-table'] = fail500;
    routes['losers-table'] = fail500;
    await expect(client.gainers()).resolves.toEqual(gainers());
    await vi.advanceTimersByTimeAsync(0);
    await expect(client.losers()).rejects.toSatisfy(isHttpError);
    expect(client.$status.get()).toMatchObject({ breaker: 'open', mode: 'offline', consecutiveFailures: 2 });

    const before = { ...hits };
    vi.advanceTimersByTime(400_000); // even expired data is served while open, without a request
    await expect(client.gainers()).resolves.toEqual(gainers());
    await expect(client.losers()).rejects.toSatisfy(
      (error) => isCircuitOpenError(error) && error.retryAt === Date.now() + 600_000 - 400_000,
    );
    expect(hits).toEqual(before);
    client.dispose();
  });

  it('half-opens after the cooldown; one successful probe closes it', async () => {
    fakeTime();
    const { routes } = serveAll({ 'losers-table': fail500 });
    const { client } = testClient({ breaker: { threshold: 1, cooldown: 30_000 }, retry: { limit: 0 } });
    await expect(client.losers()).rejects.toSatisfy(isHttpError);
    expect(client.$status.get().breaker).toBe('open');
    vi.advanceTimersByTime(30_000);
    expect(client.$status.get()).toMatchObject({ breaker: 'half-open', mode: 'polling' });
    routes['losers-table'] = () =>
      HttpResponse.json({ ...gainers(), component: 'losers_table', table_type: 'losers' });
    await client.losers();
    expect(client.$status.get()).toMatchObject({
      breaker: 'closed',
      consecutiveFailures: 0,
      lastSuccessAt: Date.now(),
    });
    client.dispose();
  });

  it('a 400 is reported but does not count against the server', async () => {
    fakeTime();
    serveAll({
      'gainers-table': () =>
        HttpResponse.json({ error: { code: 'bad_request', message: 'limit' } }, { status: 400 }),
    });
    const { client } = testClient({ breaker: { threshold: 1 } });
    await expect(client.gainers({ limit: 1000 })).rejects.toSatisfy(isHttpError);
    expect(client.$status.get()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
    expect(client.$status.get().lastError?.name).toBe('HttpError');
    client.dispose();
  });

  it('aborts a call with its signal', async () => {
    fakeTime();
    serveAll({ 'gainers-table': () => new Promise(() => {}) });
    const { client } = testClient();
    const controller = new AbortController();
    const call = client.gainers({ signal: controller.signal });
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(call).rejects.toThrow('stop');
    client.dispose();
  });

  it('requires a baseUrl outside a browser', () => {
    expect(() => createClient()).toThrow(/baseUrl/);
  });
});

describe('ensureRows', () => {
  it('makes the stores load more rows than the server default; smaller figures change nothing', async () => {
    fakeTime();
    const urls: string[] = [];
    server.use(
      http.get(`${BASE}/api/component/:slug`, ({ request }) => {
        urls.push(request.url.replace(BASE, ''));
        return HttpResponse.json(gainers());
      }),
    );
    const { client } = testClient({ refreshInterval: 5000 });
    const off = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(urls).toEqual(['/api/component/gainers-table']);
    client.ensureRows('gainers', 15);
    client.ensureRows('losers', 10);
    await vi.advanceTimersByTimeAsync(0);
    expect(urls).toHaveLength(1);
    client.ensureRows('gainers', 40);
    await vi.advanceTimersByTimeAsync(0);
    expect(urls[1]).toBe('/api/component/gainers-table?limit=40');
    client.ensureRows('gainers', 30);
    await vi.advanceTimersByTimeAsync(5000); // the next poll keeps the larger figure
    expect(urls.slice(2)).toEqual(['/api/component/gainers-table?limit=40']);
    await client.gainers(); // a call without a limit shares the stores' entry: no request
    expect(urls).toHaveLength(3);
    await client.gainers({ limit: 5 }); // a call with one asks for exactly that
    expect(urls.at(-1)).toBe('/api/component/gainers-table?limit=5');
    off();
    client.dispose();
  });
});

describe('store(topic)', () => {
  it('is the same atom as the named store, for every topic, on shared handles too', async () => {
    fakeTime();
    serveAll();
    const { client } = testClient();
    expect(client.store('gainers')).toBe(client.$gainers);
    expect(client.store('losers')).toBe(client.$losers);
    expect(client.store('topBanner')).toBe(client.$topBanner);
    expect(client.store('bottomBanner')).toBe(client.$bottomBanner);
    expect(client.store('health')).toBe(client.$health);
    const off = client.store('gainers').listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(client.store('gainers').get()).toMatchObject({ data: gainers(), loading: false });
    off();
    client.dispose();

    const shared = getSharedClient({ baseUrl: BASE, cache: { storage: null } });
    expect(shared.store('health')).toBe(shared.$health);
    shared.dispose();
  });
});

describe('shared clients', () => {
  it('share one cache and stores per baseUrl; the last dispose stops it', async () => {
    fakeTime();
    const { hits } = serveAll();
    const a = getSharedClient({ baseUrl: `${BASE}/`, cache: { storage: null } });
    const b = getSharedClient({ baseUrl: BASE });
    expect(a.$gainers).toBe(b.$gainers);
    await a.gainers();
    await b.gainers();
    expect(hits['gainers-table']).toBe(1);
    a.dispose();
    a.dispose();
    const c = getSharedClient({ baseUrl: BASE });
    expect(c.$gainers).toBe(b.$gainers);
    b.dispose();
    c.dispose();
    const d = getSharedClient({ baseUrl: BASE, cache: { storage: null } });
    expect(d.$gainers).not.toBe(a.$gainers);
    d.dispose();
  });
});

describe('persistence', () => {
  it('a new client renders the stored data at once, marked stale, then revalidates', async () => {
    fakeTime();
    const { hits } = serveAll();
    const storage = memoryStorage();
    const first = testClient({ cache: { storage } }).client;
    await first.gainers();
    first.dispose();

    const { client } = testClient({ cache: { storage } });
    const values: TopicState<GainersEnvelope>[] = [];
    const unsubscribe = client.$gainers.subscribe((value) => values.push(value));
    expect(values[0]).toMatchObject({ data: gainers(), stale: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(hits['gainers-table']).toBe(2);
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), stale: false, loading: false });
    unsubscribe();
    client.dispose();
  });
});

describe('public types', () => {
  // Checked by tsc (the test typecheck), never run.
  const typeChecks = (client: Client) => {
    expectTypeOf(client.gainers).returns.resolves.toEqualTypeOf<GainersEnvelope>();
    expectTypeOf(client.health).returns.resolves.toEqualTypeOf<HealthDocument>();
    expectTypeOf(client.$losers.get().data?.data).toEqualTypeOf<MoverRow[] | undefined>();
    expectTypeOf(client.store('gainers')).toEqualTypeOf<typeof client.$gainers>();
    expectTypeOf(client.store('health').get().data).toEqualTypeOf<HealthDocument | undefined>();
    const pick = <T extends 'losers' | 'health'>(topic: T) => client.store(topic).get().data;
    expectTypeOf(pick('losers')).toEqualTypeOf<LosersEnvelope | undefined>();
    expectTypeOf(client.$status.get().mode).toEqualTypeOf<'live' | 'polling' | 'offline'>();
    expectTypeOf(client.$status.get().lastError).toEqualTypeOf<SdkError | undefined>();
    expectTypeOf(client.refresh)
      .parameter(0)
      .toEqualTypeOf<'gainers' | 'losers' | 'topBanner' | 'bottomBanner' | 'health' | undefined>();
    // @ts-expect-error stores are read-only for users
    client.$gainers.set;
    // @ts-expect-error unknown topic
    client.refresh('prices');
    // @ts-expect-error unknown topic
    client.store('prices');
    // @ts-expect-error limit is a number
    client.gainers({ limit: '5' });
    // @ts-expect-error retry delays are numbers
    createClient({ baseUrl: BASE, retry: { delays: ['1s'] } });
  };

  it('are checked by the compiler', () => expect(typeChecks).toBeTypeOf('function'));
});
