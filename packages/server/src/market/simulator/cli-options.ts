/** Command-line options of the standalone simulator (main.ts), parsed apart from starting it so tests can call it. */
import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './options.js';

export const USAGE = `usage: main.js [--port 7070] [--seed 42] [--host 127.0.0.1] [--trade-rate 1] [--heartbeat-ms 1000] [--history-minutes 130]`;

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || Number.isNaN(parsed))
    throw new Error(`--${name} must be a number, got "${value}"`);
  return parsed;
}

/** `'help'` for `--help`; throws an Error naming the flag for unknown flags and non-numeric values. */
export function readOptions(argv: readonly string[]): SimulatorOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      'trade-rate': { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      'history-minutes': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) return 'help';
  const options: SimulatorOptions = {};
  const port = numberOption('port', values.port);
  const seed = numberOption('seed', values.seed);
  const tradeRate = numberOption('trade-rate', values['trade-rate']);
  const heartbeat = numberOption('heartbeat-ms', values['heartbeat-ms']);
  const history = numberOption('history-minutes', values['history-minutes']);
  if (port !== undefined) options.port = port;
  if (seed !== undefined) options.seed = seed;
  if (values.host !== undefined) options.host = values.host;
  if (tradeRate !== undefined) options.tradeRateMultiplier = tradeRate;
  if (heartbeat !== undefined) options.heartbeatIntervalMs = heartbeat;
  if (history !== undefined) options.historyMinutes = history;
  return options;
}
