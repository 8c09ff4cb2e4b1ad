import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../client/client.js';
import { isNetworkError } from '../errors/errors.js';
import { loadedTransport, serveAll, testClient } from '../test-support/client.js';
import { FakeEventSource } from '../test-support/fakes.js';
import { BASE, gainers, losers } from '../test-support/fixtures.js';
import { fakeTime, server, useMswAndFakeTime } from '../test-support/server.js';
import { createLazyTransport, loadTransport, type TransportModule } from './lazy.js';
import { createTransport } from './transport.js';

useMswAndFakeTime();

const GAINERS = `${BASE}/api/component/gainers-table`;
const settings = { timeout: 10_000, limit: 0, delays: [1000], jitter: 0, maxRetryAfter: 10_000 };

/** What a browser says when the chunk of a dynamic import cannot be fetched. */
const chunkError = () => new TypeError('Failed to fetch dynamically imported module: /assets/transport.js');

/** A loader the test settles by hand, counting its calls. */
const pendingLoader = () => {
  const loads: { resolve(): void; reject(error: unknown): void }[] = [];
  const load = vi.fn(
    () =>
      new Promise<TransportModule>((resolve, reject) => {
        loads.push({ resolve: () => resolve(loadedTransport()), reject });
      }),
  );
  return { load, loads };
};

/** Answers `GAINERS` with gainers and counts the requests. */
const serveGainers = () => {
  const hits = { count: 0 };
  server.use(
    http.get(GAINERS, () => {
      hits.count++;
      return HttpResponse.json(gainers());
    }),
  );
  return hits;
};

describe('lazy transport', () => {
  it('loads the transport module on its first call only; later calls use it directly', async () => {
    const hits = serveGainers();
    const load = vi.fn(loadedTransport);
    const transport = createLazyTransport(settings, load);
    expect(load).not.toHaveBeenCalled();
    await expect(transport(GAINERS)).resolves.toEqual(gainers());
    await expect(transport(GAINERS)).resolves.toEqual(gainers());
    expect(load).toHaveBeenCalledOnce();
    expect(hits.count).toBe(2);
  });

  it('calls made while the module loads wait for that same load, then go out', async () => {
    fakeTime();
    const hits = serveGainers();
    const { load, loads } = pendingLoader();
    const transport = createLazyTransport(settings, load);
    const first = transport(GAINERS);
    const second = transport(GAINERS);
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledOnce();
    expect(hits.count).toBe(0);
    loads[0]!.resolve();
    await expect(first).resolves.toEqual(gainers());
    await expect(second).resolves.toEqual(gainers());
    expect(hits.count).toBe(2);
  });

  it('a signal that aborts while the module loads rejects at once with its reason, and sends nothing', async () => {
    fakeTime();
    const hits = serveGainers();
    const { load, loads } = pendingLoader();
    const transport = createLazyTransport(settings, load);
    const controller = new AbortController();
    const aborted = transport(GAINERS, { signal: controller.signal });
    const already = new AbortController();
    already.abort(new Error('before'));
    const abortedBefore = transport(GAINERS, { signal: already.signal });
    const other = transport(GAINERS);
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    await expect(abortedBefore).rejects.toThrow('before');
    loads[0]!.resolve();
    await expect(other).resolves.toEqual(gainers());
    await vi.advanceTimersByTimeAsync(0);
    expect(hits.count).toBe(1); // the other call's
  });

  it('a module that fails to load is a NetworkError of the calls that waited; the next call loads again', async () => {
    const hits = serveGainers();
    const { load, loads } = pendingLoader();
    const transport = createLazyTransport(settings, load);
    const first = transport(GAINERS);
    const second = transport(`${GAINERS}?limit=5`);
    const error = chunkError();
    loads[0]!.reject(error);
    await expect(first).rejects.toSatisfy(
      (failure) =>
        isNetworkError(failure) &&
        failure.url === GAINERS &&
        failure.cause === error &&
        failure.message === `GET ${GAINERS} failed: network error (${error.message})`,
    );
    await expect(second).rejects.toSatisfy(isNetworkError);
    const third = transport(GAINERS);
    expect(load).toHaveBeenCalledTimes(2);
    loads[1]!.resolve();
    await expect(third).resolves.toEqual(gainers());
    expect(hits.count).toBe(1);
  });

  it('loadTransport imports the transport module', async () => {
    await expect(loadTransport()).resolves.toMatchObject({ createTransport });
  });

  it('a bundler that splits code keeps the transport and ky out of what a page loads first', async () => {
    const { metafile } = await build({
      entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      splitting: true,
      outdir: 'out', // nothing is written
      write: false,
      metafile: true,
    });
    const { outputs } = metafile;
    // The entry chunk and every chunk it imports statically: what a page downloads before any request.
    const atLoad = new Set([Object.keys(outputs).find((file) => outputs[file]!.entryPoint)!]);
    for (const file of atLoad) {
      for (const { path, kind } of outputs[file]!.imports) if (kind === 'import-statement') atLoad.add(path);
    }
    const inputs = (files: string[]) => files.flatMap((file) => Object.keys(outputs[file]!.inputs));
    const later = inputs(Object.keys(outputs).filter((file) => !atLoad.has(file)));
    expect(
      inputs([...atLoad]).filter((input) => input.includes('/ky/') || input.endsWith('transport.ts')),
    ).toEqual([]);
    expect(later).toContain('src/transport/transport.ts');
    expect(later.some((input) => input.includes('/ky/'))).toBe(true);
  });
});

