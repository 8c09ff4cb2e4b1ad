/**
 * Error tracking with Sentry, only when `SENTRY_DSN` is set. `@sentry/node` is imported lazily, at start-up and
 * only then, so a server without a DSN never loads it (nor its OpenTelemetry dependencies).
 */

/** The part of `@sentry/node` the server uses; the real module satisfies it. */
export interface SentryModule {
  init(options: { dsn: string; release?: string; environment?: string; sendDefaultPii?: boolean }): unknown;
  captureException(error: unknown, hint?: { extra?: Record<string, unknown> }): string;
  flush(timeoutMs?: number): PromiseLike<boolean>;
}

export interface SentryOptions {
  /** Reported with every event, e.g. the server version. @default undefined (Sentry's own detection) */
  release?: string;
  /** e.g. `production`. @default undefined (Sentry uses `production`) */
  environment?: string;
  /** Loads the Sentry SDK; tests inject a fake. @default () => import('@sentry/node') */
  importer?: () => Promise<SentryModule>;
}

/** Reports errors to Sentry, or does nothing when Sentry is off. */
export interface ErrorReporter {
  /** True when a DSN was given and Sentry is initialized. */
  readonly enabled: boolean;
  /** Sends the error with optional context (method, URL, ...). Never throws. */
  captureException(error: unknown, context?: Record<string, unknown>): void;
  /** Waits until queued events are sent (call before exiting), at most `timeoutMs`. @default 2000 */
  flush(timeoutMs?: number): Promise<boolean>;
}

/** `SENTRY_DSN` is set but the Sentry SDK cannot be loaded or initialized. */
export class SentryInitError extends Error {
  override readonly name = 'SentryInitError' as const;
}

const DISABLED: ErrorReporter = Object.freeze({
  enabled: false,
  captureException: () => {},
  flush: async () => true,
});

const importSentry = (): Promise<SentryModule> => import('@sentry/node');

/**
 * Initializes Sentry when `dsn` is set (its default integrations report uncaught exceptions and unhandled
 * rejections) and returns a reporter for errors the server catches itself, such as 5xx in the error middleware.
 * Without a DSN nothing is imported and the reporter is a no-op.
 */
export async function initSentry(
  dsn: string | undefined,
  options: SentryOptions = {},
): Promise<ErrorReporter> {
  if (dsn === undefined || dsn.trim() === '') return DISABLED;
  let sentry: SentryModule;
  try {
    sentry = await (options.importer ?? importSentry)();
    sentry.init({
      dsn,
      sendDefaultPii: false,
      ...(options.release === undefined ? {} : { release: options.release }),
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    });
  } catch (error) {
    throw new SentryInitError(
      `SENTRY_DSN is set but @sentry/node could not be loaded or initialized: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return {
    enabled: true,
    captureException(error, context) {
      try {
        sentry.captureException(error, context === undefined ? undefined : { extra: context });
      } catch {
        // Error reporting must never become the error.
      }
    },
    async flush(timeoutMs = 2000) {
      try {
        return await sentry.flush(timeoutMs);
      } catch {
        return false;
      }
    },
  };
}
