import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { isContractError, isHttpError, isNetworkError, isTimeoutError } from '../errors/errors.js';
import { BASE, gainers, health } from '../test-support/fixtures.js';
import { fakeTime, server, useMswAndFakeTime } from '../test-support/server.js';
import { createTransport } from './transport.js';

useMswAndFakeTime();

const URL = `${BASE}/api/component/gainers-table`;
const settings = { timeout: 10_000, limit: 3, delays: [1000, 2000, 4000], jitter: 0, maxRetryAfter: 10_000 };

/** Records the fake-clock instant of each request and answers with the given responses in turn. */
const respondInTurn = (...responses: (() => Response)[]) => {
  const times: number[] = [];
  server.use(
    http.get(URL, () => {
      times.push(Date.now());
      return (responses[times.length - 1] ?? responses[responses.length - 1]!)();
    }),
  );
  return times;
};

describe('transport', () => {
  it('retries 5xx on the exact schedule 1 s, 2 s, 4 s, then throws HttpError naming method and URL', async () => {
    fakeTime();
    const start = Date.now();
    const times = respondInTurn(() =>
      HttpResponse.json({ error: { code: 'x', message: 'boom' } }, { status: 500 }),
    );
    const call = createTransport(settings)(URL);
    const settled = expect(call).rejects.toSatisfy(
      (error) =>
        isHttpError(error) &&
        error.status === 500 &&
        error.message === `GET ${URL} failed with HTTP 500: boom`,
    );
    await vi.advanceTimersByTimeAsync(7000);
    await settled;
    expect(times.map((time) => time - start)).toEqual([0, 1000, 3000, 7000]);
  });

  it('adds at most `jitter` of each delay', async () => {
    fakeTime();
    const start = Date.now();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const times = respondInTurn(
      () => new HttpResponse(null, { status: 503 }),
      () => HttpResponse.json(gainers()),
    );
    const call = createTransport({ ...settings, jitter: 0.1 })(URL);
    await vi.advanceTimersByTimeAsync(1050);
    await expect(call).resolves.toEqual(gainers());
    expect(times.map((time) => time - start)).toEqual([0, 1050]);
    vi.restoreAllMocks();
  });

  it('retries network errors, 408 and 429, and recovers', async () => {
    fakeTime();
    const times = respondInTurn(
      () => HttpResponse.error(),
      () => new HttpResponse(null, { status: 408 }),
      () => new HttpResponse(null, { status: 429 }),
      () => HttpResponse.json(gainers()),
    );
    const call = createTransport(settings)(URL);
    await vi.advanceTimersByTimeAsync(7000);
    await expect(call).resolves.toEqual(gainers());
    expect(times).toHaveLength(4);
  });

  it('does not retry other 4xx', async () => {
    fakeTime();
    const times = respondInTurn(() =>
      HttpResponse.json({ error: { code: 'bad_request', message: 'limit' } }, { status: 400 }),
    );
    await expect(createTransport(settings)(URL)).rejects.toSatisfy(
      (error) => isHttpError(error) && error.status === 400 && error.code === 'bad_request',
    );
    expect(times).toHaveLength(1);
  });

  it('honours Retry-After, capped at maxRetryAfter', async () => {
    fakeTime();
    const start = Date.now();
    const times = respondInTurn(
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } }),
      () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '120' } }),
      () => HttpResponse.json(gainers()),
    );
    const call = createTransport({ ...settings, maxRetryAfter: 5000 })(URL);
    await vi.advanceTimersByTimeAsync(8000);
    await expect(call).resolves.toEqual(gainers());
    expect(times.map((time) => time - start)).toEqual([0, 3000, 8000]);
  });

  it('times out each attempt and retries it; TimeoutError after the last', async () => {
    fakeTime();
    const start = Date.now();
    const times = respondInTurn(() => new HttpResponse(null, { status: 200 }));
    server.use(
      http.get(URL, async () => {
        times.push(Date.now());
        await new Promise(() => {}); // never answers
      }),
    );
    const call = createTransport({ ...settings, timeout: 500, limit: 1 })(URL);
    const settled = expect(call).rejects.toSatisfy(
      (error) =>
        isTimeoutError(error) &&
        error.timeout === 500 &&
        error.message === `GET ${URL} timed out after 500 ms`,
    );
    await vi.advanceTimersByTimeAsync(2000);
    await settled;
    expect(times.map((time) => time - start)).toEqual([0, 1500]);
  });

  it("rejects with the caller's abort reason and stops retrying", async () => {
    fakeTime();
    const times = respondInTurn(() => new HttpResponse(null, { status: 503 }));
    const controller = new AbortController();
    const call = createTransport(settings)(URL, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('gone'));
    await expect(call).rejects.toThrow('gone');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(times).toHaveLength(1);
  });

  it('maps a refused connection to NetworkError after retries', async () => {
    fakeTime();
    respondInTurn(() => HttpResponse.error());
    const call = createTransport({ ...settings, limit: 1 })(URL);
    const settled = expect(call).rejects.toSatisfy((error) => isNetworkError(error) && error.url === URL);
    await vi.advanceTimersByTimeAsync(1000);
    await settled;
  });

  it('returns the body of an accepted status (health with 503) without retrying', async () => {
    fakeTime();
    const times = respondInTurn(() => HttpResponse.json(health('unhealthy'), { status: 503 }));
    await expect(createTransport(settings)(`${URL}`, { accept: 503 })).resolves.toEqual(health('unhealthy'));
    expect(times).toHaveLength(1);
  });

  it('a body that is not JSON is a ContractError', async () => {
    respondInTurn(() => new HttpResponse('<html>', { status: 200 }));
    await expect(createTransport(settings)(URL)).rejects.toSatisfy(
      (error) => isContractError(error) && error.problem === 'body is not JSON',
    );
  });

  it('uses an injected fetch', async () => {
    const fetch = vi.fn(async () => Response.json(gainers()));
    await expect(createTransport({ ...settings, fetch })(URL)).resolves.toEqual(gainers());
    expect(fetch).toHaveBeenCalledOnce();
  });
});
