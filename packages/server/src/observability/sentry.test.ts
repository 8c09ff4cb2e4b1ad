import { describe, expect, it, vi } from 'vitest';
import { initSentry, SentryInitError, type SentryModule } from './sentry.js';

function fakeSentry() {
  const module = {
    init: vi.fn<SentryModule['init']>(),
    captureException: vi.fn<SentryModule['captureException']>(() => 'event-id'),
    flush: vi.fn<SentryModule['flush']>(async () => true),
  } satisfies SentryModule;
  const importer = vi.fn(async () => module);
  return { module, importer };
}

describe('initSentry', () => {
  it('imports nothing without a DSN and returns a no-op reporter', async () => {
    const { importer } = fakeSentry();
    for (const dsn of [undefined, '', '   ']) {
      const reporter = await initSentry(dsn, { release: '1.0.0', importer });
      expect(reporter.enabled).toBe(false);
      expect(() => reporter.captureException(new Error('boom'), { url: '/x' })).not.toThrow();
      await expect(reporter.flush()).resolves.toBe(true);
    }
    expect(importer).not.toHaveBeenCalled();
  });

  it('with a DSN, imports the SDK once and initializes it with the release and environment', async () => {
    const { module, importer } = fakeSentry();
    const reporter = await initSentry('https://key@o1.ingest.sentry.io/1', {
      release: 'cbmo4ers-server@1.2.3',
      environment: 'production',
      importer,
    });
    expect(reporter.enabled).toBe(true);
    expect(importer).toHaveBeenCalledTimes(1);
    expect(module.init).toHaveBeenCalledWith({
      dsn: 'https://key@o1.ingest.sentry.io/1',
      sendDefaultPii: false,
      release: 'cbmo4ers-server@1.2.3',
      environment: 'production',
    });
  });

  it('leaves out options that were not given', async () => {
    const { module, importer } = fakeSentry();
    await initSentry('https://key@o1.ingest.sentry.io/1', { importer });
    expect(module.init).toHaveBeenCalledWith({
      dsn: 'https://key@o1.ingest.sentry.io/1',
      sendDefaultPii: false,
    });
  });

  it('forwards captured errors with their context and flushes', async () => {
    const { module, importer } = fakeSentry();
    const reporter = await initSentry('https://key@o1.ingest.sentry.io/1', { importer });
    const error = new Error('boom');
    reporter.captureException(error, { method: 'GET', url: '/api/component/gainers' });
    reporter.captureException(error);
    expect(module.captureException).toHaveBeenNthCalledWith(1, error, {
      extra: { method: 'GET', url: '/api/component/gainers' },
    });
    expect(module.captureException).toHaveBeenNthCalledWith(2, error, undefined);
    await expect(reporter.flush(500)).resolves.toBe(true);
    expect(module.flush).toHaveBeenCalledWith(500);
  });

  it('never throws from captureException or flush, even if the SDK does', async () => {
    const { module, importer } = fakeSentry();
    module.captureException.mockImplementation(() => {
      throw new Error('sdk broke');
    });
    module.flush.mockRejectedValue(new Error('network'));
    const reporter = await initSentry('https://key@o1.ingest.sentry.io/1', { importer });
    expect(() => reporter.captureException(new Error('boom'))).not.toThrow();
    await expect(reporter.flush()).resolves.toBe(false);
  });

  it('fails start-up with a typed error when the DSN is set but the SDK cannot load', async () => {
    const cause = new Error("Cannot find package '@sentry/node'");
    const failure = initSentry('https://key@o1.ingest.sentry.io/1', {
      importer: () => Promise.reject(cause),
    });
    await expect(failure).rejects.toBeInstanceOf(SentryInitError);
    await expect(failure).rejects.toMatchObject({ name: 'SentryInitError', cause });
    await expect(failure).rejects.toThrow(/SENTRY_DSN is set but @sentry\/node could not be loaded/);
  });
});