describe("the client's transport", () => {
  it('is not loaded by a live client whose stream fills its stores; the first request loads it, once', async () => {
    fakeTime();
    const { hits } = serveAll();
    FakeEventSource.instances = [];
    const load = vi.fn(loadedTransport);
    const { client } = testClient({ EventSource: FakeEventSource }, { loadTransport: load });
    const off = client.$gainers.listen(() => {});
    FakeEventSource.last.emit('open');
    FakeEventSource.last.emit('gainers-table', gainers());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.$gainers.get().data).toEqual(gainers());
    expect(load).not.toHaveBeenCalled();

    await expect(client.losers()).resolves.toEqual(losers());
    await client.health();
    expect(load).toHaveBeenCalledOnce();
    expect(hits).toEqual({ 'losers-table': 1, health: 1 });
    off();
    client.dispose();
  });

  it("a caller's abort while the transport loads rejects at once; the request goes on and fills the cache", async () => {
    fakeTime();
    const { hits } = serveAll();
    const { load, loads } = pendingLoader();
    const { client } = testClient({}, { loadTransport: load });
    const controller = new AbortController();
    const call = client.gainers({ signal: controller.signal });
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(call).rejects.toThrow('stop');
    loads[0]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(hits).toEqual({ 'gainers-table': 1 });
    await expect(client.gainers()).resolves.toEqual(gainers());
    expect(hits).toEqual({ 'gainers-table': 1 });
    client.dispose();
  });

  it('a dispose while the transport loads sends nothing and reports nothing', async () => {
    fakeTime();
    const { hits } = serveAll();
    const { load, loads } = pendingLoader();
    const onError = vi.fn();
    const { client } = testClient({ onError }, { loadTransport: load });
    const off = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledOnce();
    off();
    client.dispose();
    loads[0]!.resolve();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(hits).toEqual({});
    expect(onError).not.toHaveBeenCalled();
    expect(client.$status.get()).toMatchObject({ breaker: 'closed', consecutiveFailures: 0 });
  });

  it('a chunk that fails to load is a NetworkError in the store; the next request loads it again', async () => {
    fakeTime();
    const { hits } = serveAll();
    const error = chunkError();
    const load = vi.fn(loadedTransport).mockRejectedValueOnce(error);
    const onError = vi.fn();
    const { client } = testClient({ refreshInterval: 5000, onError }, { loadTransport: load });
    const off = client.$gainers.listen(() => {});
    await vi.advanceTimersByTimeAsync(0);
    const failed = client.$gainers.get();
    expect(failed).toMatchObject({ data: undefined, loading: false });
    expect(isNetworkError(failed.error) && failed.error.cause === error).toBe(true);
    expect(onError).toHaveBeenCalledWith(failed.error, 'gainers');
    expect(client.$status.get()).toMatchObject({ consecutiveFailures: 1, lastError: failed.error });
    expect(hits).toEqual({});

    await vi.advanceTimersByTimeAsync(5000); // the next poll
    expect(load).toHaveBeenCalledTimes(2);
    expect(hits).toEqual({ 'gainers-table': 1 });
    expect(client.$gainers.get()).toMatchObject({ data: gainers(), error: undefined, stale: false });
    expect(client.$status.get().consecutiveFailures).toBe(0);
    off();
    client.dispose();
  });

  it('by default loads the real module on the first request (Node, no EventSource)', async () => {
    serveAll();
    const client = createClient({ baseUrl: BASE, cache: { storage: null } });
    await expect(client.gainers()).resolves.toEqual(gainers());
    client.dispose();
  });
});
