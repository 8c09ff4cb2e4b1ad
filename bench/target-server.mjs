// One benchmark target per process, so the load generator never shares an event loop with the server.
// Usage: node target-server.mjs full|frozen|express|node [bodyFile]
//        node target-server.mjs layers <helmet,cors,ratelimit,observer> <bodyFile>
// `frozen` is the full app with its collector and market adapter stopped once data is there: the same
// middleware stack and snapshot, without the per-second snapshot work or the feed. `layers` is bare Express
// plus the named layers configured as packages/server/src/http/app.ts configures them (an ablation).
// Prints `READY <url>` once it accepts connections.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createLogger, loadConfig, startServer } from '@cbmo4ers/server';
import express from 'express';

const kind = process.argv[2];
const path = '/api/component/gainers-table';

// With BENCH_PROFILE=<file>, the first SIGUSR2 starts the CPU profiler and the second writes the profile, so
// the profile covers the measured window only (not start-up or warm-up).
if (process.env.BENCH_PROFILE) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on('SIGUSR2', async () => {
    if (!profiling) {
      profiling = true;
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
      console.log('PROFILING');
    } else {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
      console.log('PROFILED');
    }
  });
}

if (kind === 'full' || kind === 'frozen') {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  // Request logging stays on, configured as in production; it goes to /dev/null so the terminal is not the
  // bottleneck.
  const logger = createLogger('info', '/dev/null');
  const running = await startServer(config, { logger });
  await new Promise((resolve) => {
    const unsubscribe = running.store.subscribe((snapshot) => {
      if (snapshot.size('gainers') > 0 && snapshot.size('bottomBanner') > 0) {
        unsubscribe();
        resolve();
      }
    });
  });
  if (kind === 'frozen') {
    running.collector.stop();
    running.market?.stop();
  }
  console.log(`READY ${running.url}`);
  process.on('SIGTERM', () => running.close().then(() => process.exit(0)));
} else if (kind === 'layers') {
  const { layeredApp } = await import('./layers.mjs');
  const bytes = readFileSync(process.argv[4]);
  const server = createServer(layeredApp(process.argv[3].split(',').filter(Boolean), path, bytes));
  server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${server.address().port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const bytes = readFileSync(process.argv[3]);
  const server =
    kind === 'express'
      ? createServer(
          express()
            .disable('etag')
            .get(path, (_req, res) => {
              res.type('application/json').send(bytes);
            }),
        )
      : createServer((req, res) => {
          if (req.url === path) {
            res.writeHead(200, {
              'content-type': 'application/json; charset=utf-8',
              'content-length': bytes.length,
            });
            res.end(bytes);
          } else {
            res.writeHead(404).end();
          }
        });
  server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${server.address().port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
