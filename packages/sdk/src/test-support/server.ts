import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';

/** One msw server per test file; handlers are added per test with `server.use`. */
export const server = setupServer();

export const useMswAndFakeTime = () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    vi.useRealTimers();
  });
  afterAll(() => server.close());
};

/** Fakes only the timers and Date: msw and fetch keep their microtasks. */
export const fakeTime = (now = Date.UTC(2026, 10, 24, 18)) => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now });
};
