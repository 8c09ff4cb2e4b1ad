// One benchmark target per process, so the load generator never shares an event loop with the server.
// Usage: node target-server.mjs full|express|node [bodyFile]
// Prints `READY <url>` once it accepts connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadConfig, startServer } from '@cbmo4ers/server';
import express from 'express';
import { pino } from 'pino';

const kind = process.argv[2];
const path = '/api/component/gainers-table';

if (kind === 'full') {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  // Request logging stays on; it goes to /dev/null so the terminal is not the bottleneck.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const running = await startServer(config, { logger });
  await new Promise((resolve) => {
    const unsubscribe = running.store.subscribe((snapshot) => {
      if (snapshot.size('gainers-table') > 0 && snapshot.size('bottom-banner-scroll') > 0) {
        unsubscribe();
        resolve();
      }
    });
  });
  console.log(`READY ${running.url}`);
  process.on('SIGTERM', () => running.close().then(() => process.exit(0)));
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
