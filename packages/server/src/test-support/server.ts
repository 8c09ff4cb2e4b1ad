import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { type RunningServer, type StartOptions, startServer } from '../server.js';
import type { Snapshot } from '../snapshots/snapshot.js';

/**
 * The whole server on port 0 of loopback, with a silent logger and no dashboard, configured like the process
 * is (environment variables through `loadConfig`); the embedded simulated exchange unless `env` says otherwise.
 */
export function startTestServer(env: Record<string, string> = {}, options: StartOptions = {}) {
  // /metrics stays on the main port unless a test asks otherwise: parallel test servers cannot share 9464.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SERVE_DASHBOARD: 'false',
    METRICS_PORT: 'main',
    ...env,
  });
  return startServer(config, { logger: pino({ level: 'silent' }), ...options });
}

/** The first snapshot `running` publishes (the current one included) that `predicate` accepts. */
export function nextSnapshot(
  running: RunningServer,
  predicate: (snapshot: Snapshot) => boolean,
  timeoutMs = 15_000,
): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const current = running.store.current();
    if (current && predicate(current)) {
      resolve(current);
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching snapshot within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = running.store.subscribe((snapshot) => {
      if (predicate(snapshot)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(snapshot);
      }
    });
  });
}
