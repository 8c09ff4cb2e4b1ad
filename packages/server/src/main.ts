import { ConfigError, loadConfig } from './config.js';
import { initSentry } from './observability/sentry.js';
import { startServer, VERSION } from './server.js';

/** Starts the server from the environment and drains it on SIGTERM/SIGINT (exit code 0). */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`cbmo4ers-server: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // Loaded only when SENTRY_DSN is set: no Sentry code runs (or is even imported) otherwise.
  const reporter = await initSentry(config.sentryDsn, {
    release: `cbmo4ers-server@${VERSION}`,
    environment: env.NODE_ENV ?? 'production',
  });
  const running = await startServer(config, {
    reportError: (error, context) => reporter.captureException(error, context),
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`cbmo4ers-server: unhandled rejection: ${String(reason)}\n`);
    reporter.captureException(reason, { kind: 'unhandledRejection' });
  });
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    process.stderr.write(`cbmo4ers-server: ${signal} received, draining\n`);
    running
      .close()
      .then(() => reporter.flush(2000))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const isEntryPoint =
  process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntryPoint) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `cbmo4ers-server: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
