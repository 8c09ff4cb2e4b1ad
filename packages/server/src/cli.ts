#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { main } from './main.js';

const usage = `Usage: cbmo4ers-server [--port N] [--source simulated|coinbase] [--host ADDR]

Every other setting comes from environment variables (see .env.example).`;

try {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      source: { type: 'string', short: 's' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const env = { ...process.env };
  if (values.port !== undefined) env.PORT = values.port;
  if (values.source !== undefined) env.MARKET_SOURCE = values.source;
  if (values.host !== undefined) env.HOST = values.host;
  await main(env);
} catch (error) {
  process.stderr.write(
    `cbmo4ers-server: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`,
  );
  process.exit(2);
}
