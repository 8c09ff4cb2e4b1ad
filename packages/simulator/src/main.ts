#!/usr/bin/env node
/**
 * The `cbmo4ers-simulator` bin: the simulated exchange on its own, for multi-process setups and manual poking.
 *   cbmo4ers-simulator --port 7070 --seed 42
 */
import { runCli } from './cli.js';

runCli({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  once: (signal, listener) => process.once(signal, listener),
  exit: (code) => process.exit(code),
}).catch((error: unknown) => {
  process.stderr.write(
    `simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
